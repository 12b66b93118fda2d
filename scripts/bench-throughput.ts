/**
 * Throughput and latency under load, against the running system (npm run start:all):
 *
 *   npm run bench:throughput -- [--n 1000] [--inflight 64] [--rate 0] [--floor 500] [--instances 1] [--batch 1]
 *
 * 1. The raw floor, in the same run on the same broker: plain kafkajs, produce → consume → produce
 *    → consume (the release path's two Kafka hops: condition-fulfilled, then payment-released), each
 *    hop's sender taking what came while its last request was in flight, as the outbox relays do.
 * 2. Issues `n` decisions (one payment, one condition each; a third each DOCUMENT, ATTENDANCE and
 *    JOB_APPLICATIONS) with `inflight` requests in flight, and waits until follow-up knows every
 *    condition and payout's consumer group has taken every decision-issued.
 * 3. Registers the evidence that meets each condition (a document, an attendance list of a course
 *    week, two job applications), at most `inflight` in flight and, with --rate, at that offered rate
 *    per second; reads payment-released on Kafka and times acknowledged → released per payment.
 *    With --batch k > 1 the evidence goes k pieces to a request (POST /evidence-batches, as an import
 *    of a provider's attendance lists would send it): `inflight` then counts requests, --rate still
 *    counts pieces of evidence, and each piece is acknowledged when its request is answered.
 * 4. Prints a table and writes the figures as JSON to .run/bench/throughput-<time>.json. Also the
 *    largest resident memory seen per service (from .run/<service>.pid), and the CPU time the evidence
 *    phase took per piece of evidence, per process (services, PostgreSQL, Kafka, the benchmark), and
 *    how many of the machine's cores that kept busy.
 *
 * With --instances 2 (against `INSTANCES=2 npm run start:all`: a second instance of each service on
 * its port + 10, same databases and consumer groups) the requests alternate between the instances.
 * A payment released under two idempotency keys counts as a duplicate release; the same release
 * delivered again (same key: at least once from the outbox) is counted apart, as a redelivery.
 */
import { randomUUID } from 'crypto';
import { availableParallelism } from 'os';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { Kafka } from 'kafkajs';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signToken } from '@vf/platform';
import { RECIPIENT, fixtureDeadline } from '@vf/testing';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 1000);
const INFLIGHT = arg('inflight', 64);
const RATE = arg('rate', 0);
const FLOOR_N = arg('floor', 500);
const INSTANCES = arg('instances', 1);
const BATCH = Math.max(1, arg('batch', 1));
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** The i-th request's instance: they take turns (instance k listens on the first one's port + 10·(k-1)). */
const at = (port: number, i: number) => `http://127.0.0.1:${port + 10 * (i % INSTANCES)}`;
const urls = {
  decision: (i: number) => at(Number(process.env.DECISION_PORT ?? 3001), i),
  followUp: (i: number) => at(Number(process.env.FOLLOW_UP_PORT ?? 3002), i),
};
const SERVICES = ['decision', 'follow-up', 'payout'].flatMap((s) => Array.from({ length: INSTANCES }, (_, k) => (k ? `${s}-${k + 1}` : s)));
const keys = ensureDevKeys(process.env.DEV_KEYS_DIR ?? '.run/dev-keys');
const token = (ident: string, role: string) =>
  signToken(keys.privateKeyPem, { ident, roles: [role], offices: ['0301'], issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
const headers = {
  unit: { 'content-type': 'application/json', authorization: `Bearer ${token('Z100001', 'decision-unit')}` },
  veileder: { 'content-type': 'application/json', authorization: `Bearer ${token('Z200002', 'veileder')}` },
};

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until payout's consumer group has committed every partition of `topic` to its end. The group
 * is PAYOUT_CONSUMER_GROUP, default vilkarsflyt.payout (as the service names it); all instances share it.
 */
async function payoutHasTaken(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const groupId = process.env.PAYOUT_CONSUMER_GROUP ?? 'vilkarsflyt.payout';
    for (let attempt = 0; ; attempt++) {
      const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      // A partition the group never committed (-1) is at its start.
      const at = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
      if (ends.every((e) => ((at.get(e.partition) ?? -1n) < 0n ? BigInt(e.low) : at.get(e.partition)!) >= BigInt(e.high))) return;
      if (attempt > 2400) throw new Error(`payout (${groupId}) has not taken all of ${topic} after two minutes`);
      await sleep(50);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Runs `count` tasks with at most `inflight` at once and, if `rate` > 0, starting at most `rate` per second. */
async function drive(count: number, inflight: number, rate: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const start = Date.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      if (rate > 0) {
        const due = start + (i * 1000) / rate;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, count) }, worker));
}

async function post(url: string, body: unknown, h: Record<string, string>, retryOn404 = false): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { method: 'POST', headers: h, body: JSON.stringify(body) });
    const json = await res.json().catch(() => null);
    if (res.ok) return json;
    // The condition may not have reached follow-up yet (it learns of it from decision-issued).
    if (retryOn404 && res.status === 404 && attempt < 200) {
      await sleep(50);
      continue;
    }
    throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  }
}

