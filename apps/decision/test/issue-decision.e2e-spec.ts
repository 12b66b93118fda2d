import request from 'supertest';
import { DECISION_UNIT, System, as, november2026Decision, startSystem } from '@vf/testing';

/** The decision unit's endpoint: a sound decision is stored and published; bad input changes nothing. */
describe('decision: issue and read back', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem('decision');
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  const counts = async () => ({ decisions: await system.count('decision', 'decision'), events: await system.count('decision', 'outbox') });

  it('stores the decision with its event in the outbox, and reads it back', async () => {
    const before = await counts();
    const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(november2026Decision('K-1')).expect(201);
    expect(await counts()).toEqual({ decisions: before.decisions + 1, events: before.events + 1 });
    const read = await request(system.urls.decision).get(`/decisions/${res.body.decisionId}`).set(as(DECISION_UNIT)).expect(200);
    expect(read.body).toMatchObject({
      caseId: 'K-1',
      issuedBy: DECISION_UNIT,
      issuedByRole: 'decision-unit',
      payments: [
        { ref: 'P1', amountOre: 850_000 },
        { ref: 'P2', amountOre: 785_000 },
      ],
    });
    const [event] = await system.query<{ value: { type: string; actor: unknown } }>(
      'decision',
      `SELECT value FROM outbox WHERE value->'payload'->>'decisionId' = $1`,
      [res.body.decisionId],
    );
    expect(event.value).toMatchObject({ type: 'decision-issued.v1', actor: { ident: DECISION_UNIT, role: 'decision-unit' } });
  });

  type Mutation = (d: ReturnType<typeof november2026Decision>) => void;
  it.each<[string, Mutation, number, string, RegExp]>([
    ['an invalid fødselsnummer', (d) => (d.recipientNationalId = '01810012312'), 400, 'recipientNationalId', /mod-11/],
    ['a negative amount', (d) => (d.payments[0].amountOre = -100), 400, 'payments[0].amountOre', /greater than zero/],
    ['a fractional amount', (d) => (d.payments[1].amountOre = 785_000.5), 400, 'payments[1].amountOre', /whole number of øre/],
    [
      'a condition gating a payment not in the decision',
      (d) => (d.conditions[0].gates = ['P3']),
      422,
      'conditions[0].gates[0]',
      /"P3" is not a payment/,
    ],
    [
      'an unknown condition kind',
      (d) => ((d.conditions[1].requirement as { kind: string }).kind = 'DANCE'),
      400,
      'conditions[1].requirement.kind',
      /must be one of/,
    ],
    ['a due date that does not exist', (d) => (d.payments[0].dueDate = '2026-11-31'), 400, 'payments[0].dueDate', /calendar date/],
    ['an unknown field', (d) => ((d as Record<string, unknown>).approvedBy = 'boss'), 400, 'approvedBy', /should not exist/],
  ])('refuses %s with a 4xx naming the field, and stores nothing', async (_what, mutate, status, field, reason) => {
    const body = november2026Decision('K-bad');
    mutate(body);
    const before = await counts();
    const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(body).expect(status);
    expect(res.body.errors).toContainEqual({ field, reason: expect.stringMatching(reason) });
    expect(JSON.stringify(res.body)).not.toContain('01810012312');
    expect(await counts()).toEqual(before);
  });

  it('answers 404 and 400 for unknown and malformed ids', async () => {
    await request(system.urls.decision).get('/decisions/6f1c8d0e-0000-4000-8000-000000000000').set(as(DECISION_UNIT)).expect(404);
    const malformed = await request(system.urls.decision).get('/decisions/42').set(as(DECISION_UNIT)).expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'decisionId', reason: 'must be a UUID' }]);
  });
});
