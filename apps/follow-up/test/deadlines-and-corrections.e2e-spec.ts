import request from 'supertest';
import { ConditionBreachedV1, EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { osloDate, addDays } from '@vf/rules';
import {
  DECISION_UNIT,
  System,
  TopicWatcher,
  VEILEDER,
  as,
  attendanceList,
  eventually,
  issueNovember,
  payment as paymentOf,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

type Breached = EventEnvelope<ConditionBreachedV1>;
type Released = EventEnvelope<PaymentReleasedV1>;

/** Deadlines that pass, evidence withdrawn in error, and the journal, over the real broker and databases. */
describe('deadlines, breaches and corrections', () => {
  let system: System;
  let breached: TopicWatcher<Breached>;
  let released: TopicWatcher<Released>;

  beforeAll(async () => {
    system = await startSystem('deadlines');
    // A second follow-up instance on the same database: the deadline job must breach once, not twice.
    await system.start('follow-up', 2);
    breached = await new TopicWatcher<Breached>(TOPICS.conditionBreachedV1).start();
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    await breached?.stop();
    await released?.stop();
    await system?.stopAll();
  });

  const issue = (mutate?: Parameters<typeof issueNovember>[1]) => issueNovember(system, mutate);
  const payment = (paymentId: string) => paymentOf(system, paymentId);
  const condition = async (conditionId: string) =>
    (await request(system.urls['follow-up']).get(`/conditions/${conditionId}`).set(as(VEILEDER)).expect(200)).body;

  it('breaches a condition whose deadline has passed, once, holds its payment, and puts it in the decision unit’s worklist', async () => {
    const yesterday = addDays(osloDate(new Date()), -1);
    const d = await issue((b) => (b.conditions[0].deadline = yesterday));

    const event = await breached.waitFor((e) => e.payload.conditionId === d.c.C1);
    expect(event.value.payload).toMatchObject({ decisionId: d.decisionId, deadline: yesterday, office: '0301' });
    expect(event.value.actor).toBeNull();
    expect((await condition(d.c.C1)).status).toBe('BREACHED');

    // The decision unit sees it, oldest first, for its office.
    const worklist = await eventually(
      async () => {
        const res = await request(system.urls.decision).get('/worklist').set(as(DECISION_UNIT)).expect(200);
        return res.body.items.find((i: { conditionId: string }) => i.conditionId === d.c.C1) ? res.body : undefined;
      },
      20_000,
      'breach in worklist',
    );
    expect(worklist.items.find((i: { conditionId: string }) => i.conditionId === d.c.C1)).toMatchObject({
      kind: 'CONDITION_BREACHED',
      caseId: d.caseId,
    });
    const times = worklist.items.map((i: { raisedAt: string }) => i.raisedAt);
    expect([...times].sort()).toEqual(times);

    // Late evidence is registered and shown, but does not release: the payment stays held.
    const late = await registerEvidence(system, d.c.C1, 'documents', rentReceipt(osloDate(new Date()))).expect(201);
    expect(late.body.condition).toMatchObject({
      status: 'BREACHED',
      summary: expect.stringMatching(/deadline .* passed without the condition being met/),
    });
    expect(late.body.condition.details[0]).toMatch(/^on the evidence: document "RENT_RECEIPT_2026_11" received .* and accepted$/);
    expect(late.body.condition.evidence).toHaveLength(1);
    expect(await payment(d.p.P1)).toMatchObject({ status: 'HELD' });

    // A veileder's justified judgement fulfils the breached condition, and only then is P1 released.
    await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C1}/fulfilment-judgements`)
      .set(as(VEILEDER))
      .send({ justification: 'Receipt arrived a day late; rent was paid on time.' })
      .expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);

    // Both follow-up instances ran the deadline job all along; the condition was breached once.
    await system.settled();
    expect(breached.matching((e) => e.payload.conditionId === d.c.C1)).toHaveLength(1);
    expect(await system.count('follow-up', `journal_entry WHERE condition_id = $1 AND action = 'CONDITION_BREACHED'`, [d.c.C1])).toBe(1);
  });

  it('reopens a condition when the evidence that met it is withdrawn before its payment is released', async () => {
    const d = await issue();
    const list = await registerEvidence(system, d.c.C2, 'attendance-lists', attendanceList('2026-11-02', '2026-11-27')).expect(201);
    expect(list.body.condition.status).toBe('FULFILLED');
    await eventually(async () => (await payment(d.p.P2)).waitingFor.length === 1, 20_000, 'P2 sees C2 met');

    const withdrawn = await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C2}/evidence/${list.body.evidenceId}/withdrawal`)
      .set(as(VEILEDER))
      .send({ reason: 'The list belongs to another participant' })
      .expect(201);
    expect(withdrawn.body).toMatchObject({ status: 'OPEN' });
    expect(withdrawn.body.evidence[0].withdrawal).toMatchObject({
      reason: 'The list belongs to another participant',
      actorIdent: VEILEDER,
    });
    await eventually(async () => (await payment(d.p.P2)).waitingFor.length === 2, 20_000, 'P2 waits for C2 again');

    // Meeting C3 now must not release P2: C2 is open again.
    await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C3}/fulfilment-judgements`)
      .set(as(VEILEDER))
      .send({ justification: 'Few vacancies; effort is documented.' })
      .expect(201);
    await eventually(async () => (await payment(d.p.P2)).waitingFor.length === 1, 20_000, 'P2 sees C3 met');
    await system.settled();
    expect(await payment(d.p.P2)).toMatchObject({ status: 'HELD', waitingFor: [{ ref: 'C2' }] });
    expect(released.matching((e) => e.payload.paymentId === d.p.P2)).toHaveLength(0);
  });

  it('claws nothing back when the evidence is withdrawn after release: it goes to the worklist instead', async () => {
    const d = await issue();
    const doc = await registerEvidence(system, d.c.C1, 'documents', rentReceipt()).expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);

    await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C1}/evidence/${doc.body.evidenceId}/withdrawal`)
      .set(as(VEILEDER))
      .send({ reason: 'Receipt was forged' })
      .expect(201);
    const item = await eventually(
      async () => {
        const res = await request(system.urls.decision).get('/worklist').set(as(DECISION_UNIT)).expect(200);
        return res.body.items.find((i: { paymentId: string }) => i.paymentId === d.p.P1);
      },
      20_000,
      'questioned release in worklist',
    );
    expect(item).toMatchObject({
      kind: 'RELEASED_PAYMENT_QUESTIONED',
      conditionId: d.c.C1,
      summary: expect.stringMatching(/evidence withdrawn: Receipt was forged/),
    });
    expect(await payment(d.p.P1)).toMatchObject({ status: 'RELEASED' });
    expect(released.matching((e) => e.payload.paymentId === d.p.P1)).toHaveLength(1);

    // The journal holds it all, in time order, with who and why.
    const journal = await request(system.urls['follow-up']).get(`/cases/${d.caseId}/journal`).set(as(VEILEDER)).expect(200);
    const actions = journal.body.entries
      .filter((e: { conditionId: string }) => e.conditionId === d.c.C1)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(['CONDITION_SET', 'EVIDENCE_REGISTERED', 'CONDITION_FULFILLED', 'EVIDENCE_WITHDRAWN', 'CONDITION_REOPENED']);
    const withdrawal = journal.body.entries.find((e: { action: string }) => e.action === 'EVIDENCE_WITHDRAWN');
    expect(withdrawal).toMatchObject({ actor: { ident: VEILEDER, role: 'veileder' }, why: 'Receipt was forged' });
    expect(journal.body.entries.find((e: { action: string }) => e.action === 'CONDITION_SET').actor).toEqual({
      ident: DECISION_UNIT,
      role: 'decision-unit',
    });
  });
});