type Kind = 'DOCUMENT' | 'ATTENDANCE' | 'JOB_APPLICATIONS';
const KINDS: Kind[] = ['DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS'];

function decision(i: number) {
  const kind = KINDS[i % 3];
  const requirement =
    kind === 'DOCUMENT'
      ? { kind, documentType: 'RENT_RECEIPT' }
      : kind === 'ATTENDANCE'
        ? { kind, periodFrom: '2026-11-02', periodTo: '2026-11-06', maxUnapprovedAbsenceDays: 1 }
        : { kind, periodFrom: '2026-11-09', periodTo: '2026-11-15', applicationsPerWeek: 2 };
  return {
    caseId: `TP-${randomUUID().slice(0, 12)}`,
    office: '0301',
    recipientNationalId: RECIPIENT,
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    reductionOnBreachAnnounced: false,
    payments: [
      { ref: 'P', purpose: 'LIVING_COSTS', amountOre: 785_000, dueDate: '2026-12-01', payee: { type: 'RECIPIENT', nationalId: RECIPIENT } },
    ],
    conditions: [{ ref: 'C', text: 'Vilkår for benchmark', deadline: fixtureDeadline(), requirement, gates: ['P'] }],
  };
}

function evidence(kind: Kind): { path: string; body: unknown } {
  switch (kind) {
    case 'DOCUMENT':
      return { path: 'documents', body: { documentType: 'RENT_RECEIPT', receivedOn: '2026-11-20', outcome: 'ACCEPTED' } };
    case 'ATTENDANCE':
      return {
        path: 'attendance-lists',
        body: {
          provider: 'Oslo voksenopplæring',
          signedBy: 'Kari Nordmann',
          signedOn: '2026-11-06',
          entries: ['02', '03', '04', '05', '06'].map((d) => ({ date: `2026-11-${d}`, status: 'PRESENT' })),
        },
      };
    case 'JOB_APPLICATIONS':
      return {
        path: 'job-applications',
        body: {
          applications: [10, 11].map((d) => ({
            employer: `Arbeidsgiver ${d}`,
            position: 'Lager',
            sentOn: `2026-11-${d}`,
            channel: 'EMAIL',
          })),
        },
      };
  }
}

/** A consumer of `topic` from its current end; resolves once it has joined. */
async function listen(kafka: Kafka, topic: string, onMessage: (value: Buffer, key: Buffer | null) => void) {
  const consumer = kafka.consumer({ groupId: `bench.${randomUUID()}`, maxWaitTimeInMs: 100 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({ eachMessage: async ({ message }) => onMessage(message.value!, message.key) });
  await joined;
  await sleep(500);
  return consumer;
}

/**
 * A sender as the outbox relays are: each `send` waits for the request its message goes in, and every
 * message that came while a request was in flight goes in the next one. One request per message (one
 * in flight per producer) queued behind itself once the rate passed what one request at a time
 * carries: at an offered 500/s, where a send took 2.8 ms, the floor read about 300 ms, its own queue.
 */
function batchingSender(producer: ReturnType<typeof createProducer>, topic: string) {
  let queue: Array<{ message: { key: string | Buffer | null; value: string | Buffer }; sent: (e?: unknown) => void }> = [];
  let sending = false;
  const flush = async () => {
    sending = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const error = await producer.send({ topic, acks: -1, messages: batch.map((b) => b.message) }).then(
        () => undefined,
        (e: unknown) => e ?? new Error('send failed'),
      );
      batch.forEach((b) => b.sent(error));
    }
    sending = false;
  };
  return (message: { key: string | Buffer | null; value: string | Buffer }) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ message, sent: (e) => (e ? reject(e) : resolve()) });
      if (!sending) void flush();
    });
}

