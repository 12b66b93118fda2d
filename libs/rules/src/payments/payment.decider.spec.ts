import fc from 'fast-check';
import {
  Gates,
  PAYMENT_STATUSES,
  PaymentCommand,
  PaymentEvent,
  PaymentState,
  PaymentStatus,
  PaymentTerms,
  Settlement,
  releaseIdempotencyKey,
} from './payment';
import {
  PAYMENT_TRANSITIONS,
  decidePayment,
  evolvePayment,
  foldPayment,
  initialPaymentState,
  waitingFor,
  waitingForDate,
  paymentDecider,
} from './payment.decider';
import { given as givenDecider, replay } from '../decider';

const T = (iso: string) => new Date(iso);
const NOW = T('2026-11-24T12:00:00Z');
const terms: PaymentTerms = {
  paymentId: 'P2',
  decisionId: 'D',
  caseId: 'K',
  purpose: 'LIVING_COSTS',
  amountOre: 785_000,
  dueDate: '2026-12-01',
  payee: { type: 'RECIPIENT', nationalId: '01810012311' },
  notBefore: null,
};
const plan = (gates: string[], known: Gates = {}, t: Partial<PaymentTerms> = {}): PaymentCommand => ({
  type: 'PlanPayment',
  terms: { ...terms, ...t },
  gatingConditionIds: gates,
  knownResolutions: known,
  now: T('2026-11-20T10:00:00Z'),
});
const met = (conditionId: string, metAt = '2026-11-21T08:00:00Z'): PaymentCommand => ({
  type: 'RecordConditionMet',
  conditionId,
  metAt,
  now: NOW,
});
const lift = (conditionId: string): PaymentCommand => ({
  type: 'RecordConditionLifted',
  conditionId,
  liftedAt: '2026-11-22T08:00:00Z',
  now: NOW,
});
const reopen = (conditionId: string): PaymentCommand => ({
  type: 'RecordConditionReopened',
  conditionId,
  reason: 'evidence withdrawn',
  now: NOW,
});
const stop = (reason = 'moved abroad'): PaymentCommand => ({ type: 'Stop', reason, now: NOW });
const cancel: PaymentCommand = { type: 'Cancel', reason: 'decision revoked', now: NOW };
const reduce = (conditionId: string, toOre: number): PaymentCommand => ({
  type: 'Reduce',
  reduction: { conditionId, toOre, assessment: 'Breach without reason' },
  now: NOW,
});
/** The payment team's report on release `attempt` (the first, unless said). */
const settle = (outcome: 'PAID' | 'FAILED', attempt = 1): PaymentCommand => ({
  type: 'ReportSettlement',
  idempotencyKey: releaseIdempotencyKey('P2', attempt),
  settlement: {
    outcome,
    reference: outcome === 'PAID' ? 'UTB-1' : null,
    paidOn: outcome === 'PAID' ? '2026-12-01' : null,
    reason: outcome === 'FAILED' ? 'closed account' : null,
    reportedAt: '2026-12-01T08:00:00Z',
  } as Settlement,
  now: NOW,
});

const run = (commands: PaymentCommand[], state: PaymentState = initialPaymentState) => {
  const { state: after, events } = replay(paymentDecider, state, commands);
  return { state: after, emitted: events };
};
const types = (events: PaymentEvent[]) => events.map((e) => e.type);
const releaseAgain: PaymentCommand = { type: 'ReleaseAgain', reason: 'new account number', now: T('2026-12-02T09:00:00Z') };
const attemptsOf = (state: PaymentState) => (state.status === 'NONE' ? [] : state.attempts);

/** Given these commands happened, when this one comes: the events decided and the state they lead to. */
const given = (...commands: PaymentCommand[]) => givenDecider(paymentDecider, initialPaymentState, ...commands);

