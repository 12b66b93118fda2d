import { CalendarDate, compareDates, isCalendarDate } from '../calendar/calendar-date';
import { ConditionStatus, Requirement } from '../conditions/condition';
import { PaymentStatus } from '../payments/payment';
import { Decider } from '../decider';
import { FieldError, RuleViolation } from '../errors/rule-violation';
import { checkRequirement } from './decision';
import { ConditionCategory, PersonRef } from '../household/household';

/**
 * What the decision unit may still change on an issued decision, and what it knows of how things
 * went (releases, settlements, breaches) from the other services' events.
 */
/** A payment's status as payout reports it (the payment decider's own vocabulary, once planned). */
export type PaymentProgress = Exclude<PaymentStatus, 'NONE'>;
/**
 * Whether a condition still stands on the decision: the decision unit's concept, not follow-up's
 * assessment (OPEN/FULFILLED/BREACHED). LIFTED and ANNULLED are the same words as follow-up's.
 */
export type ConditionStanding = 'ACTIVE' | Extract<ConditionStatus, 'LIFTED' | 'ANNULLED'>;

export interface DecisionAmendmentState {
  decisionId: string;
  reductionOnBreachAnnounced: boolean;
  revoked: boolean;
  payments: Record<string, { amountOre: number; status: PaymentProgress }>;
  conditions: Record<string, { gates: string[]; deadline: CalendarDate; status: ConditionStanding; breached: boolean }>;
}

export interface AddedCondition {
  conditionId: string;
  ref: string;
  text: string;
  deadline: CalendarDate;
  requirement: Requirement;
  gatesPaymentIds: string[];
  /** Whose condition it is; the recipient's when not given. */
  person?: PersonRef;
  category?: ConditionCategory;
}

/** Every amendment is by a person, with a reason that is journaled and shown. */
export type Amendment =
  | { kind: 'CONDITION_LIFTED'; conditionId: string }
  | { kind: 'DEADLINE_MOVED'; conditionId: string; previousDeadline: CalendarDate; deadline: CalendarDate }
  | { kind: 'CONDITION_ADDED'; condition: AddedCondition }
  | { kind: 'PAYMENT_REDUCED'; paymentId: string; conditionId: string; fromOre: number; toOre: number }
  | { kind: 'PAYMENT_STOPPED'; paymentId: string }
  | { kind: 'RELEASE_AGAIN'; paymentId: string }
  | { kind: 'DECISION_REVOKED'; cancelledPaymentIds: string[]; untouchedPaymentIds: string[]; annulledConditionIds: string[] };

export type AmendmentCommand =
  | { kind: 'LiftCondition'; conditionId: string }
  | { kind: 'MoveDeadline'; conditionId: string; deadline: CalendarDate }
  | { kind: 'AddCondition'; condition: AddedCondition }
  /** A decision on a breach (§ 20 third paragraph): the new amount entered by a person. */
  | { kind: 'ReducePayment'; paymentId: string; conditionId: string; amountOre: number }
  | { kind: 'StopPayment'; paymentId: string }
  | { kind: 'ReleaseAgain'; paymentId: string }
  | { kind: 'Revoke' };

export const MIN_AMENDMENT_REASON_LENGTH = 10;
const NOT_YET_RELEASED: readonly PaymentProgress[] = ['HELD'];

function payment(state: DecisionAmendmentState, paymentId: string) {
  const p = state.payments[paymentId];
  if (!p) throw RuleViolation.invalid('paymentId', 'not a payment of this decision');
  return p;
}

function condition(state: DecisionAmendmentState, conditionId: string) {
  const c = state.conditions[conditionId];
  if (!c) throw RuleViolation.invalid('conditionId', 'not a condition of this decision');
  if (c.status !== 'ACTIVE') throw RuleViolation.conflict('conditionId', `the condition is ${c.status.toLowerCase()}`);
  return c;
}

