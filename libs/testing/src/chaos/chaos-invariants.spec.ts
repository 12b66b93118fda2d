import { ChaosObservations, ReleaseMessage, checkChaosRun, firstReleaseKey } from './chaos-invariants';

const T0 = Date.parse('2026-11-26T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

/**
 * One decision: P1 gated by C1 and C2, P2 by C2 alone. C2 was met (evidence sent at +1 s, fulfilled at
 * +1.2 s, P2 released at +1.5 s); C1 never was, so P1 is held.
 */
function cleanRun(): ChaosObservations {
  const release: ReleaseMessage = {
    eventId: 'e-p2',
    paymentId: 'P2',
    idempotencyKey: firstReleaseKey('P2'),
    attempt: 1,
    releasedAt: at(1500),
    waitedFor: [{ conditionId: 'C2', metAt: at(1200), resolution: 'MET' }],
  };
  return {
    issued: [
      { paymentId: 'P1', decisionId: 'D', gates: ['C1', 'C2'] },
      { paymentId: 'P2', decisionId: 'D', gates: ['C2'] },
    ],
    conditions: [
      { conditionId: 'C1', status: 'OPEN', fulfilledAt: null },
      { conditionId: 'C2', status: 'FULFILLED', fulfilledAt: at(1200) },
    ],
    payout: [
      { paymentId: 'P1', status: 'HELD', releases: 0, attempts: [] },
      {
        paymentId: 'P2',
        status: 'RELEASED',
        releases: 1,
        attempts: [{ attempt: 1, idempotencyKey: firstReleaseKey('P2'), releasedAt: at(1500) }],
      },
    ],
    released: [release],
    expectations: [
      {
        paymentId: 'P1',
        decisionId: 'D',
        release: false,
        conditions: [
          { conditionId: 'C1', met: false, meetingEvidenceSentAt: null },
          { conditionId: 'C2', met: true, meetingEvidenceSentAt: T0 + 1000 },
        ],
      },
      { paymentId: 'P2', decisionId: 'D', release: true, conditions: [{ conditionId: 'C2', met: true, meetingEvidenceSentAt: T0 + 1000 }] },
    ],
  };
}

describe('the counting at the end of a chaos run', () => {
  it('given a run where the met payment was released once and the other held, finds no violation', () => {
    const { counts, violations } = checkChaosRun(cleanRun());
    expect(violations).toEqual([]);
    expect(counts).toMatchObject({ expectedReleased: 1, expectedHeld: 1, conditionsMet: 1, releasedExactlyOnce: 1, heldNotReleased: 1 });
  });

  it('given the same release event read twice (the relay re-sent it), counts the re-send and finds no violation', () => {
    const run = cleanRun();
    run.released.push({ ...run.released[0] });
    const { counts, violations } = checkChaosRun(run);
    expect(violations).toEqual([]);
    expect(counts.resentSameEvent).toBe(1);
    expect(counts.releaseMessages).toBe(2);
    expect(counts.idempotencyKeys).toBe(1);
  });

  it('given a second idempotency key for one payment, reports it released twice', () => {
    const run = cleanRun();
    run.released.push({ ...run.released[0], eventId: 'e-p2-again', idempotencyKey: 'vilkarsflyt:payment:P2:release:2', attempt: 2 });
    const { counts, violations } = checkChaosRun(run);
    expect(violations).toContain(
      'payment P2: released under 2 idempotency keys (vilkarsflyt:payment:P2:release:1, vilkarsflyt:payment:P2:release:2)',
    );
    expect(counts.releasedExactlyOnce).toBe(0);
  });

  it('given two different events under one key, reports them', () => {
    const run = cleanRun();
    run.released.push({ ...run.released[0], eventId: 'e-p2-other' });
    expect(checkChaosRun(run).violations).toContain('payment P2: 2 different release events');
  });

  it('given a release of a payment a condition still holds, reports it released while held', () => {
    const run = cleanRun();
    run.released.push({ ...run.released[0], eventId: 'e-p1', paymentId: 'P1', idempotencyKey: firstReleaseKey('P1') });
    run.payout[0] = { paymentId: 'P1', status: 'RELEASED', releases: 1, attempts: [] };
    const { counts, violations } = checkChaosRun(run);
    expect(violations).toContain('payment P1: released while a condition held it');
    expect(violations).toContain('payment P1: a condition holds it, but payout has it RELEASED with 1 release(s)');
    expect(counts.heldNotReleased).toBe(0);
  });

  it('given met conditions and no release on Kafka, reports the payment never released', () => {
    const run = cleanRun();
    run.released = [];
    expect(checkChaosRun(run).violations).toContain('payment P2: its conditions were met but it was never released');
  });

  it('given a release on Kafka that payout did not record, reports the disagreement', () => {
    const run = cleanRun();
    run.payout[1] = { paymentId: 'P2', status: 'HELD', releases: 0, attempts: [] };
    expect(checkChaosRun(run).violations).toContain('payment P2: payout has it HELD with 0 release(s) and 0 attempt(s)');
  });

  it('given a release before its condition was met, or before the evidence was sent, reports both', () => {
    const run = cleanRun();
    run.released[0].releasedAt = at(900);
    run.payout[1].attempts[0].releasedAt = at(900);
    const { violations } = checkChaosRun(run);
    expect(violations).toContain(`payment P2: released at ${at(900)}, before condition C2 was met at ${at(1200)}`);
    expect(violations).toContain(`payment P2: released at ${at(900)}, before the evidence that met its conditions was sent`);
  });

  it('given a release that does not name every gating condition, reports it', () => {
    const run = cleanRun();
    run.released[0].waitedFor = [];
    expect(checkChaosRun(run).violations).toContain('payment P2: its release names [], its gates are [C2]');
  });

  it('given an acknowledged decision that is not stored, reports it lost', () => {
    const run = cleanRun();
    run.issued = run.issued.filter((p) => p.paymentId !== 'P1');
    run.payout = run.payout.filter((p) => p.paymentId !== 'P1');
    expect(checkChaosRun(run).violations).toContain('payment P1: its decision D was acknowledged (201) but is not stored');
  });

  it('given acknowledged evidence that follow-up lost, or a condition met without evidence, reports each', () => {
    const lost = cleanRun();
    lost.conditions[1] = { conditionId: 'C2', status: 'OPEN', fulfilledAt: null };
    expect(checkChaosRun(lost).violations).toContain('condition C2: evidence that meets it was acknowledged, but follow-up has it OPEN');

    const unearned = cleanRun();
    unearned.conditions[0] = { conditionId: 'C1', status: 'FULFILLED', fulfilledAt: at(1100) };
    expect(checkChaosRun(unearned).violations).toContain('condition C1: FULFILLED without evidence that meets it');
  });

  it('given releases of payments nobody issued, reports them', () => {
    const run = cleanRun();
    run.released.push({ ...run.released[0], eventId: 'e-x', paymentId: 'PX', idempotencyKey: firstReleaseKey('PX') });
    run.payout.push({ paymentId: 'PY', status: 'HELD', releases: 0, attempts: [] });
    const { violations } = checkChaosRun(run);
    expect(violations).toContain('payment PX: released, but the decision service has no such payment');
    expect(violations).toContain('payment PY: payout has it, the decision service does not');
  });

  it('given a run with nothing to hold, says the run shows nothing', () => {
    const run = cleanRun();
    run.expectations = run.expectations.filter((e) => e.release);
    expect(checkChaosRun(run).violations).toContain('the load made 1 payments to release and 0 to hold: the run shows nothing');
  });
});