describe('payment decider: release', () => {
  it('releases a payment gated by no condition as soon as it is planned, as attempt 1', () => {
    const { state, emitted } = run([plan([])]);
    expect(types(emitted)).toEqual(['PaymentPlanned', 'PaymentReleased']);
    expect(emitted[1]).toMatchObject({ attempt: 1, amountOre: 785_000, waitedFor: [] });
    expect(state.status).toBe('RELEASED');
  });

  it('holds a gated payment, names what it waits for, and releases when the last gate is met', () => {
    const held = run([plan(['C2', 'C3'])]).state;
    expect(waitingFor(held)).toEqual(['C2', 'C3']);
    const { state, emitted } = run([met('C2', '2026-11-21T08:00:00Z'), met('C3', '2026-11-23T09:00:00Z')], held);
    expect(state.status).toBe('RELEASED');
    expect(emitted.at(-1)).toMatchObject({
      type: 'PaymentReleased',
      releasedAt: NOW.toISOString(),
      waitedFor: [
        { conditionId: 'C2', metAt: '2026-11-21T08:00:00Z', resolution: 'MET' },
        { conditionId: 'C3', metAt: '2026-11-23T09:00:00Z', resolution: 'MET' },
      ],
    });
  });

  it('uses resolutions that arrived before the decision', () => {
    const { emitted } = run([plan(['C1'], { C1: { at: '2026-11-19T10:00:00Z', how: 'MET' } })]);
    expect(types(emitted)).toEqual(['PaymentPlanned', 'PaymentReleased']);
  });

  it('ignores a condition that does not gate it, a repeated fulfilment, a repeated plan, and an unknown payment', () => {
    const { state } = run([plan(['C2', 'C3']), met('C2')]);
    expect(decidePayment(met('C1'), state)).toEqual([]);
    expect(decidePayment(met('C2'), state)).toEqual([]);
    expect(decidePayment(plan(['C9']), state)).toEqual([]);
    expect(decidePayment(met('C1'), initialPaymentState)).toEqual([]);
  });

  it('waits for its not-before day once its conditions allow, and goes at midnight Oslo time', () => {
    const { state, emitted } = run([plan(['C1'], {}, { notBefore: '2026-12-15' }), met('C1')]);
    expect(types(emitted)).toEqual(['PaymentPlanned', 'GateResolved']);
    expect(waitingForDate(state, NOW)).toBe('2026-12-15');
    expect(decidePayment({ type: 'CheckDue', now: T('2026-12-14T22:59:59Z') }, state)).toEqual([]);
    expect(types(decidePayment({ type: 'CheckDue', now: T('2026-12-14T23:00:00Z') }, state))).toEqual(['PaymentReleased']);
  });
});

describe('payment decider: decision-unit actions', () => {
  it('releases at once what a lifted condition alone held; a lift after the gate was met changes nothing', () => {
    const { emitted } = run([plan(['C1']), lift('C1')]);
    expect(emitted.at(-1)).toMatchObject({ type: 'PaymentReleased', waitedFor: [{ conditionId: 'C1', resolution: 'LIFTED' }] });
    const { state } = run([plan(['C1', 'C2']), met('C1')]);
    expect(decidePayment(lift('C1'), state)).toEqual([]);
  });

  it('reduces to an amount a person entered, resolves the breached gate, and releases with the new amount', () => {
    const { state, emitted } = run([plan(['C1', 'C2']), met('C2'), reduce('C1', 400_000)]);
    expect(types(emitted).slice(-2)).toEqual(['PaymentReduced', 'PaymentReleased']);
    expect(emitted.at(-1)).toMatchObject({
      amountOre: 400_000,
      waitedFor: [
        { conditionId: 'C1', resolution: 'REDUCED' },
        { conditionId: 'C2', resolution: 'MET' },
      ],
    });
    expect(state.status === 'RELEASED' && state.reduction).toEqual({
      fromOre: 785_000,
      toOre: 400_000,
      conditionId: 'C1',
      assessment: 'Breach without reason',
    });
  });

  it.each([
    [0, /never to zero/],
    [-5, /never to zero/],
    [785_000, /less than the current 785000/],
    [1.5, /whole number/],
  ])('refuses a reduction to %p', (toOre, reason) => {
    const { state } = run([plan(['C1'])]);
    expect(() => decidePayment(reduce('C1', toOre), state)).toThrow(reason);
  });

  it('refuses a reduction for a condition that does not gate the payment', () => {
    expect(() => decidePayment(reduce('C9', 100), run([plan(['C1'])]).state)).toThrow(/conditionId: the condition does not gate/);
  });

  it('stops a held payment for good: a later fulfilment or lift releases nothing', () => {
    const { state, emitted } = run([plan(['C1']), stop(), met('C1'), lift('C1'), { type: 'CheckDue', now: NOW }]);
    expect(state.status).toBe('STOPPED');
    expect(types(emitted)).toEqual(['PaymentPlanned', 'PaymentStopped']);
  });

  it('questions, and does not apply, a stop, a reduction or a new condition that comes after the release', () => {
    const { state } = run([plan([])]);
    expect(types(decidePayment(stop(), state))).toEqual(['ReleaseQuestioned']);
    expect(types(decidePayment(reduce('C1', 100), state))).toEqual(['ReleaseQuestioned']);
    expect(types(decidePayment({ type: 'AddGate', conditionId: 'C7', now: NOW }, state))).toEqual(['ReleaseQuestioned']);
    expect(foldPayment(decidePayment(stop(), state), state)).toEqual(state);
  });

  it('cancels a held payment when the decision is revoked, and leaves a released one alone', () => {
    expect(run([plan(['C1']), cancel]).state.status).toBe('CANCELLED');
    expect(decidePayment(cancel, run([plan([])]).state)).toEqual([]);
  });

  it('makes a held payment wait for a condition added later', () => {
    const { state } = run([plan(['C1']), { type: 'AddGate', conditionId: 'C7', now: NOW }, met('C1')]);
    expect(state.status).toBe('HELD');
    expect(waitingFor(state)).toEqual(['C7']);
  });

  it('makes a held payment wait again for a reopened condition, but a lift or a reduction stands', () => {
    const { state } = run([plan(['C1', 'C2', 'C3']), met('C1'), lift('C2')]);
    expect(types(decidePayment(reopen('C1'), state))).toEqual(['GateReopened']);
    expect(decidePayment(reopen('C2'), state)).toEqual([]);
    expect(types(decidePayment(reopen('C1'), run([plan(['C1']), met('C1')]).state))).toEqual(['ReleaseQuestioned']);
  });
});