/** Decides an amendment, or says why not. `reason` is checked here so every path journals one. */
export function decideAmendment(command: AmendmentCommand, state: DecisionAmendmentState, reason: string): Amendment {
  if (state.revoked) throw RuleViolation.conflict('decisionId', 'the decision is revoked');
  if (reason.trim().length < MIN_AMENDMENT_REASON_LENGTH) {
    throw RuleViolation.invalid('reason', `must give the reason in at least ${MIN_AMENDMENT_REASON_LENGTH} characters`);
  }
  switch (command.kind) {
    case 'LiftCondition':
      condition(state, command.conditionId);
      return { kind: 'CONDITION_LIFTED', conditionId: command.conditionId };
    case 'MoveDeadline': {
      const c = condition(state, command.conditionId);
      if (!isCalendarDate(command.deadline)) throw RuleViolation.invalid('deadline', 'must be a calendar date YYYY-MM-DD');
      if (compareDates(command.deadline, c.deadline) === 0) throw RuleViolation.invalid('deadline', 'is the deadline already');
      return { kind: 'DEADLINE_MOVED', conditionId: command.conditionId, previousDeadline: c.deadline, deadline: command.deadline };
    }
    case 'AddCondition': {
      const errors: FieldError[] = [];
      const c = command.condition;
      if (!isCalendarDate(c.deadline)) errors.push({ field: 'deadline', reason: 'must be a calendar date YYYY-MM-DD' });
      checkRequirement(c.requirement, 'requirement', (field, why) => errors.push({ field, reason: why }));
      c.gatesPaymentIds.forEach((id, i) => {
        const p = state.payments[id];
        if (!p) errors.push({ field: `gates[${i}]`, reason: 'not a payment of this decision' });
        else if (!NOT_YET_RELEASED.includes(p.status))
          errors.push({
            field: `gates[${i}]`,
            reason: `the payment is ${p.status.toLowerCase()}; a new condition can only hold back a payment not yet released`,
          });
      });
      if (errors.length > 0)
        throw new RuleViolation(errors.some((e) => e.reason.startsWith('the payment is')) ? 'CONFLICT' : 'INVALID', errors);
      return { kind: 'CONDITION_ADDED', condition: c };
    }
    case 'ReducePayment': {
      const p = payment(state, command.paymentId);
      const c = condition(state, command.conditionId);
      if (!state.reductionOnBreachAnnounced) {
        throw RuleViolation.conflict('paymentId', 'the decision did not tell the recipient that a breach may lead to reduction (§ 20)');
      }
      if (!c.breached) throw RuleViolation.conflict('conditionId', 'the condition is not breached');
      if (!c.gates.includes(command.paymentId)) throw RuleViolation.invalid('conditionId', 'the condition does not gate this payment');
      if (!NOT_YET_RELEASED.includes(p.status)) throw RuleViolation.conflict('paymentId', `the payment is ${p.status.toLowerCase()}`);
      if (!Number.isSafeInteger(command.amountOre) || command.amountOre <= 0) {
        throw RuleViolation.invalid('amountOre', 'a reduction is never to zero: enter a whole number of øre above 0');
      }
      if (command.amountOre >= p.amountOre) throw RuleViolation.invalid('amountOre', `must be less than the current ${p.amountOre} øre`);
      return {
        kind: 'PAYMENT_REDUCED',
        paymentId: command.paymentId,
        conditionId: command.conditionId,
        fromOre: p.amountOre,
        toOre: command.amountOre,
      };
    }
    case 'StopPayment': {
      const p = payment(state, command.paymentId);
      if (p.status !== 'HELD') throw RuleViolation.conflict('paymentId', `the payment is ${p.status.toLowerCase()}`);
      return { kind: 'PAYMENT_STOPPED', paymentId: command.paymentId };
    }
    case 'ReleaseAgain': {
      const p = payment(state, command.paymentId);
      if (p.status !== 'FAILED')
        throw RuleViolation.conflict('paymentId', `only a failed payment is released again; this one is ${p.status.toLowerCase()}`);
      return { kind: 'RELEASE_AGAIN', paymentId: command.paymentId };
    }
    case 'Revoke': {
      const ids = Object.keys(state.payments);
      return {
        kind: 'DECISION_REVOKED',
        cancelledPaymentIds: ids.filter((id) => state.payments[id].status === 'HELD'),
        untouchedPaymentIds: ids.filter((id) => state.payments[id].status !== 'HELD'),
        annulledConditionIds: Object.keys(state.conditions).filter((id) => state.conditions[id].status === 'ACTIVE'),
      };
    }
  }
}

export function evolveAmendment(state: DecisionAmendmentState, a: Amendment): DecisionAmendmentState {
  const setCondition = (id: string, patch: Partial<DecisionAmendmentState['conditions'][string]>) => ({
    ...state.conditions,
    [id]: { ...state.conditions[id], ...patch },
  });
  const setPayment = (id: string, patch: Partial<DecisionAmendmentState['payments'][string]>) => ({
    ...state.payments,
    [id]: { ...state.payments[id], ...patch },
  });
  switch (a.kind) {
    case 'CONDITION_LIFTED':
      return { ...state, conditions: setCondition(a.conditionId, { status: 'LIFTED' }) };
    case 'DEADLINE_MOVED':
      return { ...state, conditions: setCondition(a.conditionId, { deadline: a.deadline, breached: false }) };
    case 'CONDITION_ADDED':
      return {
        ...state,
        conditions: {
          ...state.conditions,
          [a.condition.conditionId]: {
            gates: a.condition.gatesPaymentIds,
            deadline: a.condition.deadline,
            status: 'ACTIVE',
            breached: false,
          },
        },
      };
    case 'PAYMENT_REDUCED':
      return {
        ...state,
        payments: setPayment(a.paymentId, { amountOre: a.toOre }),
        conditions: setCondition(a.conditionId, { breached: false }),
      };
    case 'PAYMENT_STOPPED':
      return { ...state, payments: setPayment(a.paymentId, { status: 'STOPPED' }) };
    case 'RELEASE_AGAIN':
      return { ...state, payments: setPayment(a.paymentId, { status: 'RELEASED' }) };
    case 'DECISION_REVOKED': {
      let next: DecisionAmendmentState = { ...state, revoked: true };
      for (const id of a.cancelledPaymentIds)
        next = { ...next, payments: { ...next.payments, [id]: { ...next.payments[id], status: 'CANCELLED' } } };
      for (const id of a.annulledConditionIds)
        next = { ...next, conditions: { ...next.conditions, [id]: { ...next.conditions[id], status: 'ANNULLED' } } };
      return next;
    }
  }
}

/** An amendment command as the decider takes it: what to change, and the person's reason. */
export interface AmendDecision {
  command: AmendmentCommand;
  reason: string;
}

/** The decision unit's amendments as a decider: one command, one amendment (or a RuleViolation). */
export const amendmentDecider: Decider<DecisionAmendmentState, AmendDecision, Amendment> = {
  decide: ({ command, reason }, state) => [decideAmendment(command, state, reason)],
  evolve: evolveAmendment,
};
