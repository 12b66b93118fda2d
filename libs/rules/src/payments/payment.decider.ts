import { Gates, PAYMENT_TRANSITIONS, PaymentCommand, PaymentEvent, PaymentState } from './payment';

export const initialPaymentState: PaymentState = { status: 'NONE' };

/** The conditions a payment still waits for. */
export function waitingFor(state: PaymentState): string[] {
  if (state.status === 'NONE') return [];
  return Object.entries(state.gates)
    .filter(([, metAt]) => metAt === null)
    .map(([id]) => id);
}

function releaseIfAllowed(paymentId: string, gates: Gates, now: string): PaymentEvent[] {
  if (Object.values(gates).some((metAt) => metAt === null)) return [];
  const waitedFor = Object.entries(gates)
    .map(([conditionId, metAt]) => ({ conditionId, metAt: metAt as string }))
    .sort((a, b) => a.conditionId.localeCompare(b.conditionId));
  return [{ type: 'PaymentReleased', paymentId, releasedAt: now, waitedFor }];
}

/**
 * A payment is released when every condition that gates it is met, whatever the state of the
 * decision's other conditions, and never twice. Repeated or late commands decide nothing.
 */
export function decidePayment(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'PlanPayment': {
      if (state.status !== 'NONE') return [];
      const gates: Gates = {};
      for (const id of command.gatingConditionIds) gates[id] = command.knownFulfilments[id] ?? null;
      return [
        { type: 'PaymentPlanned', terms: command.terms, gates },
        ...releaseIfAllowed(command.terms.paymentId, gates, command.now),
      ];
    }
    case 'RecordConditionMet': {
      if (state.status !== 'HELD') return [];
      if (!(command.conditionId in state.gates) || state.gates[command.conditionId] !== null) return [];
      const gates = { ...state.gates, [command.conditionId]: command.metAt };
      return [
        { type: 'GateMet', paymentId: state.terms.paymentId, conditionId: command.conditionId, metAt: command.metAt },
        ...releaseIfAllowed(state.terms.paymentId, gates, command.now),
      ];
    }
    case 'RecordConditionReopened': {
      if (state.status === 'NONE' || !(command.conditionId in state.gates)) return [];
      const { paymentId } = state.terms;
      if (state.status === 'RELEASED') {
        return [{ type: 'ReleaseQuestioned', paymentId, conditionId: command.conditionId, reason: command.reason, at: command.now }];
      }
      if (state.gates[command.conditionId] === null) return [];
      return [{ type: 'GateReopened', paymentId, conditionId: command.conditionId, reason: command.reason }];
    }
  }
}

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  if (!PAYMENT_TRANSITIONS[event.type].from.includes(state.status)) {
    throw new Error(`illegal payment transition: ${event.type} in ${state.status}`);
  }
  if (event.type === 'PaymentPlanned') return { status: 'HELD', terms: event.terms, gates: event.gates, releasedAt: null };
  if (state.status === 'NONE') throw new Error(`${event.type} on an unknown payment`); // unreachable by the table
  switch (event.type) {
    case 'GateMet':
      return { ...state, gates: { ...state.gates, [event.conditionId]: event.metAt } };
    case 'GateReopened':
      return { ...state, gates: { ...state.gates, [event.conditionId]: null } };
    case 'PaymentReleased':
      return { ...state, status: 'RELEASED', releasedAt: event.releasedAt };
    case 'ReleaseQuestioned':
      return state;
  }
}

export function foldPayment(events: readonly PaymentEvent[], state: PaymentState = initialPaymentState): PaymentState {
  return events.reduce(evolvePayment, state);
}
