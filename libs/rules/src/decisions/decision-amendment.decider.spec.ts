import { given } from '../decider';
import { AmendmentCommand, DecisionAmendmentState, amendmentDecider, decideAmendment } from './decision-amendment.decider';

const REASON = 'The recipient documented illness for the period';
const state = (patch: Partial<DecisionAmendmentState> = {}): DecisionAmendmentState => ({
  decisionId: 'D',
  reductionOnBreachAnnounced: true,
  revoked: false,
  payments: {
    P1: { amountOre: 850_000, status: 'HELD' },
    P2: { amountOre: 785_000, status: 'RELEASED' },
    P3: { amountOre: 100_000, status: 'FAILED' },
  },
  conditions: {
    C1: { gates: ['P1'], deadline: '2026-11-30', status: 'ACTIVE', breached: true },
    C2: { gates: ['P2'], deadline: '2026-11-30', status: 'ACTIVE', breached: false },
    C3: { gates: ['P1'], deadline: '2026-11-30', status: 'LIFTED', breached: false },
  },
  ...patch,
});

describe('decision amendments', () => {
  it.each<[string, AmendmentCommand, object]>([
    ['lifts an active condition', { kind: 'LiftCondition', conditionId: 'C1' }, { kind: 'CONDITION_LIFTED', conditionId: 'C1' }],
    [
      'moves a deadline, also after a breach',
      { kind: 'MoveDeadline', conditionId: 'C1', deadline: '2026-12-14' },
      { kind: 'DEADLINE_MOVED', previousDeadline: '2026-11-30', deadline: '2026-12-14' },
    ],
    [
      'reduces a held payment gated by a breached condition',
      { kind: 'ReducePayment', paymentId: 'P1', conditionId: 'C1', amountOre: 600_000 },
      { kind: 'PAYMENT_REDUCED', fromOre: 850_000, toOre: 600_000 },
    ],
    ['stops a held payment', { kind: 'StopPayment', paymentId: 'P1' }, { kind: 'PAYMENT_STOPPED', paymentId: 'P1' }],
    ['releases a failed payment again', { kind: 'ReleaseAgain', paymentId: 'P3' }, { kind: 'RELEASE_AGAIN', paymentId: 'P3' }],
    [
      'adds a condition that holds back a payment not yet released',
      {
        kind: 'AddCondition',
        condition: {
          conditionId: 'C9',
          ref: 'C9',
          text: 'Møt til samtale',
          deadline: '2026-12-10',
          requirement: { kind: 'ACTIVITY', activity: 'meeting' },
          gatesPaymentIds: ['P1'],
        },
      },
      { kind: 'CONDITION_ADDED' },
    ],
    [
      'revokes, cancelling what is held and listing what is not',
      { kind: 'Revoke' },
      { kind: 'DECISION_REVOKED', cancelledPaymentIds: ['P1'], untouchedPaymentIds: ['P2', 'P3'], annulledConditionIds: ['C1', 'C2'] },
    ],
  ])('%s', (_what, command, expected) => {
    expect(decideAmendment(command, state(), REASON)).toMatchObject(expected);
  });

  it.each<[string, AmendmentCommand, Partial<DecisionAmendmentState>, RegExp, 'INVALID' | 'CONFLICT']>([
    ['a lift of a lifted condition', { kind: 'LiftCondition', conditionId: 'C3' }, {}, /conditionId: the condition is lifted/, 'CONFLICT'],
    ['a lift of an unknown condition', { kind: 'LiftCondition', conditionId: 'C7' }, {}, /not a condition of this decision/, 'INVALID'],
    [
      'a reduction the decision did not announce (§ 20)',
      { kind: 'ReducePayment', paymentId: 'P1', conditionId: 'C1', amountOre: 1 },
      { reductionOnBreachAnnounced: false },
      /did not tell the recipient/,
      'CONFLICT',
    ],
    [
      'a reduction without a breach',
      { kind: 'ReducePayment', paymentId: 'P2', conditionId: 'C2', amountOre: 1 },
      {},
      /not breached/,
      'CONFLICT',
    ],
    ['a reduction to zero', { kind: 'ReducePayment', paymentId: 'P1', conditionId: 'C1', amountOre: 0 }, {}, /never to zero/, 'INVALID'],
    [
      'a reduction that is no reduction',
      { kind: 'ReducePayment', paymentId: 'P1', conditionId: 'C1', amountOre: 850_000 },
      {},
      /less than the current/,
      'INVALID',
    ],
    ['a stop of a released payment', { kind: 'StopPayment', paymentId: 'P2' }, {}, /the payment is released/, 'CONFLICT'],
    [
      'a second release of a payment that has not failed',
      { kind: 'ReleaseAgain', paymentId: 'P2' },
      {},
      /only a failed payment/,
      'CONFLICT',
    ],
    [
      'a new condition on a released payment',
      {
        kind: 'AddCondition',
        condition: {
          conditionId: 'C9',
          ref: 'C9',
          text: 't',
          deadline: '2026-12-10',
          requirement: { kind: 'ACTIVITY', activity: 'x' },
          gatesPaymentIds: ['P2'],
        },
      },
      {},
      /gates\[0\]: the payment is released/,
      'CONFLICT',
    ],
    ['anything on a revoked decision', { kind: 'LiftCondition', conditionId: 'C1' }, { revoked: true }, /revoked/, 'CONFLICT'],
  ])('refuses %s', (_what, command, patch, message, kind) => {
    const when = () => decideAmendment(command, state(patch), REASON);
    expect(when).toThrow(message);
    expect(when).toThrow(expect.objectContaining({ kind }));
  });

  it('needs a reason', () => {
    expect(() => decideAmendment({ kind: 'LiftCondition', conditionId: 'C1' }, state(), 'because')).toThrow(/reason: must give the reason/);
  });

  const amend = (command: AmendmentCommand) => ({ command, reason: REASON });

  it('given a revocation, the held payments are cancelled, the released stay, the active conditions are annulled', () => {
    const { state: after, types } = given(amendmentDecider, state()).when(amend({ kind: 'Revoke' }));
    expect(types).toEqual(['DECISION_REVOKED']);
    expect(after.revoked).toBe(true);
    expect(after.payments.P1.status).toBe('CANCELLED');
    expect(after.payments.P2.status).toBe('RELEASED');
    expect(after.conditions.C1.status).toBe('ANNULLED');
  });

  it('given a new deadline for a breached condition, the breach is answered: no reduction on it any more', () => {
    const moved = given(amendmentDecider, state(), amend({ kind: 'MoveDeadline', conditionId: 'C1', deadline: '2026-12-14' }));
    expect(moved.state.conditions.C1).toMatchObject({ deadline: '2026-12-14', breached: false });
    expect(moved.rejects(amend({ kind: 'ReducePayment', paymentId: 'P1', conditionId: 'C1', amountOre: 600_000 })).errors).toEqual([
      { field: 'conditionId', reason: 'the condition is not breached' },
    ]);
  });

  it('given a lift, the condition cannot be lifted again', () => {
    const lifted = given(amendmentDecider, state(), amend({ kind: 'LiftCondition', conditionId: 'C1' }));
    expect(lifted.rejects(amend({ kind: 'LiftCondition', conditionId: 'C1' })).kind).toBe('CONFLICT');
  });
});
