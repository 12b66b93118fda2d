import fc from 'fast-check';
import { PAYMENT_TRANSITIONS, PaymentCommand, PaymentEvent, PaymentState, PaymentStatus, PaymentTerms } from './payment';
import { decidePayment, evolvePayment, foldPayment, initialPaymentState, waitingFor } from './payment.decider';

const terms: PaymentTerms = {
  paymentId: 'P2',
  decisionId: 'D',
  caseId: 'K',
  purpose: 'LIVING_COSTS',
  amountOre: 785_000,
  dueDate: '2026-12-01',
  payee: { type: 'RECIPIENT', nationalId: '01010012356' },
};
const plan = (gates: string[], known: Record<string, string> = {}): PaymentCommand => ({
  type: 'PlanPayment',
  terms,
  gatingConditionIds: gates,
  knownFulfilments: known,
  now: '2026-11-20T10:00:00Z',
});
const met = (conditionId: string, metAt = `2026-11-2${conditionId.length}T10:00:00Z`): PaymentCommand => ({
  type: 'RecordConditionMet',
  conditionId,
  metAt,
  now: '2026-11-24T12:00:00Z',
});

function run(commands: PaymentCommand[], state: PaymentState = initialPaymentState) {
  const emitted: PaymentEvent[] = [];
  for (const c of commands) {
    const events = decidePayment(c, state);
    emitted.push(...events);
    state = foldPayment(events, state);
  }
  return { state, emitted };
}

describe('payment decider', () => {
  it('releases a payment gated by no condition as soon as it is planned', () => {
    const { state, emitted } = run([plan([])]);
    expect(emitted.map((e) => e.type)).toEqual(['PaymentPlanned', 'PaymentReleased']);
    expect(emitted[1]).toEqual({ type: 'PaymentReleased', paymentId: 'P2', releasedAt: '2026-11-20T10:00:00Z', waitedFor: [] });
    expect(state.status).toBe('RELEASED');
  });

  it('holds a gated payment and names what it waits for', () => {
    const { state, emitted } = run([plan(['C2', 'C3'])]);
    expect(emitted.map((e) => e.type)).toEqual(['PaymentPlanned']);
    expect(state.status).toBe('HELD');
    expect(waitingFor(state)).toEqual(['C2', 'C3']);
  });

  it('releases when the last gate is met, listing when each gate was met', () => {
    const { state, emitted } = run([plan(['C2', 'C3']), met('C2', '2026-11-21T08:00:00Z'), met('C3', '2026-11-23T09:00:00Z')]);
    expect(state.status).toBe('RELEASED');
    expect(emitted.at(-1)).toEqual({
      type: 'PaymentReleased',
      paymentId: 'P2',
      releasedAt: '2026-11-24T12:00:00Z',
      waitedFor: [
        { conditionId: 'C2', metAt: '2026-11-21T08:00:00Z' },
        { conditionId: 'C3', metAt: '2026-11-23T09:00:00Z' },
      ],
    });
  });

  it('uses fulfilments that arrived before the decision', () => {
    const { emitted } = run([plan(['C1'], { C1: '2026-11-19T10:00:00Z', OTHER: '2026-11-19T10:00:00Z' })]);
    expect(emitted.map((e) => e.type)).toEqual(['PaymentPlanned', 'PaymentReleased']);
    expect(emitted[0]).toMatchObject({ gates: { C1: '2026-11-19T10:00:00Z' } });
  });

  it('ignores a condition that does not gate it, a repeated fulfilment, and a repeated plan', () => {
    const { state } = run([plan(['C2', 'C3']), met('C2')]);
    expect(decidePayment(met('C1'), state)).toEqual([]);
    expect(decidePayment(met('C2'), state)).toEqual([]);
    expect(decidePayment(plan(['C9']), state)).toEqual([]);
  });

  it('decides nothing for a fulfilment of a payment it does not know yet', () => {
    expect(decidePayment(met('C1'), initialPaymentState)).toEqual([]);
  });

  it('refuses every transition the state machine does not list', () => {
    const statuses: PaymentStatus[] = ['NONE', 'HELD', 'RELEASED'];
    const released = run([plan([])]).state;
    const held = run([plan(['C1'])]).state;
    const sample: Record<PaymentStatus, PaymentState> = { NONE: initialPaymentState, HELD: held, RELEASED: released };
    const attempts: Array<[PaymentEvent, PaymentStatus]> = [
      [{ type: 'PaymentPlanned', terms, gates: {} }, 'HELD'],
      [{ type: 'GateMet', paymentId: 'P2', conditionId: 'C1', metAt: 'x' }, 'HELD'],
      [{ type: 'PaymentReleased', paymentId: 'P2', releasedAt: 'x', waitedFor: [] }, 'RELEASED'],
    ];
    for (const from of statuses) {
      for (const [event, to] of attempts) {
        const legal = PAYMENT_TRANSITIONS[from].includes(to) && !(from === 'NONE' && event.type !== 'PaymentPlanned');
        const attempt = () => evolvePayment(sample[from], event);
        if (legal) expect(attempt).not.toThrow();
        else expect(attempt).toThrow();
      }
    }
  });

  describe('properties', () => {
    const conditionIds = ['C1', 'C2', 'C3', 'C4', 'C5'];
    const scenario = fc.record({
      gates: fc.subarray(conditionIds),
      // fulfilments as they may reach payout: any order, duplicated, some before the decision.
      fulfilments: fc.array(fc.constantFrom(...conditionIds), { maxLength: 15 }),
      planAt: fc.nat(15),
      planTwice: fc.boolean(),
    });

    function play(s: { gates: string[]; fulfilments: string[]; planAt: number; planTwice: boolean }) {
      let state: PaymentState = initialPaymentState;
      const known: Record<string, string> = {}; // what payout's store would remember about conditions
      const released: PaymentEvent[] = [];
      const step = (c: PaymentCommand) => {
        const events = decidePayment(c, state);
        released.push(...events.filter((e) => e.type === 'PaymentReleased'));
        state = foldPayment(events, state);
      };
      s.fulfilments.forEach((id, i) => {
        if (i === s.planAt) step(plan(s.gates, { ...known }));
        known[id] ??= `2026-11-20T10:00:${String(i).padStart(2, '0')}Z`;
        step(met(id, known[id]));
      });
      if (s.planAt >= s.fulfilments.length) step(plan(s.gates, { ...known }));
      if (s.planTwice) step(plan(s.gates, { ...known }));
      return { state, released, known };
    }

    it('a payment is released if and only if all its gating conditions are fulfilled', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { state, released } = play(s);
          const allMet = s.gates.every((g) => s.fulfilments.includes(g));
          expect(state.status === 'RELEASED').toBe(allMet);
          expect(released.length).toBe(allMet ? 1 : 0);
          expect(waitingFor(state).sort()).toEqual(s.gates.filter((g) => !s.fulfilments.includes(g)).sort());
        }),
      );
    });

    it('no payment is ever released twice, and a release lists exactly its gates with their first fulfilment', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { released, known } = play(s);
          expect(released.length).toBeLessThanOrEqual(1);
          for (const r of released) {
            if (r.type !== 'PaymentReleased') continue;
            expect(r.waitedFor.map((w) => w.conditionId).sort()).toEqual([...s.gates].sort());
            for (const w of r.waitedFor) expect(w.metAt).toBe(known[w.conditionId]);
          }
        }),
      );
    });
  });
});
