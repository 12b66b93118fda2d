import request from 'supertest';
import { randomUUID } from 'crypto';
import { Producer } from 'kafkajs';
import { DecisionAmendedV1, DecisionIssuedV1, EventEnvelope, IssuedConditionV1, TOPICS, envelope } from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import { DECISION_UNIT, RECIPIENT, System, VEILEDER, brokers, startSystem } from '@vf/testing';

/**
 * follow-up learns the decisions of a consumed batch together: one read of the conditions it knows,
 * one insert of the new ones, one of their journal lines, one update naming the veileder. Given a
 * burst of decisions on one partition while follow-up is stopped (with and without a veileder, one
 * whose added condition arrived first, one delivered twice, one sent again with a new event id),
 * when follow-up starts, then every condition is there once, with its veileder, journalled once.
 */
describe('follow-up learns a batch of decisions together', () => {
  let system: System;
  let producer: Producer;

  beforeAll(async () => {
    system = await startSystem('decbatch');
    producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-decbatch' }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await system?.stopAll();
  });

  const at = '2026-11-02T08:00:00.000Z';
  const origin = (eventId = randomUUID()) => ({
    eventId,
    occurredAt: at,
    causationId: null,
    correlationId: eventId,
    producer: 'decision' as const,
    actor: { ident: DECISION_UNIT, role: 'decision-unit' },
  });
  const condition = (ref: string, paymentId: string): IssuedConditionV1 => ({
    conditionId: randomUUID(),
    ref,
    text: `Vilkår ${ref}`,
    deadline: '2026-11-30',
    requirement: { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' },
    gatesPaymentIds: [paymentId],
  });

  function issued(veilederIdent: string | null, caseId = `K-${randomUUID().slice(0, 8)}`): EventEnvelope<DecisionIssuedV1> {
    const paymentId = randomUUID();
    const payload: DecisionIssuedV1 = {
      decisionId: randomUUID(),
      caseId,
      office: '0301',
      recipientNationalId: RECIPIENT,
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      reductionOnBreachAnnounced: false,
      veilederIdent,
      issuedAt: at,
      payments: [
        {
          paymentId,
          ref: 'P1',
          purpose: 'RENT',
          amountOre: 850_000,
          dueDate: '2026-12-01',
          payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
          notBefore: null,
        },
      ],
      conditions: [condition('C1', paymentId), condition('C2', paymentId)],
    };
    return envelope(TOPICS.decisionIssuedV1, payload, origin());
  }

  const send = (topic: string, events: EventEnvelope[]) =>
    producer.send({
      topic,
      acks: -1,
      // One partition, so follow-up consumes them in this order, as one batch.
      messages: events.map((e) => ({ key: (e.payload as { decisionId: string }).decisionId, partition: 0, value: JSON.stringify(e) })),
    });

  const together = async () => {
    const text = (await request(system.urls['follow-up']).get('/metrics').expect(200)).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`vilkarsflyt_events_handled_together_total{topic="${TOPICS.decisionIssuedV1}",`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('given a burst of decisions while follow-up is down, when it starts, then each condition is learnt once with its veileder', async () => {
    const withVeileder = [issued(VEILEDER), issued(VEILEDER), issued(VEILEDER)];
    const without = [issued(null), issued(null)];
    const sameCase = issued(VEILEDER, without[0].payload.caseId);
    // A condition the decision unit added arrived before its decision (another topic): it has no veileder yet.
    const late = issued(VEILEDER);
    const added = condition('C3', late.payload.payments[0].paymentId);
    const amended: EventEnvelope<DecisionAmendedV1> = envelope(
      TOPICS.decisionAmendedV1,
      {
        amendmentId: randomUUID(),
        decisionId: late.payload.decisionId,
        caseId: late.payload.caseId,
        office: '0301',
        reason: 'Nytt vilkår',
        amendedAt: at,
        amendment: { kind: 'CONDITION_ADDED', condition: added },
      },
      origin(),
    );
    await send(TOPICS.decisionAmendedV1, [amended]);
    await system.settled();
    expect((await system.query('follow-up', `SELECT veileder_ident FROM condition WHERE id = $1`, [added.conditionId]))[0]).toEqual({
      veileder_ident: null,
    });

    await system.stop('follow-up');
    const again = envelope(TOPICS.decisionIssuedV1, withVeileder[0].payload, origin()); // the same decision, a new event id
    const burst = [...withVeileder, without[0], sameCase, without[1], late, withVeileder[1], again];
    await send(TOPICS.decisionIssuedV1, burst);
    await system.start('follow-up'); // a new process: its metrics begin at 0
    await system.settled(30_000);

    const decisions = [...withVeileder, ...without, sameCase, late];
    for (const d of decisions) {
      const rows = await system.query<{ ref: string; status: string; veileder_ident: string | null; case_id: string }>(
        'follow-up',
        `SELECT ref, status, veileder_ident, case_id FROM condition WHERE decision_id = $1 ORDER BY ref`,
        [d.payload.decisionId],
      );
      const refs = d === late ? ['C1', 'C2', 'C3'] : ['C1', 'C2'];
      expect(rows).toEqual(
        refs.map((ref) => ({ ref, status: 'OPEN', veileder_ident: d.payload.veilederIdent, case_id: d.payload.caseId })),
      );
    }
    // Journalled once each, in the order the decisions came (the added condition before them all).
    const journal = await system.query<{ condition_id: string }>(
      'follow-up',
      `SELECT condition_id FROM journal_entry WHERE action = 'CONDITION_SET' AND decision_id = ANY($1::uuid[]) ORDER BY seq`,
      [decisions.map((d) => d.payload.decisionId)],
    );
    const expected = [added, ...burst.slice(0, 7).flatMap((d) => d.payload.conditions)].map((c) => c.conditionId);
    expect(journal.map((j) => j.condition_id)).toEqual(expected);
    // Taken together: the seven decisions in one run; the repeated event id skipped; the same decision again alone.
    expect(await together()).toBe(7);
  });
});
