import request from 'supertest';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { addDays, osloDate } from '@vf/rules';
import {
  DECISION_UNIT,
  OTHER_OFFICE,
  System,
  TopicWatcher,
  VEILEDER,
  applications,
  as,
  bearer,
  eventually,
  issueNovember,
  payment,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/** What each payment waits for, in words the recipient understands, and the office's overview. */
describe('what a payment waits for, and the office overview', () => {
  let system: System;
  let released: TopicWatcher<Released>;

  beforeAll(async () => {
    system = await startSystem('overview');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    await released?.stop();
    await system?.stopAll();
  });

  it('shows per case each payment, its amount and due date, and each condition it waits for with its text, deadline and progress', async () => {
    const soon = addDays(osloDate(new Date()), 3);
    const d = await issueNovember(system, (b) => {
      (b as Record<string, unknown>).veilederIdent = VEILEDER;
      b.conditions.forEach((c) => (c.deadline = soon));
    });
    await registerEvidence(system, d.c.C3, 'job-applications', applications('2026-11-09', 5)).expect(201);
    const view = await eventually(
      async () => {
        const res = await request(system.urls.payout).get(`/cases/${d.caseId}/payments`).set(as(VEILEDER)).expect(200);
        const p2 = res.body.payments.find((p: { ref: string }) => p.ref === 'P2');
        return p2.waitingFor.find((w: { ref: string }) => w.ref === 'C3')?.progress ? res.body : undefined;
      },
      20_000,
      'progress of C3 reaches payout',
    );
    const p2 = view.payments.find((p: { ref: string }) => p.ref === 'P2');
    expect(p2).toMatchObject({ status: 'HELD', amountOre: 785_000, dueDate: '2026-12-01' });
    expect(p2.waitingFor.find((w: { ref: string }) => w.ref === 'C3')).toEqual({
      conditionId: d.c.C3,
      ref: 'C3',
      text: 'Send minst 5 jobbsøknader i uke 46 og i uke 47.',
      deadline: soon,
      status: 'OPEN',
      progress: '1 of 2 weeks have the required applications',
      achievable: true,
    });
    await request(system.urls.payout)
      .get(`/cases/${d.caseId}/payments`)
      .set(bearer('Z300003', 'veileder', [OTHER_OFFICE]))
      .expect(403);

    // Meet C1: P1 is released, and the overview counts it.
    await registerEvidence(system, d.c.C1, 'documents', rentReceipt()).expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    await eventually(async () => (await payment(system, d.p.P1)).status === 'RELEASED', 20_000, 'P1 released');
    await system.settled();

    const overview = (await request(system.urls.payout).get('/offices/0301/overview').set(as(DECISION_UNIT)).expect(200)).body;
    const expected = {
      openConditions: 2,
      deadlinesNext7Days: 2,
      breachesAwaitingDecision: 0,
      heldPayments: { count: 1, amountOre: 785_000 },
      releaseLatencyMs: { count: 1, median: expect.any(Number), p95: expect.any(Number), histogram: expect.any(Array) },
    };
    expect(overview.total).toEqual(expected);
    expect(overview.byVeileder).toEqual([{ veilederIdent: VEILEDER, ...expected }]);
    expect(overview.total.releaseLatencyMs.median).toBeLessThan(5_000);
    // The one release is counted once, in the bucket that holds its latency.
    const { histogram, median } = overview.total.releaseLatencyMs;
    expect(histogram.filter((b: { count: number }) => b.count > 0)).toEqual([
      { label: median <= 1_000 ? 'under 1 sek' : '1–10 sek', upToMs: median <= 1_000 ? 1_000 : 10_000, count: 1 },
    ]);
    await request(system.urls.payout).get(`/offices/${OTHER_OFFICE}/overview`).set(as(DECISION_UNIT)).expect(403);
  });
});
