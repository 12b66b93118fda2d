import fc from 'fast-check';
import { ConditionEvent } from '../conditions/condition.decider';
import { PaymentCommand, PaymentState, PaymentTerms } from '../payments/payment';
import { decidePayment, evolvePayment, foldPayment, initialPaymentState } from '../payments/payment.decider';
import { GateChange, forecastPayments, gateChangesOf, gateChangesOfAmendment } from './what-if';

const NOW = new Date('2026-11-24T12:00:00Z');
const terms = (paymentId: string, t: Partial<PaymentTerms> = {}): PaymentTerms => ({
  paymentId,
  decisionId: 'D',
  caseId: 'K',
  purpose: 'RENT',
  amountOre: 850_000,
  dueDate: '2026-12-01',
  payee: { type: 'THIRD_PARTY', name: 'Utleier AS', accountNumber: '12345678903' },
  notBefore: null,
  ...t,
});
/** A payment as payout holds it: planned with its gates, then the commands given. */
function payment(id: string, gates: string[], commands: PaymentCommand[] = [], t: Partial<PaymentTerms> = {}): PaymentState {
  let state = initialPaymentState;
  const plan: PaymentCommand = { type: 'PlanPayment', terms: terms(id, t), gatingConditionIds: gates, knownResolutions: {}, now: NOW };
  for (const c of [plan, ...commands]) state = foldPayment(decidePayment(c, state), state);
  return state;
}
const met = (conditionId: string): PaymentCommand => ({ type: 'RecordConditionMet', conditionId, metAt: '2026-11-20T10:00:00Z', now: NOW });

describe('what would happen if: payments', () => {
  it('given P1 held by C1 alone and P2 by C1 and C2, when C1 would be met, then P1 is released with its amount and P2 waits for C2', () => {
    const forecasts = forecastPayments([{ kind: 'MET', conditionId: 'C1' }], [payment('P1', ['C1']), payment('P2', ['C1', 'C2'])], NOW);
    expect(forecasts).toEqual([
      expect.objectContaining({
        paymentId: 'P1',
        outcome: 'RELEASED',
        releasedAmountOre: 850_000,
        statusAfter: 'RELEASED',
        waitingFor: [],
      }),
      expect.objectContaining({ paymentId: 'P2', outcome: 'HELD', releasedAmountOre: null, statusAfter: 'HELD', waitingFor: ['C2'] }),
    ]);
  });

  it('leaves out payments the change does not reach', () => {
    expect(forecastPayments([{ kind: 'MET', conditionId: 'C1' }], [payment('P3', ['C9'])], NOW)).toEqual([]);
  });

  it('says a payment waits for its not-before day though its conditions allow it', () => {
    const [f] = forecastPayments([{ kind: 'LIFTED', conditionId: 'C1' }], [payment('P1', ['C1'], [], { notBefore: '2026-12-15' })], NOW);
    expect(f).toMatchObject({ outcome: 'HELD', waitingFor: [], waitingForDate: '2026-12-15', releasedAmountOre: null });
  });

  it('does not release a stopped payment, nor one already released', () => {
    const stopped = payment('P1', ['C1'], [{ type: 'Stop', reason: 'flyttet', now: NOW }]);
    const released = payment('P2', ['C1'], [met('C1')]);
    const forecasts = forecastPayments([{ kind: 'MET', conditionId: 'C1' }], [stopped, released], NOW);
    expect(forecasts.map((f) => [f.paymentId, f.outcome, f.statusAfter])).toEqual([
      ['P1', 'UNCHANGED', 'STOPPED'],
      ['P2', 'UNCHANGED', 'RELEASED'],
    ]);
  });

  it('a reduction releases the reduced amount when the breached condition was all that held it', () => {
    const change: GateChange = { kind: 'REDUCED', conditionId: 'C1', paymentId: 'P1', toOre: 600_000, assessment: 'brudd' };
    const [f] = forecastPayments([change], [payment('P1', ['C1'])], NOW);
    expect(f).toMatchObject({ outcome: 'RELEASED', amountOreNow: 850_000, amountOreAfter: 600_000, releasedAmountOre: 600_000 });
  });

  it('a reduction to zero is refused as it would be for real', () => {
    const change: GateChange = { kind: 'REDUCED', conditionId: 'C1', paymentId: 'P1', toOre: 0, assessment: 'brudd' };
    expect(() => forecastPayments([change], [payment('P1', ['C1'])], NOW)).toThrow(/amountOre/);
  });

  it('a reopened condition holds a held payment again and questions a released one', () => {
    const change: GateChange = { kind: 'REOPENED', conditionId: 'C1', reason: 'withdrawn' };
    const held = payment('P1', ['C1', 'C2'], [met('C1')]);
    const released = payment('P2', ['C1'], [met('C1')]);
    expect(forecastPayments([change], [held, released], NOW).map((f) => f.outcome)).toEqual(['HELD_AGAIN', 'QUESTIONED']);
  });

  it('never changes the states it is given', () => {
    const p = payment('P1', ['C1']);
    const copy = JSON.parse(JSON.stringify(p));
    forecastPayments([{ kind: 'MET', conditionId: 'C1' }], [p], NOW);
    expect(p).toEqual(copy);
  });

  it('property: the forecast is what the decider would do for real, payment by payment', () => {
    const gateArb = fc.subarray(['C1', 'C2', 'C3'], { minLength: 1 });
    const changeArb = fc.oneof(
      fc.constantFrom<GateChange>(
        { kind: 'MET', conditionId: 'C1' },
        { kind: 'LIFTED', conditionId: 'C2' },
        { kind: 'REOPENED', conditionId: 'C3', reason: 'x' },
      ),
    );
    fc.assert(
      fc.property(gateArb, fc.subarray(['C1', 'C2', 'C3']), fc.array(changeArb, { maxLength: 3 }), (gates, metBefore, changes) => {
        const before = payment('P1', gates, metBefore.map(met));
        const forecasts = forecastPayments(changes, [before], NOW);
        let real = before;
        for (const change of changes) {
          if (change.kind === 'REDUCED' || before.status === 'NONE' || !gates.includes(change.conditionId)) continue;
          const command: PaymentCommand =
            change.kind === 'MET'
              ? met(change.conditionId)
              : change.kind === 'LIFTED'
                ? { type: 'RecordConditionLifted', conditionId: change.conditionId, liftedAt: NOW.toISOString(), now: NOW }
                : { type: 'RecordConditionReopened', conditionId: change.conditionId, reason: 'x', now: NOW };
          real = decidePayment(command, real).reduce(evolvePayment, real);
        }
        const reached = changes.some((c) => c.kind !== 'REDUCED' && gates.includes(c.conditionId));
        expect(forecasts.length).toBe(reached ? 1 : 0);
        if (reached) {
          expect(forecasts[0].statusAfter).toBe(real.status);
          expect(forecasts[0].outcome === 'RELEASED').toBe(real.status === 'RELEASED' && before.status === 'HELD');
        }
      }),
    );
  });
});

