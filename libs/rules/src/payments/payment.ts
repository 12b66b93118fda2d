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
}

/**
 * The payment's lifecycle:
 *   NONE --PaymentPlanned--> HELD --PaymentReleased--> RELEASED
 *   HELD --GateMet / GateReopened--> HELD
 *   RELEASED --ReleaseQuestioned--> RELEASED   (a gate reopened after release: nothing is clawed back)
 * A payment with no gating condition goes NONE -> HELD -> RELEASED in one decision.
 */
export type PaymentStatus = 'NONE' | 'HELD' | 'RELEASED';

/** For each event: the statuses it may happen in, and the status it leads to. Nothing else is possible. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentEvent['type'], { from: readonly PaymentStatus[]; to: PaymentStatus | 'SAME' }>> = {
  PaymentPlanned: { from: ['NONE'], to: 'HELD' },
  GateMet: { from: ['HELD'], to: 'HELD' },
  GateReopened: { from: ['HELD'], to: 'HELD' },
  PaymentReleased: { from: ['HELD'], to: 'RELEASED' },
  ReleaseQuestioned: { from: ['RELEASED'], to: 'RELEASED' },
};

/** When each gating condition was met (ISO instant), or null while it is not. */
export type Gates = Record<string, string | null>;

export type PaymentState =
  | { status: 'NONE' }
  | { status: 'HELD' | 'RELEASED'; terms: PaymentTerms; gates: Gates; releasedAt: string | null };

export type PaymentCommand =
  /** From decision-issued. `knownFulfilments` are conditions already reported met (events may arrive out of order). */
  | {
      type: 'PlanPayment';
      terms: PaymentTerms;
      gatingConditionIds: string[];
      knownFulfilments: Record<string, string>;
      now: string;
    }
  /** From condition-fulfilled. */
  | { type: 'RecordConditionMet'; conditionId: string; metAt: string; now: string }
  /** From condition-reopened. */
  | { type: 'RecordConditionReopened'; conditionId: string; reason: string; now: string };

export interface WaitedFor {
  conditionId: string;
  metAt: string;
}

export type PaymentEvent =
  | { type: 'PaymentPlanned'; terms: PaymentTerms; gates: Gates }
  | { type: 'GateMet'; paymentId: string; conditionId: string; metAt: string }
  | { type: 'PaymentReleased'; paymentId: string; releasedAt: string; waitedFor: WaitedFor[] }
  | { type: 'GateReopened'; paymentId: string; conditionId: string; reason: string }
  | { type: 'ReleaseQuestioned'; paymentId: string; conditionId: string; reason: string; at: string };