describe('payment decider: the payment team reports back', () => {
  it('records paid; a repeated report is harmless; a conflicting one is refused', () => {
    const { state } = run([plan([]), settle('PAID')]);
    expect(state).toMatchObject({ status: 'PAID', settlement: { reference: 'UTB-1', paidOn: '2026-12-01' } });
    expect(decidePayment(settle('PAID'), state)).toEqual([]);
    expect(() => decidePayment(settle('FAILED'), state)).toThrow(expect.objectContaining({ kind: 'CONFLICT' }));
  });

  it('refuses a report that names another release than the current one, or lacks what its outcome needs', () => {
    const released = given(plan([]));
    expect(released.rejects(settle('PAID', 2)).errors).toEqual([
      { field: 'idempotencyKey', reason: `the payment's current release is ${releaseIdempotencyKey('P2', 1)}` },
    ]);
    const unpaid = { type: 'ReportSettlement', idempotencyKey: releaseIdempotencyKey('P2', 1), now: NOW } as const;
    const noReference = { outcome: 'PAID', reference: null, paidOn: '2026-12-01', reason: null, reportedAt: '2026-12-01T08:00:00Z' };
    expect(released.rejects({ ...unpaid, settlement: noReference as Settlement }).errors[0].field).toBe('reference');
    const noReason = { outcome: 'FAILED', reference: null, paidOn: null, reason: null, reportedAt: '2026-12-01T08:00:00Z' };
    expect(released.rejects({ ...unpaid, settlement: noReason as Settlement }).errors[0].field).toBe('reason');
    expect(released.when(settle('PAID')).state.status).toBe('PAID');
  });

  it('refuses a report for a payment not released, and one for an unknown payment', () => {
    expect(() => decidePayment(settle('PAID'), run([plan(['C1'])]).state)).toThrow(/the payment is HELD/);
    expect(() => decidePayment(settle('PAID'), initialPaymentState)).toThrow(/no such payment/);
  });

  it('releases a failed payment again only on request, as attempt 2', () => {
    const { state } = run([plan([]), settle('FAILED')]);
    expect(state.status).toBe('FAILED');
    const again = decidePayment({ type: 'ReleaseAgain', reason: 'new account number', now: NOW }, state);
    expect(again).toMatchObject([{ type: 'PaymentReleased', attempt: 2 }]);
    expect(decidePayment({ type: 'ReleaseAgain', reason: 'x', now: NOW }, foldPayment(again, state))).toEqual([]);
    expect(decidePayment({ type: 'ReleaseAgain', reason: 'x', now: NOW }, run([plan([])]).state)).toEqual([]);
  });
});

