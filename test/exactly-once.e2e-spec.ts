import request from 'supertest';
import { randomUUID } from 'crypto';
import { Producer } from 'kafkajs';
import { ConditionFulfilledV1, DeadLetterV1, EventEnvelope, PaymentReleasedV1, TOPICS, envelope } from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import { System, TopicWatcher, VEILEDER, as, brokers, issueNovember, registerEvidence, rentReceipt, startSystem } from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/** Nothing lost, nothing twice: duplicates, redelivery, a stopped payout, and unusable messages. */
describe('payout releases each payment exactly once', () => {
  let system: System;
  let released: TopicWatcher<Released>;
  let deadLetters: TopicWatcher<DeadLetterV1>;
  let producer: Producer;

  beforeAll(async () => {
    system = await startSystem('once');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
    deadLetters = await new TopicWatcher<DeadLetterV1>(TOPICS.deadLetterV1).start();
    producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-once' }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await released?.stop();
    await deadLetters?.stop();
    await system?.stopAll();
  });

  async function issue() {
    const { caseId, decisionId, p, c } = await issueNovember(system);
    return { caseId, decisionId, payments: p, conditions: c };
  }

  function fulfilledEvent(d: Awaited<ReturnType<typeof issue>>, ref: string, eventId = randomUUID()) {
    const payload: ConditionFulfilledV1 = {
      conditionId: d.conditions[ref],
      decisionId: d.decisionId,
      caseId: d.caseId,
      fulfilledAt: new Date().toISOString(),
      fulfilledBy: 'EVIDENCE',
      summary: 'test',
      judgement: null,
    };
    return envelope(TOPICS.conditionFulfilledV1, payload, {
      eventId,
      occurredAt: new Date().toISOString(),
      causationId: null,
      correlationId: eventId,
      producer: 'follow-up',
      actor: { ident: VEILEDER, role: 'veileder' },
    });
  }

  const send = (topic: string, key: string, value: unknown) =>
    producer.send({ topic, acks: -1, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }] });

  it('releases once when the same condition-fulfilled event is delivered twice, and when a second event repeats the fulfilment', async () => {
    const d = await issue();
    const event = fulfilledEvent(d, 'C1');
    await send(TOPICS.conditionFulfilledV1, d.decisionId, event);
    await send(TOPICS.conditionFulfilledV1, d.decisionId, event);
    await send(TOPICS.conditionFulfilledV1, d.decisionId, fulfilledEvent(d, 'C1'));
    await released.waitFor((e) => e.payload.paymentId === d.payments.P1);
    await system.settled();
    expect(await system.count('payout', 'processed_event WHERE topic = $1', [TOPICS.conditionFulfilledV1])).toBe(2);
    expect(await system.count('payout', `outbox WHERE value->'payload'->>'paymentId' = $1`, [d.payments.P1])).toBe(1);
    expect(released.matching((e) => e.payload.paymentId === d.payments.P1)).toHaveLength(1);
  });

  it('releases a payment whose last condition was met while payout was down, once, after it comes back', async () => {
    const d = await issue();
    await system.stop('payout');
    await registerEvidence(system, d.conditions.C1, 'documents', rentReceipt()).expect(201);
    await system.start('payout');
    const p1 = await released.waitFor((e) => e.payload.paymentId === d.payments.P1);
    expect(p1.value.payload.amountOre).toBe(850_000);
    expect(released.matching((e) => e.payload.paymentId === d.payments.P1)).toHaveLength(1);
  });

  it('skips every event it has already processed when the whole history is delivered again', async () => {
    const d = await issue();
    await registerEvidence(system, d.conditions.C1, 'documents', rentReceipt()).expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.payments.P1);
    await system.settled();
    const before = { outbox: await system.count('payout', 'outbox'), processed: await system.count('payout', 'processed_event') };

    await system.stop('payout');
    await system.rewind('payout');
    await system.start('payout');
    await system.settled();

    expect(await system.count('payout', 'outbox')).toBe(before.outbox);
    expect(await system.count('payout', 'processed_event')).toBe(before.processed);
    expect(released.matching((e) => e.payload.paymentId === d.payments.P1)).toHaveLength(1);
  });

  it('dead-letters messages it cannot use, with the reason, and goes on with the next one', async () => {
    const d = await issue();
    await send(TOPICS.conditionFulfilledV1, d.decisionId, '{not json');
    const invalid = { ...fulfilledEvent(d, 'C1'), payload: { ...fulfilledEvent(d, 'C1').payload, fulfilledAt: 'yesterday' } };
    await send(TOPICS.conditionFulfilledV1, d.decisionId, invalid);
    await send(TOPICS.conditionFulfilledV1, d.decisionId, fulfilledEvent(d, 'C1'));

    const group = system.configs.payout.consumerGroup;
    const notJson = await deadLetters.waitFor(
      (l) => l.consumerGroup === group && l.originalKey === d.decisionId && l.errors[0].reason === 'is not JSON',
    );
    expect(Buffer.from(notJson.value.originalValueBase64!, 'base64').toString()).toBe('{not json');
    const bad = await deadLetters.waitFor(
      (l) => l.consumerGroup === group && l.originalKey === d.decisionId && l.errors[0].field === 'payload.fulfilledAt',
    );
    expect(bad.value).toMatchObject({
      originalTopic: TOPICS.conditionFulfilledV1,
      errors: [{ field: 'payload.fulfilledAt', reason: 'must be an ISO 8601 instant with a zone' }],
    });
    await released.waitFor((e) => e.payload.paymentId === d.payments.P1);
    const payments = await request(system.urls.payout).get(`/decisions/${d.decisionId}/payments`).set(as(VEILEDER)).expect(200);
    expect(payments.body.payments.find((p: { ref: string }) => p.ref === 'P2')).toMatchObject({ status: 'HELD' });
  });
});
