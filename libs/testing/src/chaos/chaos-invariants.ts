/**
 * The counting at the end of a chaos run (npm run chaos): what the services stored and published,
 * compared with what the load was told. Pure: the runner reads the databases and Kafka, this judges.
 *
 * Invariants:
 * - every payment whose conditions were met is released exactly once: one idempotency key
 *   (`…:release:1`) on payment-released, published as one event (a re-send of that same event is
 *   counted, not a violation), and payout's row RELEASED with that one attempt;
 * - no payment is released while a condition holds it: no payment-released for it, its row HELD;
 *   and a release names every condition that gated it, each met no later than the release, and no
 *   earlier than the load sent the evidence that met it;
 * - nothing acknowledged is lost: every decision the load was answered 201 for is stored, and every
 *   condition the load met with acknowledged evidence is FULFILLED in follow-up (and no other is).
 */

/** A payment as the decision service stored it, with the conditions that gate it. */
export interface IssuedPayment {
  paymentId: string;
  decisionId: string;
  gates: string[];
}

/** A condition as follow-up stored it. */
export interface FollowedCondition {
  conditionId: string;
  status: string;
  /** ISO instant, or null. */
  fulfilledAt: string | null;
}

/** A payment as payout stored it. */
export interface PayoutRow {
  paymentId: string;
  status: string;
  releases: number;
  attempts: Array<{ attempt: number; idempotencyKey: string; releasedAt: string }>;
}

/** One message read from vilkarsflyt.payment-released.v1. */
export interface ReleaseMessage {
  eventId: string;
  paymentId: string;
  idempotencyKey: string;
  attempt: number;
  releasedAt: string;
  waitedFor: Array<{ conditionId: string; metAt: string; resolution: string }>;
}

/** What the load knows of one of its payments. */
export interface LoadExpectation {
  paymentId: string;
  decisionId: string;
  /** true: every gating condition got acknowledged evidence that meets it; false: at least one never did. */
  release: boolean;
  /** Per gating condition: whether the load met it, and when it first sent the evidence that met it (epoch ms). */
  conditions: Array<{ conditionId: string; met: boolean; meetingEvidenceSentAt: number | null }>;
}

export interface ChaosObservations {
  issued: IssuedPayment[];
  conditions: FollowedCondition[];
  payout: PayoutRow[];
  released: ReleaseMessage[];
  expectations: LoadExpectation[];
}

export interface ChaosCounts {
  paymentsStored: number;
  paymentsTheLoadKnows: number;
  expectedReleased: number;
  expectedHeld: number;
  /** Payments whose conditions follow-up has FULFILLED, and so must be released. */
  conditionsMet: number;
  releasedExactlyOnce: number;
  heldNotReleased: number;
  releaseMessages: number;
  idempotencyKeys: number;
  /** The same release event read more than once (the relay's at-least-once re-send): allowed. */
  resentSameEvent: number;
  violations: number;
}

export interface ChaosVerdict {
  counts: ChaosCounts;
  violations: string[];
}

