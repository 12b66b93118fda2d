import request from 'supertest';
import { randomUUID } from 'crypto';
import { DECISION_UNIT, VEILEDER, as, november2026Decision } from './fixtures';
import { bearer } from './tokens';
import { System } from './system';
import { eventually } from './topic-watcher';

export type Issued = Awaited<ReturnType<typeof issueNovember>>;

export interface IssueOptions {
  /** The case; a new one by default. */
  caseId?: string;
  /** The office (and the decision unit's token scoped to it); 0301 by default. */
  office?: string;
  /** Wait until follow-up and payout know the decision (default true). */
  wait?: boolean;
}

/**
 * Issues the November 2026 decision (optionally changed), waits until follow-up and payout know it,
 * and returns its ids by ref: p.P1, c.C1 …
 */
export async function issueNovember(
  system: System,
  mutate: (d: ReturnType<typeof november2026Decision>) => void = () => undefined,
  options: IssueOptions = {},
) {
  const caseId = options.caseId ?? `K-${randomUUID().slice(0, 8)}`;
  const body = november2026Decision(caseId);
  if (options.office) body.office = options.office;
  mutate(body);
  const decisionUnit = options.office ? bearer(DECISION_UNIT, 'decision-unit', [options.office]) : as(DECISION_UNIT);
  const res = await request(system.urls.decision).post('/decisions').set(decisionUnit).send(body).expect(201);
  const byRef = (list: Array<{ ref: string }>, key: string) =>
    Object.fromEntries(list.map((x) => [x.ref, (x as Record<string, string>)[key]]));
  const decisionId = res.body.decisionId as string;
  const veileder = options.office ? bearer(VEILEDER, 'veileder', [options.office]) : as(VEILEDER);
  if (options.wait !== false) {
    await eventually(
      async () => (await request(system.urls.payout).get(`/decisions/${decisionId}/payments`).set(veileder)).status === 200,
      20_000,
      'payout knows the decision',
    );
  }
  if (options.wait !== false && body.conditions.length > 0) {
    await eventually(
      async () => (await request(system.urls['follow-up']).get(`/cases/${caseId}/conditions`).set(veileder)).status === 200,
      20_000,
      'follow-up knows the case',
    );
  }
  return { caseId, decisionId, p: byRef(res.body.payments, 'paymentId'), c: byRef(res.body.conditions, 'conditionId') };
}

/**
 * A third payment for the November decision, P3 (3 925,00 kr of living costs to the recipient), due and
 * held until `day` (its not-before day): `b.payments.push(heldUntil(b, day))`. Add its ref to a condition's
 * gates to hold it by that too.
 */
export const heldUntil = (b: ReturnType<typeof november2026Decision>, day: string) =>
  ({
    ref: 'P3',
    purpose: 'LIVING_COSTS_2',
    amountOre: 392_500,
    dueDate: day,
    payee: { type: 'RECIPIENT', nationalId: b.recipientNationalId },
    notBefore: day,
  }) as never;

export type EvidenceKind = 'documents' | 'covered-documents' | 'attendance-lists' | 'job-applications' | 'activities';

/** A veileder registers evidence on a condition (POST /conditions/:id/evidence/<kind>). */
export const registerEvidence = (
  system: System,
  conditionId: string,
  kind: EvidenceKind,
  body: object,
  headers: Record<string, string> = as(VEILEDER),
) => request(system.urls['follow-up']).post(`/conditions/${conditionId}/evidence/${kind}`).set(headers).send(body);

/** The rent receipt for November 2026 that condition C1 asks for, received and accepted. */
export const rentReceipt = (receivedOn = '2026-11-20') => ({ documentType: 'RENT_RECEIPT_2026_11', receivedOn, outcome: 'ACCEPTED' });

export const payment = async (system: System, paymentId: string) =>
  (await request(system.urls.payout).get(`/payments/${paymentId}`).set(as(VEILEDER)).expect(200)).body;

export const amend = (system: System, decisionId: string, path: string, body: object) =>
  request(system.urls.decision).post(`/decisions/${decisionId}/${path}`).set(as(DECISION_UNIT)).send(body);
