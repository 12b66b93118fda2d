import { CalendarDate } from '../calendar/calendar-date';
import { Ore } from '../money/money';

/** Utbetaling: one amount to one payee on one due date. */
export type Payee =
  | { type: 'RECIPIENT'; nationalId: string }
  /** Annen mottaker, e.g. the landlord. */
  | { type: 'THIRD_PARTY'; name: string; accountNumber: string };

export interface PaymentTerms {
  paymentId: string;
  decisionId: string;
  caseId: string;
  purpose: string;
  amountOre: Ore;
  dueDate: CalendarDate;
  payee: Payee;
  /** Not to be released before this day (Oslo), e.g. the second half-month's living costs. */
  notBefore: CalendarDate | null;
}

/**
 * The payment's lifecycle, one explicit state machine:
 *
 *   NONE ──Planned──▶ HELD ──Released──▶ RELEASED ──Paid──▶ PAID
 *                      │ ▲                  │
 *     GateMet/Lifted/  │ │                  └──Failed──▶ FAILED ──Released (again, by the decision unit)──▶ RELEASED
 *     Reopened/Reduced └─┘
 *                      ├──Stopped──▶ STOPPED
 *                      └──Cancelled──▶ CANCELLED   (the decision was revoked)
 *
 * "Reduced" is a decision on a breach: the amount changes and the breached gate is resolved, and the
 * payment is released with the new amount when nothing else holds it. A released, paid or failed
 * payment whose condition reopens, or that an action reaches too late, is questioned and not changed.
 */
export type PaymentStatus = 'NONE' | 'HELD' | 'RELEASED' | 'PAID' | 'FAILED' | 'STOPPED' | 'CANCELLED';
export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['NONE', 'HELD', 'RELEASED', 'PAID', 'FAILED', 'STOPPED', 'CANCELLED'];

/** How a gate stopped holding the payment. */
export type Resolution = 'MET' | 'LIFTED' | 'REDUCED';
const RESOLUTION_RECORD: Record<Resolution, true> = { MET: true, LIFTED: true, REDUCED: true };
export const RESOLUTIONS = Object.keys(RESOLUTION_RECORD) as readonly Resolution[];
export interface GateResolution {
  at: string;
  how: Resolution;
}
/** Per gating condition: how and when it stopped holding the payment, or null while it holds it. */
export type Gates = Record<string, GateResolution | null>;

export interface Reduction {
  fromOre: Ore;
  toOre: Ore;
  conditionId: string;
  assessment: string;
}

export interface Settlement {
  outcome: 'PAID' | 'FAILED';
  reference: string | null;
  paidOn: CalendarDate | null;
  reason: string | null;
  reportedAt: string;
}

/**
 * The key the payment team executes an order once by: one per payment and release attempt. It is
 * deterministic, so a release sent twice is executed once. Defined here only; payout builds
 * payment-released from it and checks settlement reports against it.
 */
export const releaseIdempotencyKey = (paymentId: string, attempt: number) => `vilkarsflyt:payment:${paymentId}:release:${attempt}`;

/** One release of the payment to the payment team, and what the payment team reported for it. */
export interface ReleaseAttempt {
  attempt: number;
  idempotencyKey: string;
  releasedAt: string;
  amountOre: Ore;
  /** Null until the payment team reports on this release. */
  settlement: Settlement | null;
}

export type PaymentState =
  | { status: 'NONE' }
  | {
      status: Exclude<PaymentStatus, 'NONE'>;
      terms: PaymentTerms;
      gates: Gates;
      /** Release attempts so far; the idempotency key of a release names its attempt. */
      releases: number;
      releasedAt: string | null;
      reduction: Reduction | null;
      /** The current release's settlement (the last attempt's). */
      settlement: Settlement | null;
      stopReason: string | null;
      /** Every release attempt, oldest first, each with its own settlement. */
      attempts: ReleaseAttempt[];
    };

export type PaymentCommand =
  /** From decision-issued. `knownResolutions`: conditions already reported met or lifted (events may come out of order). */
  | { type: 'PlanPayment'; terms: PaymentTerms; gatingConditionIds: string[]; knownResolutions: Gates; now: Date }
  | { type: 'RecordConditionMet'; conditionId: string; metAt: string; now: Date }
  | { type: 'RecordConditionLifted'; conditionId: string; liftedAt: string; now: Date }
  | { type: 'RecordConditionReopened'; conditionId: string; reason: string; now: Date }
  /** A condition added to the decision after it was issued. */
  | { type: 'AddGate'; conditionId: string; now: Date }
  | { type: 'Reduce'; reduction: Omit<Reduction, 'fromOre'>; now: Date }
  | { type: 'Stop'; reason: string; now: Date }
  | { type: 'Cancel'; reason: string; now: Date }
  | { type: 'ReleaseAgain'; reason: string; now: Date }
  /** The payment team's report on a release, named by its idempotency key. */
  | { type: 'ReportSettlement'; idempotencyKey: string; settlement: Settlement; now: Date }
  /** The release job: a payment waiting only for its not-before date. */
  | { type: 'CheckDue'; now: Date };

export interface WaitedFor {
  conditionId: string;
  metAt: string;
  resolution: Resolution;
}

export type PaymentEvent =
  | { type: 'PaymentPlanned'; terms: PaymentTerms; gates: Gates }
  | { type: 'GateResolved'; paymentId: string; conditionId: string; resolution: GateResolution }
  | { type: 'GateReopened'; paymentId: string; conditionId: string; reason: string }
  | { type: 'GateAdded'; paymentId: string; conditionId: string }
  | { type: 'PaymentReduced'; paymentId: string; reduction: Reduction; at: string }
  | { type: 'PaymentReleased'; paymentId: string; attempt: number; releasedAt: string; amountOre: Ore; waitedFor: WaitedFor[] }
  | { type: 'ReleaseQuestioned'; paymentId: string; conditionId: string | null; reason: string; at: string }
  | { type: 'PaymentStopped'; paymentId: string; reason: string; at: string }
  | { type: 'PaymentCancelled'; paymentId: string; reason: string; at: string }
  | { type: 'PaymentSettled'; paymentId: string; settlement: Settlement };
