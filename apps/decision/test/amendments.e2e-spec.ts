import request from 'supertest';
import { EventEnvelope, PaymentReleasedV1, PaymentStatusV1, TOPICS } from '@vf/contracts';
import { addDays, osloDate } from '@vf/rules';
import {
  DECISION_UNIT,
  System,
  TopicWatcher,
  VEILEDER,
  amend,
  as,
  eventually,
  fixtureDeadline,
  issueNovember,
  payment,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;
type Status = EventEnvelope<PaymentStatusV1>;

/** The decision unit changes issued decisions; follow-up and payout carry it out. Real broker and databases. */
describe('decision unit: lift, move, add, reduce, stop, revoke', () => {
  let system: System;
  let released: TopicWatcher<Released>;
  let statuses: TopicWatcher<Status>;

  beforeAll(async () => {
    system = await startSystem('amend');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
    statuses = await new TopicWatcher<Status>(TOPICS.paymentStatusV1).start();
  });

  afterAll(async () => {
    await released?.stop();
    await statuses?.stop();
    await system?.stopAll();
  });

  const REASON = 'Not a good fit: the recipient has no lease of their own';
  const worklist = async () =>
    (await request(system.urls.decision).get('/worklist').set(as(DECISION_UNIT)).expect(200)).body.items as Array<Record<string, string>>;

  it('lifts a condition: the payment it alone held is released at once, and the lift is journaled with who and why', async () => {
    const d = await issueNovember(system);
    const res = await amend(system, d.decisionId, `conditions/${d.c.C1}/lifting`, { reason: REASON }).expect(201);
    expect(res.body.amendment).toEqual({ kind: 'CONDITION_LIFTED', conditionId: d.c.C1 });
    const p1 = await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    expect(p1.value.payload.waitedFor).toEqual([expect.objectContaining({ conditionId: d.c.C1, resolution: 'LIFTED' })]);
    expect(p1.value.causationId).toBeDefined();
    const condition = await eventually(
      async () => {
        const c = (await request(system.urls['follow-up']).get(`/conditions/${d.c.C1}`).set(as(VEILEDER))).body;
        return c.status === 'LIFTED' ? c : undefined;
      },
      20_000,
      'follow-up lifted it',
    );
    expect(condition.summary).toBe('lifted by the decision unit');
    const journal = (await request(system.urls.decision).get(`/decisions/${d.decisionId}/journal`).set(as(DECISION_UNIT)).expect(200)).body
      .entries;
    expect(journal.map((e: { kind: string }) => e.kind)).toEqual(['DECISION_ISSUED', 'CONDITION_LIFTED']);
    expect(journal[1]).toMatchObject({ actor: { ident: DECISION_UNIT, role: 'decision-unit' }, reason: REASON });
    await amend(system, d.decisionId, `conditions/${d.c.C1}/lifting`, { reason: REASON }).expect(409);
    await amend(system, d.decisionId, `conditions/${d.c.C1}/lifting`, { reason: 'short' }).expect(400);
  });

  it('decides on a breach by reducing the payment to an amount a person enters; it is released with the new amount and the reason', async () => {
    const yesterday = addDays(osloDate(new Date()), -1);
    const d = await issueNovember(system, (b) => {
      b.conditions[0].deadline = yesterday;
    });
    // Without a breach, a reduction is refused: C2's deadline is still ahead.
    const notBreached = await amend(system, d.decisionId, `payments/${d.p.P2}/reduction`, {
      conditionId: d.c.C2,
      amountOre: 400_000,
      assessment: 'Reduce without a breach should fail',
    }).expect(409);
    expect(notBreached.body.errors[0]).toEqual({ field: 'conditionId', reason: 'the condition is not breached' });
    await eventually(async () => (await worklist()).some((i) => i.conditionId === d.c.C1), 20_000, 'breach in worklist');
    await eventually(
      async () =>
        (await request(system.urls.decision).get(`/decisions/${d.decisionId}`).set(as(DECISION_UNIT))).body.conditions[0].breached,
      20_000,
      'decision knows the breach',
    );

    await amend(system, d.decisionId, `payments/${d.p.P1}/reduction`, {
      conditionId: d.c.C1,
      amountOre: 0,
      assessment: 'Reduce to nothing',
    }).expect(400);
    const assessment = 'No receipt and no contact; the rent is reduced to the part the landlord confirmed.';
    await amend(system, d.decisionId, `payments/${d.p.P1}/reduction`, { conditionId: d.c.C1, amountOre: 600_000, assessment }).expect(201);
    const p1 = await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    expect(p1.value.payload).toMatchObject({
      amountOre: 600_000,
      reduction: { fromOre: 850_000, toOre: 600_000, conditionId: d.c.C1, assessment },
      waitedFor: [{ conditionId: d.c.C1, resolution: 'REDUCED' }],
    });
    expect((await worklist()).some((i) => i.conditionId === d.c.C1)).toBe(false);
  });

  it('refuses a reduction when the decision did not announce it (§ 20)', async () => {
    const d = await issueNovember(system, (b) => {
      b.reductionOnBreachAnnounced = false;
      b.conditions[0].deadline = addDays(osloDate(new Date()), -1);
    });
    await eventually(
      async () =>
        (await request(system.urls.decision).get(`/decisions/${d.decisionId}`).set(as(DECISION_UNIT))).body.conditions[0].breached,
      20_000,
      'breach known',
    );
    const res = await amend(system, d.decisionId, `payments/${d.p.P1}/reduction`, {
      conditionId: d.c.C1,
      amountOre: 600_000,
      assessment: 'Reduction without announcement',
    }).expect(409);
    expect(res.body.errors[0].reason).toMatch(/did not tell the recipient/);
  });

  it('moves a deadline after a breach: the condition reopens, and the worklist item is settled', async () => {
    const d = await issueNovember(system, (b) => {
      b.conditions[0].deadline = addDays(osloDate(new Date()), -1);
    });
    await eventually(async () => (await worklist()).some((i) => i.conditionId === d.c.C1), 20_000, 'breach in worklist');
    const later = addDays(osloDate(new Date()), 14);
    await amend(system, d.decisionId, `conditions/${d.c.C1}/deadline`, {
      deadline: later,
      reason: 'Was in hospital; new deadline two weeks from now',
    }).expect(201);
    expect((await worklist()).some((i) => i.conditionId === d.c.C1)).toBe(false);
    const c = await eventually(
      async () => {
        const body = (await request(system.urls['follow-up']).get(`/conditions/${d.c.C1}`).set(as(VEILEDER))).body;
        return body.status === 'OPEN' ? body : undefined;
      },
      20_000,
      'condition reopened',
    );
    expect(c.deadline).toBe(later);
    // Now evidence fulfils it again, and P1 goes.
    await registerEvidence(system, d.c.C1, 'documents', rentReceipt(osloDate(new Date()))).expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);
  });

  it('adds a condition to a payment not yet released, and refuses one on a released payment', async () => {
    const d = await issueNovember(system);
    const added = await amend(system, d.decisionId, 'conditions', {
      ref: 'C4',
      text: 'Møt til samtale med veileder',
      deadline: fixtureDeadline(),
      requirement: { kind: 'ACTIVITY', activity: 'meeting with the veileder' },
      gatesPaymentIds: [d.p.P1],
      reason: 'The recipient asked for a follow-up meeting',
    }).expect(201);
    const c4 = added.body.decision.conditions.find((c: { ref: string }) => c.ref === 'C4').conditionId;
    await eventually(async () => (await payment(system, d.p.P1)).waitingFor.length === 2, 20_000, 'P1 waits for C4 too');
    await registerEvidence(system, d.c.C1, 'documents', rentReceipt()).expect(201);
    await eventually(async () => (await payment(system, d.p.P1)).waitingFor.length === 1, 20_000, 'C1 met');
    expect(await payment(system, d.p.P1)).toMatchObject({
      status: 'HELD',
      waitingFor: [{ conditionId: c4, text: 'Møt til samtale med veileder' }],
    });
    await eventually(
      async () => (await request(system.urls['follow-up']).get(`/conditions/${c4}`).set(as(VEILEDER))).status === 200,
      20_000,
      'follow-up knows C4',
    );
    await registerEvidence(system, c4, 'activities', { heldOn: '2026-11-25', note: 'Møtte' }).expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);

    await eventually(
      async () =>
        (await request(system.urls.decision).get(`/decisions/${d.decisionId}`).set(as(DECISION_UNIT))).body.payments[0].status ===
        'RELEASED',
      20_000,
      'decision knows P1 released',
    );
    const refused = await amend(system, d.decisionId, 'conditions', {
      ref: 'C5',
      text: 'Too late',
      deadline: '2026-12-10',
      requirement: { kind: 'ACTIVITY', activity: 'x' },
      gatesPaymentIds: [d.p.P1],
      reason: 'Trying to hold a released payment',
    }).expect(409);
    expect(refused.body.errors[0]).toMatchObject({ field: 'gates[0]', reason: expect.stringMatching(/released/) });
  });

  it('stops a held payment: payout confirms, and later evidence releases nothing', async () => {
    const d = await issueNovember(system);
    await amend(system, d.decisionId, `payments/${d.p.P1}/stop`, { reason: 'The recipient moved to another municipality' }).expect(201);
    const stopped = await statuses.waitFor((e) => e.payload.paymentId === d.p.P1);
    expect(stopped.value.payload).toMatchObject({ status: 'STOPPED', reason: 'The recipient moved to another municipality' });
    await registerEvidence(system, d.c.C1, 'documents', rentReceipt()).expect(201);
    await system.settled();
    expect(await payment(system, d.p.P1)).toMatchObject({ status: 'STOPPED' });
    expect(released.matching((e) => e.payload.paymentId === d.p.P1)).toHaveLength(0);
    await amend(system, d.decisionId, `payments/${d.p.P1}/stop`, { reason: 'Stopping a stopped payment' }).expect(409);
  });

  it('revokes a decision: held payments cancelled, conditions annulled, released payments untouched and listed', async () => {
    const d = await issueNovember(system, (b) => {
      b.payments.push({
        ref: 'P3',
        purpose: 'ELECTRICITY',
        amountOre: 120_000,
        dueDate: '2026-12-01',
        payee: { type: 'RECIPIENT', nationalId: b.recipientNationalId },
      });
    });
    await released.waitFor((e) => e.payload.paymentId === d.p.P3); // gated by nothing: released at once
    await eventually(
      async () =>
        (await request(system.urls.decision).get(`/decisions/${d.decisionId}`).set(as(DECISION_UNIT))).body.payments[2].status ===
        'RELEASED',
      20_000,
      'decision knows P3 released',
    );
    const res = await amend(system, d.decisionId, 'revocation', { reason: 'The application was withdrawn by the recipient' }).expect(201);
    expect(res.body.amendment).toMatchObject({ kind: 'DECISION_REVOKED', untouchedPaymentIds: [d.p.P3] });
    expect(res.body.amendment.cancelledPaymentIds.sort()).toEqual([d.p.P1, d.p.P2].sort());
    await statuses.waitFor((e) => e.payload.paymentId === d.p.P1 && e.payload.status === 'CANCELLED');
    await statuses.waitFor((e) => e.payload.paymentId === d.p.P2 && e.payload.status === 'CANCELLED');
    expect(await payment(system, d.p.P3)).toMatchObject({ status: 'RELEASED' });
    await eventually(
      async () => (await request(system.urls['follow-up']).get(`/conditions/${d.c.C2}`).set(as(VEILEDER))).body.status === 'ANNULLED',
      20_000,
      'conditions annulled',
    );
    await amend(system, d.decisionId, `conditions/${d.c.C2}/lifting`, { reason: 'Lifting on a revoked decision' }).expect(409);
  });
});
