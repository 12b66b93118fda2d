import { compareDates, osloDate } from '../calendar/calendar-date';
import { Decider } from '../decider';
import { RuleViolation } from '../errors/rule-violation';
import { PaymentCommand, PaymentEvent, PaymentState, PaymentStatus, releaseIdempotencyKey } from './payment';

export const initialPaymentState: PaymentState = { status: 'NONE' };

type Known = Exclude<PaymentState, { status: 'NONE' }>;
type Target = Exclude<PaymentStatus, 'NONE'> | 'SAME' | 'BY_OUTCOME';

/** For each event: the statuses it may happen in, and the status it leads to. Nothing else is possible. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentEvent['type'], { from: readonly PaymentStatus[]; to: Target }>> = {
  PaymentPlanned: { from: ['NONE'], to: 'HELD' },
  GateResolved: { from: ['HELD'], to: 'HELD' },
  GateReopened: { from: ['HELD'], to: 'HELD' },
  GateAdded: { from: ['HELD'], to: 'HELD' },
  PaymentReduced: { from: ['HELD'], to: 'HELD' },
  PaymentReleased: { from: ['HELD', 'FAILED'], to: 'RELEASED' },
  ReleaseQuestioned: { from: ['RELEASED', 'PAID', 'FAILED'], to: 'SAME' },
  PaymentStopped: { from: ['HELD'], to: 'STOPPED' },
  PaymentCancelled: { from: ['HELD'], to: 'CANCELLED' },
  PaymentSettled: { from: ['RELEASED'], to: 'BY_OUTCOME' }, // PAID or FAILED
};

const RELEASED_OR_LATER: readonly PaymentStatus[] = ['RELEASED', 'PAID', 'FAILED'];

/** The conditions a payment still waits for. */
export function waitingFor(state: PaymentState): string[] {
  if (state.status === 'NONE') return [];
  return Object.entries(state.gates)
    .filter(([, r]) => r === null)
    .map(([id]) => id);
}

/** The day a held payment waits for once its conditions allow, if that day has not come yet. */
export function waitingForDate(state: PaymentState, now: Date): string | null {
  if (state.status !== 'HELD' || !state.terms.notBefore) return null;
  return compareDates(osloDate(now), state.terms.notBefore) < 0 ? state.terms.notBefore : null;
}

/** A release: the next attempt, with what the payment waited for (every gate, how and when resolved), by condition id. */
function releaseEvent(state: Extract<PaymentState, { terms: unknown }>, now: Date): PaymentEvent {
  const waitedFor = Object.entries(state.gates)
    .map(([conditionId, r]) => ({ conditionId, metAt: r!.at, resolution: r!.how }))
    .sort((a, b) => a.conditionId.localeCompare(b.conditionId));
  return {
    type: 'PaymentReleased',
    paymentId: state.terms.paymentId,
    attempt: state.releases + 1,
    releasedAt: now.toISOString(),
    amountOre: state.terms.amountOre,
    waitedFor,
  };
}

function releaseIfAllowed(state: PaymentState, now: Date): PaymentEvent[] {
  if (state.status !== 'HELD' || waitingFor(state).length > 0 || waitingForDate(state, now)) return [];
  return [releaseEvent(state, now)];
}

/** Applies `first` and adds a release if the payment may go now. */
function thenRelease(state: PaymentState, first: PaymentEvent[], now: Date): PaymentEvent[] {
  return [...first, ...releaseIfAllowed(foldPayment(first, state), now)];
}

const question = (state: Known, conditionId: string | null, reason: string, now: Date): PaymentEvent[] => [
  { type: 'ReleaseQuestioned', paymentId: state.terms.paymentId, conditionId, reason, at: now.toISOString() },
];

/**
 * A payment is released when every condition that gates it is met, lifted or decided by a reduction,
 * and its not-before day has come; never twice for one attempt. Repeated or late commands decide
 * nothing; an action that comes after the release is questioned instead of applied.
 */
