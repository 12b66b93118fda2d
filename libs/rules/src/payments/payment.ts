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
 * The payment's lifecycle in this slice:
 *   NONE --PaymentPlanned--> HELD --PaymentReleased--> RELEASED
 * A payment with no gating condition goes NONE -> HELD -> RELEASED in one decision.
 * RELEASED is final here; later issues add stop, cancel, reduce and settlement.
 */
export type PaymentStatus = 'NONE' | 'HELD' | 'RELEASED';

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  NONE: ['HELD'],
  HELD: ['HELD', 'RELEASED'],
  RELEASED: [],
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
  | { type: 'RecordConditionMet'; conditionId: string; metAt: string; now: string };

export interface WaitedFor {
  conditionId: string;
  metAt: string;
}

export type PaymentEvent =
  | { type: 'PaymentPlanned'; terms: PaymentTerms; gates: Gates }
  | { type: 'GateMet'; paymentId: string; conditionId: string; metAt: string }
  | { type: 'PaymentReleased'; paymentId: string; releasedAt: string; waitedFor: WaitedFor[] };
