import { CalendarDate } from '../calendar/calendar-date';
import { ConditionEvent } from '../conditions/condition.decider';
import { Amendment } from '../decisions/decision-amendment.decider';
import { Ore } from '../money/money';
import { PaymentCommand, PaymentState, PaymentStatus } from '../payments/payment';
import { decidePayment, evolvePayment, waitingFor, waitingForDate } from '../payments/payment.decider';

/**
 * "What would happen if": a change to what holds payments, as payout would hear it. A condition met
 * (evidence, judgement, or a breached one met at once by a new deadline), lifted, or reopened; or a
 * payment reduced after a breach.
 */
export type GateChange =
  | { kind: 'MET'; conditionId: string }
  | { kind: 'LIFTED'; conditionId: string }
  | { kind: 'REOPENED'; conditionId: string; reason: string }
  | { kind: 'REDUCED'; conditionId: string; paymentId: string; toOre: Ore; assessment: string };
export const GATE_CHANGE_KINDS: readonly GateChange['kind'][] = ['MET', 'LIFTED', 'REOPENED', 'REDUCED'];

/** The changes to payment gates a condition's events would cause, in order. */
export function gateChangesOf(events: readonly ConditionEvent[]): GateChange[] {
  return events.flatMap((e): GateChange[] => {
    switch (e.type) {
      case 'ConditionFulfilled':
        return [{ kind: 'MET', conditionId: e.conditionId }];
      case 'ConditionLifted':
        return [{ kind: 'LIFTED', conditionId: e.conditionId }];
      case 'ConditionReopened':
        return [{ kind: 'REOPENED', conditionId: e.conditionId, reason: e.reason }];
      default:
        return [];
    }
  });
}

/**
 * The changes to payment gates an amendment causes in payout directly: a lift resolves the gate, a
 * reduction resolves it with the new amount. A new deadline reaches payments only through follow-up
 * (a breached condition whose evidence meets it is fulfilled at once), so it is asked there; every
 * other amendment releases nothing.
 */
export function gateChangesOfAmendment(amendment: Amendment, assessment: string): GateChange[] {
  switch (amendment.kind) {
    case 'CONDITION_LIFTED':
      return [{ kind: 'LIFTED', conditionId: amendment.conditionId }];
    case 'PAYMENT_REDUCED':
      return [{ kind: 'REDUCED', conditionId: amendment.conditionId, paymentId: amendment.paymentId, toOre: amendment.toOre, assessment }];
    default:
      return [];
  }
}

/**
 * What a payment would do: RELEASED (sent to the payment team now, with `releasedAmountOre`), HELD
 * (still held: `waitingFor` conditions and/or `waitingForDate`), HELD_AGAIN (a met gate reopened),
 * QUESTIONED (already released: the change would go to the decision unit instead), UNCHANGED (the
 * change does not reach it: already released, stopped, cancelled, or the change repeats what payout knows).
 */
export type PaymentOutcome = 'RELEASED' | 'HELD' | 'HELD_AGAIN' | 'QUESTIONED' | 'UNCHANGED';

export interface PaymentForecast {
  paymentId: string;
  statusNow: Exclude<PaymentStatus, 'NONE'>;
  statusAfter: Exclude<PaymentStatus, 'NONE'>;
  outcome: PaymentOutcome;
  /** The amount before the change, and after it (a reduction lowers it). */
  amountOreNow: Ore;
  amountOreAfter: Ore;
  /** The amount the payment team would receive now; null unless RELEASED. */
  releasedAmountOre: Ore | null;
  /** Conditions that would still hold it (when it stays HELD). */
  waitingFor: string[];
  /** Its not-before day, when that alone (or also) would hold it. */
  waitingForDate: CalendarDate | null;
}

function commandFor(change: GateChange, now: Date): PaymentCommand {
  const at = now.toISOString();
  switch (change.kind) {
    case 'MET':
      return { type: 'RecordConditionMet', conditionId: change.conditionId, metAt: at, now };
    case 'LIFTED':
      return { type: 'RecordConditionLifted', conditionId: change.conditionId, liftedAt: at, now };
    case 'REOPENED':
      return { type: 'RecordConditionReopened', conditionId: change.conditionId, reason: change.reason, now };
    case 'REDUCED':
      return {
        type: 'Reduce',
        reduction: { conditionId: change.conditionId, toOre: change.toOre, assessment: change.assessment },
        now,
      };
  }
}

/** Whether a change concerns a payment at all: a gate of it, or (a reduction) the payment itself. */
function reaches(change: GateChange, state: Exclude<PaymentState, { status: 'NONE' }>): boolean {
  if (change.kind === 'REDUCED') return change.paymentId === state.terms.paymentId;
  return change.conditionId in state.gates;
}

/**
 * The payments the changes reach, and what the payment decider would decide for each, given payout's
 * state now. Runs the very decider payout runs, on copies: nothing is stored. The order of the
 * payments is kept. A rule the change breaks (e.g. a reduction to zero) throws, as it would for real.
 */
export function forecastPayments(changes: readonly GateChange[], payments: readonly PaymentState[], now: Date): PaymentForecast[] {
  const forecasts: PaymentForecast[] = [];
  for (const before of payments) {
    if (before.status === 'NONE') continue;
    const relevant = changes.filter((c) => reaches(c, before));
    if (relevant.length === 0) continue;
    let state: PaymentState = before;
    const seen = new Set<string>();
    let releasedAmountOre: Ore | null = null;
    for (const change of relevant) {
      for (const event of decidePayment(commandFor(change, now), state)) {
        seen.add(event.type);
        if (event.type === 'PaymentReleased') releasedAmountOre = event.amountOre;
        state = evolvePayment(state, event);
      }
    }
    const after = state as Exclude<PaymentState, { status: 'NONE' }>;
    const outcome: PaymentOutcome = seen.has('PaymentReleased')
      ? 'RELEASED'
      : seen.has('ReleaseQuestioned')
        ? 'QUESTIONED'
        : seen.has('GateReopened')
          ? 'HELD_AGAIN'
          : after.status === 'HELD'
            ? 'HELD'
            : 'UNCHANGED';
    forecasts.push({
      paymentId: before.terms.paymentId,
      statusNow: before.status,
      statusAfter: after.status,
      outcome,
      amountOreNow: before.terms.amountOre,
      amountOreAfter: after.terms.amountOre,
      releasedAmountOre,
      waitingFor: after.status === 'HELD' ? waitingFor(after) : [],
      waitingForDate: waitingForDate(after, now),
    });
  }
  return forecasts;
}