export function decidePayment(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  if (command.type === 'PlanPayment') {
    if (state.status !== 'NONE') return [];
    const gates: Record<string, (typeof command.knownResolutions)[string]> = {};
    for (const id of command.gatingConditionIds) gates[id] = command.knownResolutions[id] ?? null;
    return thenRelease(state, [{ type: 'PaymentPlanned', terms: command.terms, gates }], command.now);
  }
  if (state.status === 'NONE') {
    if (command.type === 'ReportSettlement') throw RuleViolation.invalid('paymentId', 'no such payment');
    return []; // the decision has not reached payout yet; what it needs is remembered elsewhere
  }
  const { paymentId } = state.terms;
  const now = command.now;
  const released = RELEASED_OR_LATER.includes(state.status);
  switch (command.type) {
    case 'RecordConditionMet':
    case 'RecordConditionLifted': {
      if (state.status !== 'HELD' || !(command.conditionId in state.gates) || state.gates[command.conditionId] !== null) return [];
      const resolution =
        command.type === 'RecordConditionMet'
          ? { at: command.metAt, how: 'MET' as const }
          : { at: command.liftedAt, how: 'LIFTED' as const };
      return thenRelease(state, [{ type: 'GateResolved', paymentId, conditionId: command.conditionId, resolution }], now);
    }
    case 'RecordConditionReopened': {
      const gate = state.gates[command.conditionId];
      if (!gate || gate.how !== 'MET') return []; // a lift or a reduction stands
      if (released) return question(state, command.conditionId, command.reason, now);
      if (state.status !== 'HELD') return [];
      return [{ type: 'GateReopened', paymentId, conditionId: command.conditionId, reason: command.reason }];
    }
    case 'AddGate': {
      if (command.conditionId in state.gates) return [];
      if (released) return question(state, command.conditionId, 'a condition was added after the payment was released', now);
      if (state.status !== 'HELD') return [];
      return [{ type: 'GateAdded', paymentId, conditionId: command.conditionId }];
    }
    case 'Reduce': {
      const { toOre, conditionId } = command.reduction;
      if (released) return question(state, conditionId, `a reduction to ${toOre} øre arrived after the payment was released`, now);
      if (state.status !== 'HELD') return [];
      if (!(conditionId in state.gates)) throw RuleViolation.invalid('conditionId', 'the condition does not gate this payment');
      if (!Number.isSafeInteger(toOre) || toOre <= 0)
        throw RuleViolation.invalid('amountOre', 'a reduction is never to zero: enter a whole number of øre above 0');
      if (toOre >= state.terms.amountOre)
        throw RuleViolation.invalid('amountOre', `must be less than the current ${state.terms.amountOre} øre`);
      const reduction = { ...command.reduction, fromOre: state.terms.amountOre };
      return thenRelease(state, [{ type: 'PaymentReduced', paymentId, reduction, at: now.toISOString() }], now);
    }
    case 'Stop':
      if (released) return question(state, null, `a stop arrived after the payment was released: ${command.reason}`, now);
      if (state.status !== 'HELD') return [];
      return [{ type: 'PaymentStopped', paymentId, reason: command.reason, at: now.toISOString() }];
    case 'Cancel':
      if (state.status !== 'HELD') return [];
      return [{ type: 'PaymentCancelled', paymentId, reason: command.reason, at: now.toISOString() }];
    case 'ReleaseAgain': {
      if (state.status !== 'FAILED') return [];
      return [releaseEvent(state, now)];
    }
    case 'ReportSettlement': {
      const { outcome, reference, paidOn, reason } = command.settlement;
      const notReleased = () => RuleViolation.conflict('outcome', `the payment is ${state.status}; a ${outcome} report does not apply`);
      if (!released) throw notReleased();
      const current = releaseIdempotencyKey(paymentId, state.releases);
      if (command.idempotencyKey !== current) {
        throw RuleViolation.conflict('idempotencyKey', `the payment's current release is ${current}`);
      }
      if (outcome === 'PAID' && (!reference || !paidOn))
        throw RuleViolation.invalid('reference', 'a paid report carries the reference and paidOn');
      if (outcome === 'FAILED' && !reason) throw RuleViolation.invalid('reason', 'a failed report carries the reason');
      if (state.status === outcome) return []; // a repeated report is harmless
      if (state.status !== 'RELEASED') throw notReleased();
      return [{ type: 'PaymentSettled', paymentId, settlement: command.settlement }];
    }
    case 'CheckDue':
      return releaseIfAllowed(state, now);
  }
}

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  const rule = PAYMENT_TRANSITIONS[event.type];
  if (!rule.from.includes(state.status)) throw new Error(`illegal payment transition: ${event.type} in ${state.status}`);
  if (event.type === 'PaymentPlanned') {
    return {
      status: 'HELD',
      terms: event.terms,
      gates: event.gates,
      releases: 0,
      releasedAt: null,
      reduction: null,
      settlement: null,
      stopReason: null,
      attempts: [],
    };
  }
  const s = state as Known;
  switch (event.type) {
    case 'GateResolved':
      return { ...s, gates: { ...s.gates, [event.conditionId]: event.resolution } };
    case 'GateReopened':
    case 'GateAdded':
      return { ...s, gates: { ...s.gates, [event.conditionId]: null } };
    case 'PaymentReduced':
      return {
        ...s,
        terms: { ...s.terms, amountOre: event.reduction.toOre },
        reduction: event.reduction,
        gates: { ...s.gates, [event.reduction.conditionId]: { at: event.at, how: 'REDUCED' } },
      };
    case 'PaymentReleased':
      return {
        ...s,
        status: 'RELEASED',
        releases: event.attempt,
        releasedAt: event.releasedAt,
        settlement: null,
        attempts: [
          ...s.attempts,
          {
            attempt: event.attempt,
            idempotencyKey: releaseIdempotencyKey(s.terms.paymentId, event.attempt),
            releasedAt: event.releasedAt,
            amountOre: event.amountOre,
            settlement: null,
          },
        ],
      };
    case 'ReleaseQuestioned':
      return s;
    case 'PaymentStopped':
      return { ...s, status: 'STOPPED', stopReason: event.reason };
    case 'PaymentCancelled':
      return { ...s, status: 'CANCELLED', stopReason: event.reason };
    case 'PaymentSettled':
      // A report is for the current release (payout checks its idempotency key): the last attempt.
      return {
        ...s,
        status: event.settlement.outcome,
        settlement: event.settlement,
        attempts: s.attempts.map((a) => (a.attempt === s.releases ? { ...a, settlement: event.settlement } : a)),
      };
  }
}

export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = {
  decide: decidePayment,
  evolve: evolvePayment,
};

export function foldPayment(events: readonly PaymentEvent[], state: PaymentState = initialPaymentState): PaymentState {
  return events.reduce(evolvePayment, state);
}
