import request from 'supertest';
import { randomUUID } from 'crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Producer } from 'kafkajs';
import { DecisionIssuedV1, EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import {
  DECISION_UNIT,
  RECIPIENT,
  System,
  TopicWatcher,
  VEILEDER,
  as,
  brokers,
  issueNovember,
  november2026Decision,
  startSystem,
} from '@vf/testing';

/**
 * What an operator sees: one correlation id from a request through the events to the log lines of
 * all three services, Prometheus metrics that move with the traffic, and the health probes.
 */

// The services' log files: the test command's (LOG_FILE_DIR=.run/logs), else a directory of this test's own.
process.env.LOG_FILE_DIR ??= mkdtempSync(join(tmpdir(), 'vf-logs-'));
process.env.LOG_FILE_LEVEL ??= 'debug';
const LOG_DIR = process.env.LOG_FILE_DIR;

interface LogLine {
  level: string;
  '@timestamp': string;
  service: string;
  message: string;
  correlationId?: string;
  context?: string;
}

/** Every line the services of this process wrote, parsed (each must be one JSON object). */
function logLines(): LogLine[] {
  return readdirSync(LOG_DIR)
    .filter((f) => f.endsWith(`-${process.pid}.log`))
    .flatMap((f) => readFileSync(join(LOG_DIR, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The value of a series in Prometheus' text format, summed over the series matching the labels given. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      sum += Number(m[4]);
      found = true;
    }
  }
  if (!found) throw new Error(`no series ${name}${JSON.stringify(labels)}`);
  return sum;
}

describe('observability', () => {
  let system: System;
  let issuedWatcher: TopicWatcher<EventEnvelope<DecisionIssuedV1>>;
  let releasedWatcher: TopicWatcher<EventEnvelope<PaymentReleasedV1>>;
  let producer: Producer;
  const scrape = async (service: 'decision' | 'follow-up' | 'payout') =>
    (
      await request(system.urls[service])
        .get('/metrics')
        .expect(200)
        .expect('content-type', /text\/plain/)
    ).text;

  beforeAll(async () => {
    system = await startSystem('obs');
    issuedWatcher = await new TopicWatcher<EventEnvelope<DecisionIssuedV1>>(TOPICS.decisionIssuedV1).start();
    releasedWatcher = await new TopicWatcher<EventEnvelope<PaymentReleasedV1>>(TOPICS.paymentReleasedV1).start();
    producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-obs' }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await issuedWatcher?.stop();
    await releasedWatcher?.stop();
    await system?.stopAll();
  });

  it('carries one X-Correlation-ID from a request through the events to the log lines of all three services', async () => {
    // 1. Issue a decision with a chosen id: decision answers with it, and follow-up and payout handle its event under it.
    const issueId = `obs-issue-${randomUUID()}`;
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    const issued = await request(system.urls.decision)
      .post('/decisions')
      .set(as(DECISION_UNIT))
      .set('X-Correlation-ID', issueId)
      .send(november2026Decision(caseId))
      .expect(201);
    expect(issued.headers['x-correlation-id']).toBe(issueId);
    const decisionId: string = issued.body.decisionId;
    const event = await issuedWatcher.waitFor((e) => e.payload.decisionId === decisionId);
    expect(event.value.correlationId).toBe(issueId);
    await system.settled();

    // 2. Register the rent receipt with another id: follow-up fulfils C1, payout releases P1, decision records the release.
    const evidenceId = `obs-evidence-${randomUUID()}`;
    const C1 = issued.body.conditions.find((c: { ref: string }) => c.ref === 'C1').conditionId;
    const P1 = issued.body.payments.find((p: { ref: string }) => p.ref === 'P1').paymentId;
    await request(system.urls['follow-up'])
      .post(`/conditions/${C1}/evidence/documents`)
      .set(as(VEILEDER))
      .set('X-Correlation-ID', evidenceId)
      .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
      .expect(201)
      .expect('x-correlation-id', evidenceId);
    const release = await releasedWatcher.waitFor((e) => e.payload.paymentId === P1);
    expect(release.value.correlationId).toBe(evidenceId);
    await system.settled();

    const lines = logLines();
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(['level', '@timestamp', 'service', 'message']));
    const servicesWith = (id: string) => [...new Set(lines.filter((l) => l.correlationId === id).map((l) => l.service))].sort();
    expect(servicesWith(issueId)).toEqual(['decision', 'follow-up', 'payout']);
    expect(servicesWith(evidenceId)).toEqual(['decision', 'follow-up', 'payout']);
    // The access line of the request, and the consumers' lines for the event it caused.
    expect(lines).toContainEqual(
      expect.objectContaining({ service: 'decision', correlationId: issueId, context: 'http', message: 'POST /decisions 201' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ service: 'payout', correlationId: issueId, message: `handled ${TOPICS.decisionIssuedV1}` }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ service: 'decision', correlationId: evidenceId, message: `handled ${TOPICS.paymentReleasedV1}` }),
    );
  });

  it('gives a request without a usable X-Correlation-ID a new one, never one holding a fødselsnummer', async () => {
    const none = await request(system.urls.decision).get('/health/live').expect(200);
    expect(none.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    for (const bad of [`case-${RECIPIENT}`, 'has spaces', 'x'.repeat(101)]) {
      const res = await request(system.urls.decision).get('/health/live').set('X-Correlation-ID', bad).expect(200);
      expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('serves Prometheus metrics without a token, and they move with the traffic', async () => {
    const before = {
      issues: metric(await scrape('decision'), 'vilkarsflyt_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/decisions',
        status: '201',
      }),
      produced: metric(await scrape('decision'), 'vilkarsflyt_events_produced_total', { topic: TOPICS.decisionIssuedV1 }),
      consumed: metric(await scrape('payout'), 'vilkarsflyt_events_consumed_total', { topic: TOPICS.decisionIssuedV1, outcome: 'handled' }),
      released: metric(await scrape('payout'), 'vilkarsflyt_payments_released_total'),
      waits: metric(await scrape('payout'), 'vilkarsflyt_release_wait_seconds_count'),
    };
    const deadLettersBefore = (await scrape('payout')).includes('vilkarsflyt_dead_letters_total{')
      ? metric(await scrape('payout'), 'vilkarsflyt_dead_letters_total', { topic: TOPICS.conditionFulfilledV1 })
      : 0;

    // Traffic: a decision, its rent receipt (P1 released), and a message payout cannot read.
    const d = await issueNovember(system);
    await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C1}/evidence/documents`)
      .set(as(VEILEDER))
      .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
      .expect(201);
    await releasedWatcher.waitFor((e) => e.payload.paymentId === d.p.P1);
    await producer.send({ topic: TOPICS.conditionFulfilledV1, messages: [{ key: d.decisionId, value: '{not json' }] });
    await system.settled();

    const decision = await scrape('decision');
    const followUp = await scrape('follow-up');
    const payout = await scrape('payout');
    expect(
      metric(decision, 'vilkarsflyt_http_request_duration_seconds_count', { method: 'POST', route: '/decisions', status: '201' }),
    ).toBe(before.issues + 1);
    expect(metric(decision, 'vilkarsflyt_http_request_duration_seconds_bucket', { route: '/decisions', le: '+Inf' })).toBeGreaterThan(0);
    expect(
      metric(followUp, 'vilkarsflyt_http_request_duration_seconds_count', {
        route: '/conditions/:conditionId/evidence/documents',
        status: '201',
      }),
    ).toBeGreaterThan(0);
    expect(metric(decision, 'vilkarsflyt_events_produced_total', { topic: TOPICS.decisionIssuedV1 })).toBe(before.produced + 1);
    expect(metric(followUp, 'vilkarsflyt_events_consumed_total', { topic: TOPICS.decisionIssuedV1, outcome: 'handled' })).toBeGreaterThan(
      0,
    );
    expect(metric(payout, 'vilkarsflyt_events_consumed_total', { topic: TOPICS.decisionIssuedV1, outcome: 'handled' })).toBe(
      before.consumed + 1,
    );
    expect(
      metric(payout, 'vilkarsflyt_events_consumed_total', { topic: TOPICS.conditionFulfilledV1, outcome: 'dead_lettered' }),
    ).toBeGreaterThan(0);
    expect(metric(payout, 'vilkarsflyt_dead_letters_total', { topic: TOPICS.conditionFulfilledV1 })).toBe(deadLettersBefore + 1);
    expect(metric(payout, 'vilkarsflyt_payments_released_total')).toBe(before.released + 1);
    expect(metric(payout, 'vilkarsflyt_release_wait_seconds_count')).toBe(before.waits + 1);
    expect(metric(payout, 'vilkarsflyt_events_produced_total', { topic: TOPICS.paymentReleasedV1 })).toBeGreaterThan(0);
    // Settled: nothing waits in the outbox, and every partition read is at its end.
    for (const text of [decision, followUp, payout]) {
      expect(metric(text, 'vilkarsflyt_outbox_backlog')).toBe(0);
      expect(metric(text, 'vilkarsflyt_outbox_oldest_unpublished_age_seconds')).toBe(0);
      expect(metric(text, 'vilkarsflyt_consumer_lag')).toBe(0);
    }
    expect(metric(payout, 'vilkarsflyt_consumer_lag', { topic: TOPICS.decisionIssuedV1 })).toBe(0);
    // The jobs run every 200 ms in the tests.
    expect(metric(followUp, 'vilkarsflyt_job_runs_total', { job: 'breach-deadlines', outcome: 'ok' })).toBeGreaterThan(0);
    expect(metric(payout, 'vilkarsflyt_job_runs_total', { job: 'release-due-payments', outcome: 'ok' })).toBeGreaterThan(0);
    expect(metric(payout, 'vilkarsflyt_job_run_duration_seconds_count', { job: 'release-due-payments' })).toBeGreaterThan(0);
    // Each instance signs its series, and no figure names a person, a case or a decision.
    expect(metric(payout, 'process_cpu_user_seconds_total', { service: 'payout' })).toBeGreaterThan(0);
    for (const text of [decision, followUp, payout]) {
      for (const secret of [RECIPIENT, d.caseId, d.decisionId, d.c.C1]) expect(text).not.toContain(secret);
    }
  });

  it('the backlog gauges see an event waiting in the outbox', async () => {
    // A row the relay has not published yet (written as a handler would, but left unannounced and claimed by nobody).
    await system.query(
      'decision',
      `INSERT INTO outbox (event_id, topic, message_key, value, created_at) VALUES ($1, 'vilkarsflyt.never-published.v1', 'k', '{}', now() - interval '90 seconds')`,
      [randomUUID()],
    );
    try {
      const text = await scrape('decision');
      expect(metric(text, 'vilkarsflyt_outbox_backlog')).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'vilkarsflyt_outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(90);
    } finally {
      await system.query('decision', `DELETE FROM outbox WHERE topic = 'vilkarsflyt.never-published.v1'`);
    }
  });

  it('says live and ready, with what readiness checked, and keeps /health', async () => {
    for (const service of ['decision', 'follow-up', 'payout'] as const) {
      await request(system.urls[service]).get('/health/live').expect(200, { status: 'ok' });
      const ready = await request(system.urls[service]).get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        details: {
          shutdown: { status: 'up' },
          database: { status: 'up' },
          'kafka-producer': { status: 'up' },
          'kafka-consumer': { status: 'up' },
        },
      });
      await request(system.urls[service]).get('/health').expect(200, { status: 'ok' });
    }
  });
});
