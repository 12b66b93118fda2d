// What the services answer, as far as the screens read it.
import type { Progress } from '@vf/rules';

export interface ConditionView {
  conditionId: string;
  decisionId: string;
  caseId: string;
  ref: string;
  kind: string;
  text: string;
  /** Whose condition it is: RECIPIENT or PARTNER (spouse or cohabitant). */
  person?: string;
  category?: string | null;
  deadline: string;
  requirement: { kind: string } & Record<string, unknown>;
  gatesPaymentIds: string[];
  status: string;
  summary: string;
  progress: Progress;
  details: string[];
  achievable: boolean;
  breachedAt: string | null;
  fulfilledAt: string | null;
  fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT' | null;
  judgement: { justification: string; actorIdent: string; judgedAt: string } | null;
  evidence: Array<{
    evidenceId: string;
    kind: string;
    registeredAt: string;
    registeredBy: string;
    withdrawal: { reason: string; actorIdent: string; withdrawnAt: string } | null;
  }>;
}

export interface Settlement {
  outcome: 'PAID' | 'FAILED';
  reference: string | null;
  paidOn: string | null;
  reason: string | null;
  reportedAt: string;
}

export interface PaymentView {
  paymentId: string;
  decisionId: string;
  caseId: string;
  office?: string;
  ref: string;
  purpose: string;
  amountOre: number;
  dueDate: string;
  notBefore: string | null;
  payee: { type: 'RECIPIENT'; nationalId: string } | { type: 'THIRD_PARTY'; name: string; accountNumber: string };
  status: string;
  releases: number;
  releasedAt: string | null;
  reduction: { fromOre: number; toOre: number; conditionId: string; assessment: string } | null;
  settlement: Settlement | null;
  stopReason: string | null;
  waitingFor: Array<{
    conditionId: string;
    ref: string | null;
    text: string | null;
    deadline: string | null;
    status: string | null;
    progress: string | null;
    achievable: boolean | null;
  }>;
  waitingForDate: string | null;
  resolved: Array<{ conditionId: string; ref: string | null; text: string | null; at: string; how: string }>;
  attempts?: Array<{ attempt: number; idempotencyKey: string; releasedAt: string; amountOre: number; settlement: Settlement | null }>;
}

export interface DecisionView {
  decisionId: string;
  caseId: string;
  office: string;
  recipientNationalId: string;
  periodFrom: string;
  periodTo: string;
  reductionOnBreachAnnounced: boolean;
  /** The recipient and the spouse or cohabitant, with § 20 a as it applied on the period's first day. */
  persons?: Array<{
    person: 'RECIPIENT' | 'PARTNER';
    relation: 'RECIPIENT' | 'SPOUSE' | 'COHABITANT';
    nationalId: string;
    activityDutyApplies: boolean;
    activityException: { code: string; name: string; reason: string } | null;
  }>;
  veilederIdent: string | null;
  issuedAt: string;
  issuedBy: string;
  revoked: boolean;
  payments: Array<{
    paymentId: string;
    ref: string;
    purpose: string;
    amountOre: number;
    currentAmountOre: number;
    dueDate: string;
    status: string | null;
    payee: PaymentView['payee'];
    notBefore?: string | null;
  }>;
  conditions: Array<{
    conditionId: string;
    ref: string;
    text: string;
    deadline: string;
    requirement: ConditionView['requirement'];
    gates: string[];
    gatesPaymentIds: string[];
    status: string | null;
    breached: boolean;
    person?: string;
    category?: string | null;
  }>;
}

export interface JournalEntry {
  at: string;
  actor: { ident: string; role: string } | null;
  action: string;
  what: string;
  why: string | null;
}

export interface WorklistItem {
  itemId: string;
  kind: string;
  office: string;
  caseId: string;
  decisionId: string;
  conditionId: string | null;
  paymentId: string | null;
  summary: string;
  raisedAt: string;
}
