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

  describe('a reopened condition', () => {
    it('makes a held payment wait for it again', () => {
      const { state } = run([plan(['C2', 'C3']), met('C2')]);
      const events = decidePayment({ type: 'RecordConditionReopened', conditionId: 'C2', reason: 'evidence withdrawn', now: 'x' }, state);
      expect(events).toEqual([{ type: 'GateReopened', paymentId: 'P2', conditionId: 'C2', reason: 'evidence withdrawn' }]);
      expect(waitingFor(foldPayment(events, state))).toEqual(['C2', 'C3']);
    });

    it('questions a released payment without changing it', () => {
      const { state } = run([plan(['C2']), met('C2')]);
      const events = decidePayment({ type: 'RecordConditionReopened', conditionId: 'C2', reason: 'evidence withdrawn', now: '2026-11-26T10:00:00Z' }, state);
      expect(events).toEqual([{ type: 'ReleaseQuestioned', paymentId: 'P2', conditionId: 'C2', reason: 'evidence withdrawn', at: '2026-11-26T10:00:00Z' }]);
      expect(foldPayment(events, state)).toEqual(state);
    });

    it('is ignored by a payment it does not gate, and when it was not met', () => {
      const { state } = run([plan(['C2', 'C3']), met('C2')]);
      expect(decidePayment({ type: 'RecordConditionReopened', conditionId: 'C9', reason: 'r', now: 'x' }, state)).toEqual([]);
      expect(decidePayment({ type: 'RecordConditionReopened', conditionId: 'C3', reason: 'r', now: 'x' }, state)).toEqual([]);
    });
  });

  it('allows each event in exactly the statuses its transition lists, and no other', () => {
    const sample: Record<PaymentStatus, PaymentState> = {
      NONE: initialPaymentState,
      HELD: run([plan(['C1'])]).state,
      RELEASED: run([plan([])]).state,
    };
    const events: PaymentEvent[] = [
      { type: 'PaymentPlanned', terms, gates: {} },
      { type: 'GateMet', paymentId: 'P2', conditionId: 'C1', metAt: 'x' },
      { type: 'GateReopened', paymentId: 'P2', conditionId: 'C1', reason: 'r' },
      { type: 'PaymentReleased', paymentId: 'P2', releasedAt: 'x', waitedFor: [] },
      { type: 'ReleaseQuestioned', paymentId: 'P2', conditionId: 'C1', reason: 'r', at: 'x' },
    ];
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual(events.map((e) => e.type).sort());
    for (const from of ['NONE', 'HELD', 'RELEASED'] as PaymentStatus[]) {
      for (const event of events) {
        const rule = PAYMENT_TRANSITIONS[event.type];
        const attempt = () => evolvePayment(sample[from], event);
        if (rule.from.includes(from)) {
          const to = attempt().status;
          expect(to).toBe(rule.to === 'SAME' ? from : rule.to);
        } else {
          expect(attempt).toThrow(/illegal payment transition/);
        }
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

    it('with conditions reopened and met again in any order: released at most once, and never held while all its gates are met', () => {
      const op = fc.record({ id: fc.constantFrom(...conditionIds), reopen: fc.boolean() });
      fc.assert(
        fc.property(fc.subarray(conditionIds), fc.array(op, { maxLength: 25 }), fc.nat(25), (gates, ops, planAt) => {
          let state: PaymentState = initialPaymentState;
          const metNow = new Map<string, string>(); // what payout's store says at each moment
          let releases = 0;
          const step = (c: PaymentCommand) => {
            const events = decidePayment(c, state);
            releases += events.filter((e) => e.type === 'PaymentReleased').length;
            state = foldPayment(events, state);
            if (state.status === 'HELD') expect(gates.every((g) => metNow.has(g))).toBe(false);
          };
          const planNow = () => step(plan(gates, Object.fromEntries(metNow)));
          ops.forEach((o, i) => {
            if (i === planAt) planNow();
            if (o.reopen) {
              metNow.delete(o.id);
              step({ type: 'RecordConditionReopened', conditionId: o.id, reason: 'r', now: 'x' });
            } else {
              if (!metNow.has(o.id)) metNow.set(o.id, `t${i}`);
              step(met(o.id, metNow.get(o.id)));
            }
          });
          if (planAt >= ops.length) planNow();
          expect(releases).toBeLessThanOrEqual(1);
          expect(state.status === 'RELEASED').toBe(releases === 1);
        }),
      );
    });
  });
});