describe('what would happen if: the gate changes of a condition', () => {
  it('turns a fulfilment, a lift and a reopening into MET, LIFTED and REOPENED, and ignores the rest', () => {
    const events: ConditionEvent[] = [
      { type: 'DeadlineMoved', conditionId: 'C1', from: '2026-11-30', to: '2026-12-15', at: 'x', reason: 'r' },
      { type: 'ConditionFulfilled', conditionId: 'C1', fulfilledAt: 'x', fulfilledBy: 'EVIDENCE', summary: 's', judgement: null },
      { type: 'ConditionLifted', conditionId: 'C2', at: 'x', reason: 'r' },
      { type: 'ConditionReopened', conditionId: 'C3', reopenedAt: 'x', reason: 'withdrawn', summary: 's' },
    ];
    expect(gateChangesOf(events)).toEqual([
      { kind: 'MET', conditionId: 'C1' },
      { kind: 'LIFTED', conditionId: 'C2' },
      { kind: 'REOPENED', conditionId: 'C3', reason: 'withdrawn' },
    ]);
  });
});

describe('what would happen if: the gate changes of an amendment', () => {
  it('a lift resolves its gate, a reduction its gate with the amount, a new deadline nothing by itself', () => {
    expect(gateChangesOfAmendment({ kind: 'CONDITION_LIFTED', conditionId: 'C1' }, 'r')).toEqual([{ kind: 'LIFTED', conditionId: 'C1' }]);
    expect(
      gateChangesOfAmendment({ kind: 'PAYMENT_REDUCED', paymentId: 'P1', conditionId: 'C1', fromOre: 100, toOre: 60 }, 'brudd'),
    ).toEqual([{ kind: 'REDUCED', conditionId: 'C1', paymentId: 'P1', toOre: 60, assessment: 'brudd' }]);
    expect(
      gateChangesOfAmendment({ kind: 'DEADLINE_MOVED', conditionId: 'C1', previousDeadline: '2026-11-30', deadline: '2026-12-15' }, 'r'),
    ).toEqual([]);
  });
});