export const firstReleaseKey = (paymentId: string) => `vilkarsflyt:payment:${paymentId}:release:1`;

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export function checkChaosRun(o: ChaosObservations): ChaosVerdict {
  const violations: string[] = [];
  const conditions = new Map(o.conditions.map((c) => [c.conditionId, c]));
  const payout = new Map(o.payout.map((p) => [p.paymentId, p]));
  const issued = new Map(o.issued.map((p) => [p.paymentId, p]));
  const releases = new Map<string, ReleaseMessage[]>();
  for (const m of o.released) releases.set(m.paymentId, [...(releases.get(m.paymentId) ?? []), m]);

  let conditionsMet = 0;
  let releasedExactlyOnce = 0;
  let heldNotReleased = 0;
  let resentSameEvent = 0;

  for (const p of o.issued) {
    const row = payout.get(p.paymentId);
    const messages = releases.get(p.paymentId) ?? [];
    const keys = [...new Set(messages.map((m) => m.idempotencyKey))];
    const eventIds = [...new Set(messages.map((m) => m.eventId))];
    resentSameEvent += messages.length - eventIds.length;
    const gates = p.gates.map((id) => conditions.get(id));
    if (gates.some((g) => !g)) violations.push(`payment ${p.paymentId}: a condition that gates it is unknown to follow-up`);
    const met = gates.every((g) => g?.status === 'FULFILLED');
    if (!row) violations.push(`payment ${p.paymentId}: unknown to payout`);

    if (met) {
      conditionsMet++;
      if (keys.length === 0) violations.push(`payment ${p.paymentId}: its conditions were met but it was never released`);
      if (keys.length > 1) violations.push(`payment ${p.paymentId}: released under ${keys.length} idempotency keys (${keys.join(', ')})`);
      if (keys.length === 1 && keys[0] !== firstReleaseKey(p.paymentId)) {
        violations.push(`payment ${p.paymentId}: released under ${keys[0]}, expected ${firstReleaseKey(p.paymentId)}`);
      }
      if (eventIds.length > keys.length) violations.push(`payment ${p.paymentId}: ${eventIds.length} different release events`);
      if (row && (row.status !== 'RELEASED' || row.releases !== 1 || row.attempts.length !== 1)) {
        violations.push(
          `payment ${p.paymentId}: payout has it ${row.status} with ${row.releases} release(s) and ${row.attempts.length} attempt(s)`,
        );
      } else if (row && keys.length === 1 && row.attempts[0].idempotencyKey !== keys[0]) {
        violations.push(`payment ${p.paymentId}: payout's attempt says ${row.attempts[0].idempotencyKey}, Kafka ${keys[0]}`);
      }
      if (keys.length === 1 && eventIds.length === 1 && row?.status === 'RELEASED' && row.releases === 1) releasedExactlyOnce++;
    } else {
      if (messages.length > 0) violations.push(`payment ${p.paymentId}: released while a condition held it`);
      if (row && (row.status !== 'HELD' || row.releases !== 0)) {
        violations.push(`payment ${p.paymentId}: a condition holds it, but payout has it ${row.status} with ${row.releases} release(s)`);
      }
      if (messages.length === 0 && row?.status === 'HELD' && row.releases === 0) heldNotReleased++;
    }

    for (const m of messages) {
      const named = m.waitedFor.map((w) => w.conditionId);
      if (!sameSet(named, p.gates)) violations.push(`payment ${p.paymentId}: its release names [${named}], its gates are [${p.gates}]`);
      for (const g of gates) {
        if (g?.fulfilledAt && Date.parse(g.fulfilledAt) > Date.parse(m.releasedAt)) {
          violations.push(
            `payment ${p.paymentId}: released at ${m.releasedAt}, before condition ${g.conditionId} was met at ${g.fulfilledAt}`,
          );
        }
      }
    }
  }

  for (const paymentId of releases.keys()) {
    if (!issued.has(paymentId)) violations.push(`payment ${paymentId}: released, but the decision service has no such payment`);
  }
  for (const paymentId of payout.keys()) {
    if (!issued.has(paymentId)) violations.push(`payment ${paymentId}: payout has it, the decision service does not`);
  }

  let expectedReleased = 0;
  let expectedHeld = 0;
  for (const e of o.expectations) {
    if (e.release) expectedReleased++;
    else expectedHeld++;
    if (!issued.has(e.paymentId)) {
      violations.push(`payment ${e.paymentId}: its decision ${e.decisionId} was acknowledged (201) but is not stored`);
      continue;
    }
    for (const c of e.conditions) {
      const stored = conditions.get(c.conditionId);
      if (!stored) continue; // reported above
      if (c.met && stored.status !== 'FULFILLED') {
        violations.push(`condition ${c.conditionId}: evidence that meets it was acknowledged, but follow-up has it ${stored.status}`);
      }
      if (!c.met && stored.status === 'FULFILLED') violations.push(`condition ${c.conditionId}: FULFILLED without evidence that meets it`);
    }
    const sentLast = Math.max(0, ...e.conditions.map((c) => c.meetingEvidenceSentAt ?? 0));
    for (const m of releases.get(e.paymentId) ?? []) {
      if (Date.parse(m.releasedAt) < sentLast) {
        violations.push(`payment ${e.paymentId}: released at ${m.releasedAt}, before the evidence that met its conditions was sent`);
      }
    }
  }
  if (expectedReleased === 0 || expectedHeld === 0) {
    violations.push(`the load made ${expectedReleased} payments to release and ${expectedHeld} to hold: the run shows nothing`);
  }

  // One violation per payment and kind is enough to read; the same text twice is one.
  const unique = [...new Set(violations)];
  return {
    counts: {
      paymentsStored: o.issued.length,
      paymentsTheLoadKnows: o.expectations.length,
      expectedReleased,
      expectedHeld,
      conditionsMet,
      releasedExactlyOnce,
      heldNotReleased,
      releaseMessages: o.released.length,
      idempotencyKeys: new Set(o.released.map((m) => m.idempotencyKey)).size,
      resentSameEvent,
      violations: unique.length,
    },
    violations: unique,
  };
}