/** Plain kafkajs over two hops, at the same offered rate: the least the release path could take. */
async function rawFloor(kafka: Kafka): Promise<{ p50: number; p95: number; p99: number }> {
  const a = `bench.floor.a.${Date.now()}`;
  const b = `bench.floor.b.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [a, b].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })) });
  // Two producers, as the release path has two (follow-up's relay, then payout's). One shared by both
  // hops queued each hop's sends behind the other's (one request in flight): at an offered 500/s that
  // alone put the floor at 230–320 ms on this machine, where two producers take 7 ms.
  const producer = createProducer(kafka);
  const hopProducer = createProducer(kafka);
  await Promise.all([producer.connect(), hopProducer.connect()]);
  const first = batchingSender(producer, a);
  const second = batchingSender(hopProducer, b);
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const hop = await listen(kafka, a, (value, key) => void second({ key, value }).catch(() => undefined));
  const end = await listen(kafka, b, (value) => {
    latencies.push(Date.now() - Number(value.toString()));
    if (latencies.length === FLOOR_N) done();
  });
  await drive(FLOOR_N, INFLIGHT, RATE, (i) => first({ key: String(i), value: String(Date.now()) }));
  await Promise.race([all, sleep(60_000)]);
  await Promise.all([hop.disconnect(), end.disconnect(), producer.disconnect(), hopProducer.disconnect()]);
  await admin.deleteTopics({ topics: [a, b] }).catch(() => undefined);
  await admin.disconnect();
  const sorted = latencies.sort((x, y) => x - y);
  return { p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99) };
}

function residentMb(service: string): number | null {
  try {
    const pid = readFileSync(`.run/${service}.pid`, 'utf8').trim();
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * CPU time used so far (ms) by each part of the system on this machine: the services (from their pid
 * files), PostgreSQL's processes, the Kafka broker, and this benchmark. Read from /proc; the clock
 * tick is 10 ms on Linux. The difference over the evidence phase, divided by the evidence, says what
 * a piece of evidence costs: a steadier figure than a rate on a shared machine.
 */
function cpuMs(): Record<string, number> {
  // With `reaped`, the time of children that exited and were waited for is counted too (cutime +
  // cstime): PostgreSQL's backends end when a pool closes an idle connection, and their time then
  // moves to the postmaster's children's time. Without it the sum over live processes can fall.
  const ticks = (pid: string, reaped = false) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const own = Number(fields[11]) + Number(fields[12]); // utime + stime
      return (own + (reaped ? Number(fields[13]) + Number(fields[14]) : 0)) * 10;
    } catch {
      return 0;
    }
  };
  const parts: Record<string, number> = { postgres: 0, kafka: 0, bench: ticks(String(process.pid)) };
  for (const s of SERVICES) {
    try {
      parts[s] = ticks(readFileSync(`.run/${s}.pid`, 'utf8').trim());
    } catch {
      parts[s] = 0;
    }
  }
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'postgres') parts.postgres += ticks(pid, true);
      else if (comm === 'java' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka')) parts.kafka += ticks(pid);
    } catch {
      // gone meanwhile
    }
  }
  return parts;
}

/**
 * For profiling the evidence phase only: with BENCH_PROFILE_CTL set, the benchmark writes `start` to
 * that file when the phase begins and `stop` at the last release (docs/throughput.md describes a preload
 * that starts and stops the inspector's CPU profiler on it).
 */
function profileControl(what: 'start' | 'stop'): void {
  if (process.env.BENCH_PROFILE_CTL) writeFileSync(process.env.BENCH_PROFILE_CTL, what);
}

async function main() {
  const kafka = createKafka({ brokers, clientId: 'bench-throughput' });
  const memory: Record<string, number> = {};
  const sampler = setInterval(() => {
    for (const s of SERVICES) {
      const mb = residentMb(s);
      if (mb !== null) memory[s] = Math.max(memory[s] ?? 0, mb);
    }
  }, 250);

  const floor = await rawFloor(kafka);

  const released = new Map<string, number>();
  const keys = new Map<string, Set<string>>();
  let redeliveries = 0;
  let allReleased: () => void = () => undefined;
  const everyRelease = new Promise<void>((r) => (allReleased = r));
  const wanted = new Set<string>();
  const watcher = await listen(kafka, TOPICS.paymentReleasedV1, (value) => {
    const e = JSON.parse(value.toString()) as EventEnvelope<PaymentReleasedV1>;
    if (!wanted.has(e.payload.paymentId)) return;
    const seen = keys.get(e.payload.paymentId) ?? new Set<string>();
    if (seen.has(e.payload.idempotencyKey)) redeliveries += 1;
    keys.set(e.payload.paymentId, seen.add(e.payload.idempotencyKey));
    if (released.has(e.payload.paymentId)) return;
    released.set(e.payload.paymentId, Date.now());
    if (released.size === N) allReleased();
  });

  const issued: Array<{ conditionId: string; paymentId: string; kind: Kind }> = [];
  const t0 = Date.now();
  await drive(N, INFLIGHT, 0, async (i) => {
    const body = await post(`${urls.decision(i)}/decisions`, decision(i), headers.unit);
    issued[i] = { conditionId: body.conditions[0].conditionId, paymentId: body.payments[0].paymentId, kind: KINDS[i % 3] };
    wanted.add(body.payments[0].paymentId);
  });
  const t1 = Date.now();
  // Let follow-up learn every condition (from decision-issued) before the evidence phase starts.
  await drive(N, 16, 0, async (i) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${urls.followUp(i)}/conditions/${issued[i].conditionId}`, { headers: headers.veileder });
      if (res.ok) return;
      if (attempt > 1200) throw new Error(`follow-up never learned condition ${issued[i].conditionId}`);
      await sleep(50);
    }
  });
  const settledAt = Date.now();
  // And let payout take every decision-issued (it holds the payments) before the evidence starts, so
  // that the evidence phase measures evidence, not payout still working through the decisions: its
  // consumer group's committed offsets reach the end of the topic (committed after each transaction).
  await payoutHasTaken(kafka, TOPICS.decisionIssuedV1);
  const payoutSettledAt = Date.now();

  const acked = new Map<string, number>();
  const cpuBefore = cpuMs();
  profileControl('start');
  const t2 = Date.now();
  await drive(Math.ceil(N / BATCH), INFLIGHT, RATE / BATCH, async (b) => {
    const mine = issued.slice(b * BATCH, (b + 1) * BATCH);
    if (BATCH === 1) {
      const { conditionId, kind } = mine[0];
      const e = evidence(kind);
      await post(`${urls.followUp(b)}/conditions/${conditionId}/evidence/${e.path}`, e.body, headers.veileder, true);
    } else {
      const items = mine.map(({ conditionId, kind }) => ({ conditionId, kind: evidence(kind).path, evidence: evidence(kind).body }));
      await post(`${urls.followUp(b)}/evidence-batches`, { items }, headers.veileder, true);
    }
    const now = Date.now();
    for (const { paymentId } of mine) acked.set(paymentId, now);
  });
  const t3 = Date.now();
  // The give-up timer is cleared once every release has come: left running, it kept the process alive
  // for two minutes after the table was printed.
  let giveUp: NodeJS.Timeout | undefined;
  await Promise.race([everyRelease, new Promise((r) => (giveUp = setTimeout(r, 120_000)))]);
  clearTimeout(giveUp);
  const t4 = Math.max(...released.values());
  const cpuAfter = cpuMs();
  profileControl('stop');
  // What one piece of evidence cost, registered to released, per part (ms of CPU).
  const cpuPerEvidence = Object.fromEntries(
    Object.keys(cpuAfter).map((k) => [k, Math.round(((cpuAfter[k] - (cpuBefore[k] ?? 0)) / N) * 10) / 10]),
  );
  const cpuTotal = Math.round(Object.values(cpuPerEvidence).reduce((a, b) => a + b, 0) * 10) / 10;
  // How many of the machine's cores that CPU kept busy over the phase. At full speed this is what
  // sets the rate: releases/s = cores busy ÷ CPU per piece of evidence (issue #10, seventeenth round).
  const cpuSpent = Object.keys(cpuAfter).reduce((sum, k) => sum + cpuAfter[k] - (cpuBefore[k] ?? 0), 0);
  const coresBusy = Math.round((cpuSpent / Math.max(1, t4 - t2)) * 100) / 100;
  await sleep(2000); // a late second release would show here
  await watcher.disconnect();
  clearInterval(sampler);

  const latencies = [...acked]
    .filter(([p]) => released.has(p))
    .map(([p, at]) => released.get(p)! - at)
    .sort((a, b) => a - b);
  const figures = {
    at: new Date().toISOString(),
    n: N,
    inflight: INFLIGHT,
    instances: INSTANCES,
    offeredEvidencePerSecond: RATE || null,
    evidencePerRequest: BATCH,
    decisionsPerSecond: Math.round((N / (t1 - t0)) * 1000),
    decisionsKnownToFollowUpAfterMs: settledAt - t0,
    decisionsKnownToPayoutAfterMs: payoutSettledAt - t0,
    evidenceAcknowledgedPerSecond: Math.round((N / (t3 - t2)) * 1000),
    releasesPerSecond: Math.round((released.size / (t4 - t2)) * 1000),
    released: released.size,
    lost: N - released.size,
    duplicateReleases: [...keys.values()].reduce((sum, k) => sum + (k.size - 1), 0),
    redeliveries,
    acknowledgedToReleasedMs: {
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      p99: pct(latencies, 99),
      max: latencies[latencies.length - 1],
    },
    rawFloorTwoHopsMs: floor,
    ratioP50ToFloor: Math.round((pct(latencies, 50) / Math.max(1, floor.p50)) * 10) / 10,
    maxResidentMb: memory,
    cpuMsPerEvidence: { total: cpuTotal, ...cpuPerEvidence },
    coresBusy,
    cores: availableParallelism(),
  };
  const row = (k: string, v: unknown) => console.log(`  ${k.padEnd(44)} ${v}`);
  const offered = RATE ? `, offered ${RATE} evidence/s` : '';
  const instances = INSTANCES > 1 ? `, ${INSTANCES} instances of each service` : '';
  const batched = BATCH > 1 ? `, ${BATCH} pieces of evidence per request` : '';
  console.log(`\nthroughput, n=${N}, ${INFLIGHT} in flight${offered}${instances}${batched}`);
  row('decisions issued / s', figures.decisionsPerSecond);
  row('all decisions known to follow-up after (ms)', figures.decisionsKnownToFollowUpAfterMs);
  row('all decisions taken by payout after (ms)', figures.decisionsKnownToPayoutAfterMs);
  row('evidence acknowledged / s', figures.evidenceAcknowledgedPerSecond);
  row('releases on Kafka / s (end to end)', figures.releasesPerSecond);
  row('released / lost / released twice', `${figures.released} / ${figures.lost} / ${figures.duplicateReleases}`);
  if (redeliveries) row('the same release delivered again', redeliveries);
  const { p50, p95, p99, max } = figures.acknowledgedToReleasedMs;
  row('acknowledged → released p50 / p95 / p99 / max ms', `${p50} / ${p95} / ${p99} / ${max}`);
  row('raw kafkajs floor, 2 hops, p50 / p95 / p99 ms', `${floor.p50} / ${floor.p95} / ${floor.p99}`);
  row('release p50 ÷ floor p50', figures.ratioP50ToFloor);
  row('largest resident memory (MB)', JSON.stringify(memory));
  row('CPU per evidence, registered → released (ms)', `${cpuTotal} ${JSON.stringify(cpuPerEvidence)}`);
  row('cores kept busy, registered → released', `${coresBusy} of ${figures.cores}`);
  mkdirSync('.run/bench', { recursive: true });
  const file = `.run/bench/throughput-${figures.at.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(figures, null, 2));
  console.log(`  figures: ${file}`);
  if (figures.lost > 0 || figures.duplicateReleases > 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
