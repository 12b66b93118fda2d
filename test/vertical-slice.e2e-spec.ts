import request from 'supertest';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import {
  DECISION_UNIT,
  LANDLORD_ACCOUNT,
  RECIPIENT,
  System,
  TopicWatcher,
  VEILEDER,
  applications,
  as,
  attendanceList,
  eventually,
  november2026Decision,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/**
 * The scenario of the vertical-slice issue, over HTTP, the real broker and the real databases,
 * with all three services running: each condition is met on its own evidence, and each payment is
 * released the moment the conditions that gate it are met.
 */
describe('vertical slice: November 2026', () => {
  let system: System;
  let released: TopicWatcher<Released>;
  const caseId = `K-${Date.now()}`;

  beforeAll(async () => {
    system = await startSystem('slice');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    await released?.stop();
    await system?.stopAll();
  });

  it('releases P1 on the rent receipt alone, and P2 only when C2 and C3 are both met', async () => {
    const issued = await request(system.urls.decision)
      .post('/decisions')
      .set(as(DECISION_UNIT))
      .send(november2026Decision(caseId))
      .expect(201);
    const decisionId: string = issued.body.decisionId;
    const paymentId = (ref: string) => issued.body.payments.find((p: { ref: string }) => p.ref === ref).paymentId as string;
    const conditionId = (ref: string) => issued.body.conditions.find((c: { ref: string }) => c.ref === ref).conditionId as string;
    const [P1, P2, C1, C2, C3] = [paymentId('P1'), paymentId('P2'), conditionId('C1'), conditionId('C2'), conditionId('C3')];

    // The decision reads back as issued.
    const read = await request(system.urls.decision).get(`/decisions/${decisionId}`).set(as(VEILEDER)).expect(200);
    expect(read.body.conditions.map((c: { ref: string; gates: string[] }) => [c.ref, c.gates])).toEqual([
      ['C1', ['P1']],
      ['C2', ['P2']],
      ['C3', ['P2']],
    ]);

    // Follow-up and payout learn of the decision over Kafka.
    await eventually(
      async () => {
        const res = await request(system.urls['follow-up']).get(`/cases/${caseId}/conditions`).set(as(VEILEDER));
        return res.body.conditions?.length === 3;
      },
      20_000,
      'follow-up knows the conditions',
    );
    const payments = async () =>
      (await request(system.urls.payout).get(`/decisions/${decisionId}/payments`).set(as(VEILEDER))).body.payments as any[];
    await eventually(async () => (await payments())?.length === 2, 20_000, 'payout knows the payments');
    expect(released.matching((e) => e.payload.decisionId === decisionId)).toHaveLength(0);

    // 1. The rent receipt: C1 fulfilled, P1 released at once; P2 waits and names C2 and C3.
    const receipt = await registerEvidence(system, C1, 'documents', rentReceipt()).expect(201);
    expect(receipt.body.condition.status).toBe('FULFILLED');
    const p1 = await released.waitFor((e) => e.payload.paymentId === P1);
    expect(p1.value.payload).toMatchObject({
      decisionId,
      caseId,
      amountOre: 850_000,
      dueDate: '2026-12-01',
      payee: { type: 'THIRD_PARTY', accountNumber: LANDLORD_ACCOUNT },
      waitedFor: [{ conditionId: C1, metAt: receipt.body.condition.fulfilledAt }],
    });
    let view = await payments();
    expect(view.find((p) => p.paymentId === P1)).toMatchObject({ status: 'RELEASED', waitingFor: [] });
    expect(view.find((p) => p.paymentId === P2)).toMatchObject({ status: 'HELD' });
    expect(
      view
        .find((p) => p.paymentId === P2)
        .waitingFor.map((w: { ref: string }) => w.ref)
        .sort(),
    ).toEqual(['C2', 'C3']);

    // 2. An attendance list with 1 unapproved day: C2 fulfilled, P2 still waits for C3.
    const attendance = await registerEvidence(
      system,
      C2,
      'attendance-lists',
      attendanceList('2026-11-02', '2026-11-27', ['2026-11-12']),
    ).expect(201);
    expect(attendance.body.condition).toMatchObject({ status: 'FULFILLED' });
    view = await eventually(
      async () => {
        const v = await payments();
        return v.find((p) => p.paymentId === P2).waitingFor.length === 1 ? v : undefined;
      },
      20_000,
      'P2 sees C2 met',
    );
    expect(view.find((p) => p.paymentId === P2)).toMatchObject({ status: 'HELD', waitingFor: [{ conditionId: C3, ref: 'C3' }] });

    // 3. 5 applications in week 46 and 4 in week 47: C3 not fulfilled, P2 still waits.
    await registerEvidence(system, C3, 'job-applications', applications('2026-11-09', 5)).expect(201);
    const jobs = await registerEvidence(system, C3, 'job-applications', applications('2026-11-16', 4)).expect(201);
    expect(jobs.body.condition.status).toBe('OPEN');
    expect(jobs.body.condition.details).toContain('week 47 (2026-W47): 4 of 5 applications');
    const status = await request(system.urls['follow-up']).get(`/cases/${caseId}/conditions`).set(as(VEILEDER)).expect(200);
    expect(status.body.conditions.map((c: { ref: string; status: string }) => [c.ref, c.status])).toEqual([
      ['C1', 'FULFILLED'],
      ['C2', 'FULFILLED'],
      ['C3', 'OPEN'],
    ]);
    expect((await payments()).find((p) => p.paymentId === P2)).toMatchObject({ status: 'HELD', waitingFor: [{ ref: 'C3' }] });

    // 4. The veileder judges C3 fulfilled with a justification: P2 is released.
    const judged = await request(system.urls['follow-up'])
      .post(`/conditions/${C3}/fulfilment-judgements`)
      .set(as(VEILEDER))
      .send({ justification: 'Few suitable vacancies in week 47; 4 applications is a genuine effort.' })
      .expect(201);
    expect(judged.body).toMatchObject({
      status: 'FULFILLED',
      fulfilledBy: 'VEILEDER_JUDGEMENT',
      judgement: { actorIdent: VEILEDER, justification: 'Few suitable vacancies in week 47; 4 applications is a genuine effort.' },
    });
    const acknowledged = Date.now();
    const p2 = await released.waitFor((e) => e.payload.paymentId === P2);
    console.log(`last evidence acknowledged -> payment-released seen on Kafka: ${p2.receivedAt - acknowledged} ms`);
    expect(p2.value.payload).toMatchObject({
      amountOre: 785_000,
      dueDate: '2026-12-01',
      payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
    });
    expect(p2.value.payload.waitedFor.map((w) => w.conditionId).sort()).toEqual([C2, C3].sort());
    expect(p2.value.payload.waitedFor.find((w) => w.conditionId === C3)!.metAt).toBe(judged.body.fulfilledAt);

    // The topic holds exactly one event for P1 and one for P2, with the right amounts.
    await request(system.urls.payout)
      .get(`/payments/${P2}`)
      .set(as(VEILEDER))
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('RELEASED'));
    const ours = released.matching((e) => e.payload.decisionId === decisionId);
    expect(ours.map((s) => [s.value.payload.paymentId, s.value.payload.amountOre]).sort()).toEqual(
      [
        [P1, 850_000],
        [P2, 785_000],
      ].sort(),
    );
    expect(new Set(ours.map((s) => s.value.payload.idempotencyKey)).size).toBe(2);
  });
});
