import request from 'supertest';
import { randomUUID } from 'crypto';
import { DECISION_UNIT, VEILEDER, as, november2026Decision } from './fixtures';
import { System } from './system';
import { eventually } from './topic-watcher';

export type Issued = Awaited<ReturnType<typeof issueNovember>>;

/**
 * Issues the November 2026 decision (optionally changed), waits until follow-up and payout know it,
 * and returns its ids by ref: p.P1, c.C1 …
 */
export async function issueNovember(system: System, mutate: (d: ReturnType<typeof november2026Decision>) => void = () => undefined) {
  const caseId = `K-${randomUUID().slice(0, 8)}`;
  const body = november2026Decision(caseId);
  mutate(body);
  const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(body).expect(201);
  const byRef = (list: Array<{ ref: string }>, key: string) =>
    Object.fromEntries(list.map((x) => [x.ref, (x as Record<string, string>)[key]]));
  const decisionId = res.body.decisionId as string;
  await eventually(
    async () => (await request(system.urls.payout).get(`/decisions/${decisionId}/payments`).set(as(VEILEDER))).status === 200,
    20_000,
    'payout knows the decision',
  );
  if (body.conditions.length > 0) {
    await eventually(
      async () => (await request(system.urls['follow-up']).get(`/cases/${caseId}/conditions`).set(as(VEILEDER))).status === 200,
      20_000,
      'follow-up knows the case',
    );
  }
  return { caseId, decisionId, p: byRef(res.body.payments, 'paymentId'), c: byRef(res.body.conditions, 'conditionId') };
}

export const payment = async (system: System, paymentId: string) =>
  (await request(system.urls.payout).get(`/payments/${paymentId}`).set(as(VEILEDER)).expect(200)).body;

export const amend = (system: System, decisionId: string, path: string, body: object) =>
  request(system.urls.decision).post(`/decisions/${decisionId}/${path}`).set(as(DECISION_UNIT)).send(body);