describe('payment decider: the history of release attempts', () => {
  const failed: Settlement = {
    outcome: 'FAILED',
    reference: null,
    paidOn: null,
    reason: 'closed account',
    reportedAt: '2026-12-01T08:00:00Z',
  };
  const paid: Settlement = { outcome: 'PAID', reference: 'UTB-1', paidOn: '2026-12-01', reason: null, reportedAt: '2026-12-01T08:00:00Z' };

  it('given a held payment, when it is released, then attempt 1 is recorded with its key, time and amount, and no settlement yet', () => {
    expect(attemptsOf(run([plan(['C1'])]).state)).toEqual([]);
    const { state } = given(plan(['C1'])).when(met('C1'));
    expect(attemptsOf(state)).toEqual([
      {
        attempt: 1,
        idempotencyKey: 'vilkarsflyt:payment:P2:release:1',
        releasedAt: NOW.toISOString(),
        amountOre: 785_000,
        settlement: null,
      },
    ]);
  });

  it('given a released payment, when the payment team reports it failed, then the failure belongs to attempt 1', () => {
    const { state } = given(plan([])).when(settle('FAILED'));
    expect(state.status).toBe('FAILED');
    expect(attemptsOf(state)).toEqual([expect.objectContaining({ attempt: 1, settlement: failed })]);
  });

  it('given a failed payment, when the decision unit releases it again, then attempt 2 is added and attempt 1 keeps its failure', () => {
    const { state } = given(plan([]), settle('FAILED')).when(releaseAgain);
    expect(state).toMatchObject({ status: 'RELEASED', releases: 2, releasedAt: '2026-12-02T09:00:00.000Z', settlement: null });
    expect(attemptsOf(state)).toEqual([
      {
        attempt: 1,
        idempotencyKey: 'vilkarsflyt:payment:P2:release:1',
        releasedAt: '2026-11-20T10:00:00.000Z',
        amountOre: 785_000,
        settlement: failed,
      },
      {
        attempt: 2,
        idempotencyKey: 'vilkarsflyt:payment:P2:release:2',
        releasedAt: '2026-12-02T09:00:00.000Z',
        amountOre: 785_000,
        settlement: null,
      },
    ]);
  });

  it('given release → failed → release again, when it is reported paid, then attempt 2 is paid and attempt 1 stays failed', () => {
    const { state } = given(plan([]), settle('FAILED'), releaseAgain).when(settle('PAID', 2));
    expect(state).toMatchObject({ status: 'PAID', settlement: paid });
    expect(attemptsOf(state).map((a) => [a.attempt, a.settlement?.outcome ?? null])).toEqual([
      [1, 'FAILED'],
      [2, 'PAID'],
    ]);
  });

  it('given a reduced payment, when it is released, then the attempt carries the amount released', () => {
    const { state } = given(plan(['C1', 'C2']), met('C2')).when(reduce('C1', 400_000));
    expect(attemptsOf(state)).toEqual([expect.objectContaining({ attempt: 1, amountOre: 400_000 })]);
  });

  it('given a paid payment, when the same report comes again or a stop arrives late, then the history does not change', () => {
    const before = run([plan([]), settle('PAID')]).state;
    expect(given(plan([]), settle('PAID')).when(settle('PAID')).state).toEqual(before);
    expect(attemptsOf(given(plan([]), settle('PAID')).when(stop()).state)).toEqual(attemptsOf(before));
  });

  it('property: one attempt per release, numbered 1…n with the release key; the last one is the current release and its settlement; only the last may be unsettled or paid', () => {
    const command = fc.oneof(
      fc.constantFrom('C1', 'C2').map(met),
      fc.constantFrom('C1', 'C2').map(lift),
      fc.constantFrom('C1', 'C2').map(reopen),
      fc.constantFrom<'PAID' | 'FAILED'>('PAID', 'FAILED').map(settle),
      fc.constant(releaseAgain),
      fc.constant(stop()),
    );
    fc.assert(
      fc.property(fc.subarray(['C1', 'C2']), fc.array(command, { maxLength: 25 }), (gates, commands) => {
        let state = run([plan(gates)]).state;
        for (const c of commands) {
          try {
            state = foldPayment(decidePayment(c, state), state);
          } catch {
            continue; // a conflicting report is refused and changes nothing
          }
        }
        if (state.status === 'NONE') throw new Error('planned');
        const { attempts } = state;
        expect(attempts.map((a) => a.attempt)).toEqual(Array.from({ length: state.releases }, (_, i) => i + 1));
        for (const a of attempts) expect(a.idempotencyKey).toBe(releaseIdempotencyKey('P2', a.attempt));
        expect(attempts.at(-1)?.releasedAt ?? null).toBe(state.releasedAt);
        expect(attempts.at(-1)?.settlement ?? null).toEqual(state.settlement);
        for (const a of attempts.slice(0, -1)) expect(a.settlement?.outcome).toBe('FAILED');
      }),
      { numRuns: 300 },
    );
  });
});

