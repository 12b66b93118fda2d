import { randomUUID } from 'crypto';
import { Producer } from 'kafkajs';
import {
  ConditionFulfilledV1,
  ConditionProgressV2,
  EventEnvelope,
  EventTopic,
  PaymentReleasedV1,
  PayloadByTopic,
  TOPICS,
  envelope,
} from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import {
  System,
  TopicWatcher,
  applications,
  brokers,
  eventually,
  issueNovember,
  payment,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

type Fulfilled = EventEnvelope<ConditionFulfilledV1>;
type Progress = EventEnvelope<ConditionProgressV2>;
type Released = EventEnvelope<PaymentReleasedV1>;

/**
 * A fulfilling piece of evidence makes one event, condition-fulfilled, which carries the condition's
 * snapshot; condition-progress.v2 carries every other change's. payout takes the snapshot from the
 * fulfilment: one gate change, one innsyn refresh, one new document. What was published on the retired
 * condition-progress.v1 before (the snapshot there too, naming its fulfilment, or from a producer
 * that never wrote the two fields) is handled as it was.
 */
describe('a fulfilment carries its progress snapshot, and payout handles it once', () => {
  let system: System;
  let fulfilled: TopicWatcher<Fulfilled>;
  let progress: TopicWatcher<Progress>;
  let released: TopicWatcher<Released>;
  let producer: Producer;

  beforeAll(async () => {
    system = await startSystem('fulfilsnap');
    fulfilled = await new TopicWatcher<Fulfilled>(TOPICS.conditionFulfilledV1).start();
    progress = await new TopicWatcher<Progress>(TOPICS.conditionProgressV2).start();
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
    producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-fulfilsnap' }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const w of [fulfilled, progress, released]) await w?.stop();
    await system?.stopAll();
  });

  const gate = async (conditionId: string) =>
    (
      await system.query<{ status: string; summary: string; progressAt: Date }>(
        'payout',
        `SELECT status, summary, progress_at AS "progressAt" FROM gate_condition WHERE condition_id = $1`,
        [conditionId],
      )
    )[0];
  const innsynStatus = async (conditionId: string) =>
    (await system.query<{ status: string }>('payout', `SELECT status FROM innsyn_condition WHERE condition_id = $1`, [conditionId]))[0]
      ?.status;
  const documentSequence = async (caseId: string) =>
    (await system.query<{ sequence: number }>('payout', `SELECT sequence FROM innsyn_document WHERE case_id = $1`, [caseId]))[0]?.sequence;

  it('publishes the fulfilling snapshot only with the fulfilment, records it from there, and makes one new innsyn document', async () => {
    const d = await issueNovember(system);
    await system.settled();
    const before = await documentSequence(d.caseId);
    expect(before).toBeGreaterThan(0);

    await registerEvidence(system, d.c.C1, 'documents', rentReceipt()).expect(201);
    const f = (await fulfilled.waitFor((e) => e.payload.conditionId === d.c.C1)).value;
    const snapshot = f.payload.progress!;
    expect(snapshot).toMatchObject({ conditionId: d.c.C1, status: 'FULFILLED', at: f.payload.fulfilledAt });
    expect(snapshot.fulfilmentEventId).toBeUndefined();

    await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    await system.settled();
    expect(await gate(d.c.C1)).toEqual({ status: 'FULFILLED', summary: snapshot.summary, progressAt: new Date(snapshot.at) });
    expect(await innsynStatus(d.c.C1)).toBe('FULFILLED');
    // The condition's new status and the payment it no longer holds back, in one new document.
    expect(await documentSequence(d.caseId)).toBe(before + 1);
    // No copy on condition-progress.v2, in follow-up's outbox or on Kafka.
    const v2 = await system.query<{ n: number }>(
      'follow-up',
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND value->'payload'->>'conditionId' = $2`,
      [TOPICS.conditionProgressV2, d.c.C1],
    );
    expect(v2[0].n).toBe(0);
    expect(progress.matching((e) => e.payload.conditionId === d.c.C1)).toEqual([]);
  });

  it('publishes a change that does not fulfil the condition on condition-progress.v2, and payout records it', async () => {
    const d = await issueNovember(system);
    await system.settled();
    // C3 wants five job applications a week; one is progress, not fulfilment.
    await registerEvidence(system, d.c.C3, 'job-applications', applications('2026-11-09', 1)).expect(201);
    const p = (await progress.waitFor((e) => e.payload.conditionId === d.c.C3)).value;
    expect(p.payload).toMatchObject({ status: 'OPEN', decisionId: d.decisionId });
    expect(p.payload).not.toHaveProperty('fulfilmentEventId');
    await eventually(async () => (await gate(d.c.C3))?.summary === p.payload.summary, 20_000, 'the v2 snapshot reaches the gate');
    expect(await gate(d.c.C3)).toEqual({ status: 'OPEN', summary: p.payload.summary, progressAt: new Date(p.payload.at) });
    expect(await innsynStatus(d.c.C3)).toBe('OPEN');
    expect(fulfilled.matching((e) => e.payload.conditionId === d.c.C3)).toEqual([]);
  });

  /** Sends an event as follow-up would, straight onto its topic. */
  async function send<K extends EventTopic>(topic: K, key: string, payload: PayloadByTopic[K]) {
    const origin = { eventId: randomUUID(), occurredAt: new Date().toISOString(), causationId: null, correlationId: randomUUID() };
    const value = JSON.stringify(envelope(topic, payload, { ...origin, producer: 'follow-up', actor: null }));
    await producer.send({ topic, messages: [{ key, value }] });
  }

  it('handles a v1 progress and a fulfilment from a producer that never wrote the two fields as before', async () => {
    const d = await issueNovember(system);
    await system.settled();
    const at = new Date().toISOString();
    const ref = { conditionId: d.c.C1, decisionId: d.decisionId, caseId: d.caseId, office: '0301' };
    const summary = 'Husleiekvittering mottatt (eldre produsent)';
    await send(TOPICS.conditionProgressV1, d.decisionId, {
      ...ref,
      summary,
      status: 'FULFILLED',
      deadline: '2026-11-30',
      achievable: true,
      at,
    });
    const { office: _o, ...fulfilledRef } = ref;
    await send(TOPICS.conditionFulfilledV1, d.decisionId, {
      ...fulfilledRef,
      fulfilledAt: at,
      fulfilledBy: 'EVIDENCE',
      summary,
      judgement: null,
    });

    await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    await eventually(async () => (await innsynStatus(d.c.C1)) === 'FULFILLED', 20_000, 'the old progress reaches innsyn');
    await eventually(async () => (await gate(d.c.C1))?.summary === summary, 20_000, 'the old progress reaches the gate');
    expect(await gate(d.c.C1)).toEqual({ status: 'FULFILLED', summary, progressAt: new Date(at) });
    expect(await payment(system, d.p.P1)).toMatchObject({ status: 'RELEASED' });
  });

  it('takes a v1 snapshot that names its fulfilment from the fulfilment only, not on its own', async () => {
    const d = await issueNovember(system);
    await system.settled();
    const gateBefore = await gate(d.c.C1);
    const ref = { conditionId: d.c.C1, decisionId: d.decisionId, caseId: d.caseId, office: '0301' };
    const fulfilmentEventId = randomUUID();
    const snapshot = (summary: string, at: string) =>
      ({ ...ref, summary, status: 'FULFILLED', deadline: '2026-11-30', achievable: true, at }) as const;
    // On its own it changes nothing: the fulfilment it names is what carries it.
    await send(TOPICS.conditionProgressV1, d.decisionId, { ...snapshot('alene', new Date().toISOString()), fulfilmentEventId });
    await system.settled();
    expect(await gate(d.c.C1)).toEqual(gateBefore);
    expect(await innsynStatus(d.c.C1)).toBe('OPEN');

    const at = new Date().toISOString();
    const { office: _o, ...fulfilledRef } = ref;
    await send(TOPICS.conditionFulfilledV1, d.decisionId, {
      ...fulfilledRef,
      fulfilledAt: at,
      fulfilledBy: 'EVIDENCE',
      summary: 'med oppfyllelsen',
      judgement: null,
      progress: snapshot('med oppfyllelsen', at),
    });
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    await system.settled();
    expect(await gate(d.c.C1)).toEqual({ status: 'FULFILLED', summary: 'med oppfyllelsen', progressAt: new Date(at) });
    expect(await innsynStatus(d.c.C1)).toBe('FULFILLED');
  });
});
