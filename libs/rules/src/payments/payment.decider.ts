import { Gates, PAYMENT_TRANSITIONS, PaymentCommand, PaymentEvent, PaymentState, PaymentStatus } from './payment';

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
  }
}

function transition(from: PaymentStatus, to: PaymentStatus): void {
  if (!PAYMENT_TRANSITIONS[from].includes(to)) throw new Error(`illegal payment transition ${from} -> ${to}`);
}

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentPlanned':
      transition(state.status, 'HELD');
      return { status: 'HELD', terms: event.terms, gates: event.gates, releasedAt: null };
    case 'GateMet':
      if (state.status === 'NONE') throw new Error('a gate cannot be met on an unknown payment');
      transition(state.status, 'HELD');
      return { ...state, gates: { ...state.gates, [event.conditionId]: event.metAt } };
    case 'PaymentReleased':
      if (state.status === 'NONE') throw new Error('an unknown payment cannot be released');
      transition(state.status, 'RELEASED');
      return { ...state, status: 'RELEASED', releasedAt: event.releasedAt };
  }
}

export function foldPayment(events: readonly PaymentEvent[], state: PaymentState = initialPaymentState): PaymentState {
  return events.reduce(evolvePayment, state);
}