describe('payment state machine', () => {
  const sample: Record<PaymentStatus, PaymentState> = {
    NONE: initialPaymentState,
    HELD: run([plan(['C1'])]).state,
    RELEASED: run([plan([])]).state,
    PAID: run([plan([]), settle('PAID')]).state,
    FAILED: run([plan([]), settle('FAILED')]).state,
    STOPPED: run([plan(['C1']), stop()]).state,
    CANCELLED: run([plan(['C1']), cancel]).state,
  };
  const paid: Settlement = { outcome: 'PAID', reference: 'R', paidOn: '2026-12-01', reason: null, reportedAt: 'x' };
  const events: PaymentEvent[] = [
    { type: 'PaymentPlanned', terms, gates: {} },
    { type: 'GateResolved', paymentId: 'P2', conditionId: 'C1', resolution: { at: 'x', how: 'MET' } },
    { type: 'GateReopened', paymentId: 'P2', conditionId: 'C1', reason: 'r' },
    { type: 'GateAdded', paymentId: 'P2', conditionId: 'C9' },
    { type: 'PaymentReduced', paymentId: 'P2', reduction: { fromOre: 785_000, toOre: 1, conditionId: 'C1', assessment: 'a' }, at: 'x' },
    { type: 'PaymentReleased', paymentId: 'P2', attempt: 1, releasedAt: 'x', amountOre: 785_000, waitedFor: [] },
    { type: 'ReleaseQuestioned', paymentId: 'P2', conditionId: null, reason: 'r', at: 'x' },
    { type: 'PaymentStopped', paymentId: 'P2', reason: 'r', at: 'x' },
    { type: 'PaymentCancelled', paymentId: 'P2', reason: 'r', at: 'x' },
    { type: 'PaymentSettled', paymentId: 'P2', settlement: paid },
  ];

  it('lists every event, and every status has a sample', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual(events.map((e) => e.type).sort());
    expect(PAYMENT_STATUSES.map((s) => sample[s].status)).toEqual([...PAYMENT_STATUSES]);
  });

  for (const from of PAYMENT_STATUSES) {
    for (const event of events) {
      const rule = PAYMENT_TRANSITIONS[event.type];
      const legal = rule.from.includes(from);
      const to = rule.to === 'SAME' ? from : rule.to === 'BY_OUTCOME' ? 'PAID' : rule.to;
      it(`${event.type} in ${from}: ${legal ? `→ ${to}` : 'refused'}`, () => {
        const attempt = () => evolvePayment(sample[from], event);
        if (legal) expect(attempt().status).toBe(to);
        else expect(attempt).toThrow(/illegal payment transition/);
      });
    }
  }
});

describe('properties', () => {
  const ids = ['C1', 'C2', 'C3', 'C4'];
  const command = fc.oneof(
    fc.constantFrom(...ids).map(met),
    fc.constantFrom(...ids).map(lift),
    fc.constantFrom(...ids).map(reopen),
    fc.constantFrom(...ids).map((id) => reduce(id, 100_000)),
    fc.constant(stop()),
    fc.constant(cancel),
    fc.constant<PaymentCommand>({ type: 'CheckDue', now: NOW }),
    fc.constantFrom(...ids).map((id): PaymentCommand => ({ type: 'AddGate', conditionId: id, now: NOW })),
  );

  it('whatever arrives in whatever order, twice or not: at most one release, none after a stop or a cancel, and never held while nothing holds it', () => {
    fc.assert(
      fc.property(fc.subarray(ids), fc.array(command, { maxLength: 30 }), fc.boolean(), (gates, commands, twice) => {
        let state = run([plan(gates)]).state;
        let releases = state.status === 'RELEASED' ? 1 : 0;
        let ended = false;
        for (const c of twice ? commands.flatMap((x) => [x, x]) : commands) {
          let events: PaymentEvent[];
          try {
            events = decidePayment(c, state);
          } catch {
            continue; // refused by a rule (e.g. a reduction for a condition that does not gate it): nothing changes
          }
          const r = events.filter((e) => e.type === 'PaymentReleased').length;
          if (ended) expect(r).toBe(0);
          releases += r;
          state = foldPayment(events, state);
          if (state.status === 'STOPPED' || state.status === 'CANCELLED') ended = true;
          if (state.status === 'HELD') expect(waitingFor(state).length + (waitingForDate(state, NOW) ? 1 : 0)).toBeGreaterThan(0);
        }
        expect(releases).toBeLessThanOrEqual(1);
        expect(state.status === 'RELEASED').toBe(releases === 1);
      }),
      { numRuns: 300 },
    );
  });
});
