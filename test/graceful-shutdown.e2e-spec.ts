import request from 'supertest';
import { randomUUID } from 'crypto';
import http from 'http';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import {
  DECISION_UNIT,
  ServiceProcess,
  System,
  TopicWatcher,
  as,
  bearer,
  eventually,
  november2026Decision,
  serviceEnv,
  spawnService,
  startSystem,
} from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/** One GET on a connection of its own: "200 complete" when the whole JSON body came, else the status or the socket error's code. */
function getOnce(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        let complete = false;
        try {
          complete = Array.isArray((JSON.parse(body) as { payments?: unknown }).payments);
        } catch {
          complete = false;
        }
        resolve(res.statusCode === 200 && complete ? '200 complete' : `status ${res.statusCode}`);
      });
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    // Refused, or reset while connecting: the request never got in. Anything else would be a request cut off.
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.syscall === 'connect' ? 'not taken' : (e.code ?? e.message)));
  });
}

/** The HTTP ports this test may use for its service processes (the brief's 4120-4129). */
const PORTS = [Number(process.env.E2E_SERVICE_PORT ?? 4120), Number(process.env.E2E_SERVICE_PORT ?? 4120) + 1];

/**
 * SIGTERM under load: payout runs as a process of its own while decisions keep coming (each payment
 * is released on its decision-issued) and readers keep asking it. On SIGTERM it says not ready, keeps
 * serving for SHUTDOWN_DRAIN_MS, stops taking requests, finishes its batch, commits, leaves the
 * group and publishes what is left. A second process then takes over. Nothing is lost (every payment
 * released), nothing is twice (one payment-released each, and the second process is handed no event
 * the first had handled).
 */
describe('graceful shutdown on SIGTERM', () => {
  let system: System;
  let released: TopicWatcher<Released>;
  const processes: ServiceProcess[] = [];
  /** The load's loops run while these are set; afterAll clears them whatever happened. */
  let issuing = true;
  let reading = true;

  beforeAll(async () => {
    system = await startSystem('sigterm');
    await system.stop('payout'); // payout runs as a process below, on the same database and consumer group
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    issuing = false;
    reading = false;
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await released?.stop();
    await system?.stopAll();
  });

  it('loses nothing and duplicates nothing', async () => {
    const env = (port: number) => ({ ...serviceEnv(system.configs.payout, port), SHUTDOWN_DRAIN_MS: '4000', LOG_LEVEL: 'debug' });
    const first = spawnService('payout', env(PORTS[0]), PORTS[0]);
    processes.push(first);
    await first.ready();

    // Load: decisions with two unconditional payments each, 4 at a time; readers on payout, 4 at a time.
    const decisions: string[] = [];
    const issue = async () => {
      while (issuing) {
        const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
        body.conditions = [];
        const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(body);
        if (res.status !== 201) throw new Error(`issuing a decision: ${res.status}`);
        decisions.push(res.body.decisionId);
      }
    };
    const readerOutcomes: string[] = [];
    const read = async () => {
      while (reading) {
        const outcome = await getOnce(`${first.url}/payments?status=RELEASED&limit=20`, bearer('Z700007', 'payment-team'));
        readerOutcomes.push(outcome);
        if (outcome === 'not taken') await new Promise((r) => setTimeout(r, 50));
      }
    };
    const issuers = Array.from({ length: 4 }, issue);
    const readers = Array.from({ length: 4 }, read);
    await eventually(
      async () => released.matching((e) => decisions.includes(e.payload.decisionId)).length >= 20,
      60_000,
      'releases flowing',
    );

    // SIGTERM: not ready at once, while still answering; then it stops and exits cleanly.
    first.child.kill('SIGTERM');
    const drain = await eventually(
      async () => {
        const [ready, live] = await Promise.all(['ready', 'live'].map((p) => fetch(`${first.url}/health/${p}`).catch(() => null)));
        return ready?.status === 503
          ? { ready: (await ready.json()) as { status: string; error: Record<string, unknown> }, live: live?.status }
          : undefined;
      },
      3000,
      'not ready while draining',
    );
    // Whichever shutdown hook runs first says so: terminus' own (status shutting_down) or ours (the shutdown check down).
    const saysDraining =
      drain.ready.status === 'shutting_down' ||
      JSON.stringify(drain.ready.error.shutdown) === JSON.stringify({ status: 'down', reason: 'draining for shutdown' });
    expect(saysDraining).toBe(true);
    expect(drain.live).toBe(200);
    const exit = await first.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    const lines = first.json();
    expect(lines.map((l) => l.message)).toContain(
      'stopped: the consumer finished its batch, committed and left its group; the outbox is flushed',
    );
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    reading = false;
    await Promise.all(readers);
    // Every request it took was answered in full; after that, connections were refused, never cut.
    expect(readerOutcomes).toContain('200 complete');
    expect(readerOutcomes.filter((o) => o !== '200 complete' && o !== 'not taken')).toEqual([]);

    // A second process takes over while decisions still come; then the load stops and all settles.
    const second = spawnService('payout', env(PORTS[1]), PORTS[1]);
    processes.push(second);
    await second.ready();
    issuing = false;
    await Promise.all(issuers);
    await system.settled(60_000);

    const ours = released.matching((e) => decisions.includes(e.payload.decisionId));
    const paymentIds = ours.map((e) => e.value.payload.paymentId);
    expect(decisions.length).toBeGreaterThan(20);
    expect(new Set(paymentIds).size).toBe(decisions.length * 2); // nothing lost
    expect(paymentIds.length).toBe(decisions.length * 2); // nothing twice on the payment team's feed
    const [stored] = await system.query<{ n: number }>(
      'payout',
      `SELECT count(*)::int AS n FROM processed_event WHERE consumer_group = $1 AND topic = $2`,
      [system.configs.payout.consumerGroup, TOPICS.decisionIssuedV1],
    );
    expect(stored.n).toBeGreaterThanOrEqual(decisions.length);
    // The first process committed all it took: the second was handed none of those messages again.
    // (By offset: the same event published twice, after a producer retry, is two messages, and is skipped by its id.)
    second.child.kill('SIGTERM');
    await second.exited;
    const taken = (p: ServiceProcess) =>
      p
        .json()
        .filter((l) => l.context === 'consumer')
        .map((l) => `${l.topic}[${l.partition}]@${l.offset}`);
    const [byFirst, bySecond] = [taken(first), taken(second)];
    expect(byFirst.length).toBeGreaterThan(20);
    expect(bySecond.length).toBeGreaterThan(0);
    expect(bySecond.filter((m) => byFirst.includes(m))).toEqual([]);
  }, 300_000);
});
