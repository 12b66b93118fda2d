import { EntityManager } from 'typeorm';
import {
  EventTopic,
  PayloadByTopic,
  PaymentNeedsReviewV1,
  PaymentReleasedV1,
  PaymentSettlementV1,
  PaymentStatusV1,
  TOPICS,
} from '@vf/contracts';
import { Cause, appendToOutbox, deterministicUuid } from '@vf/messaging';
import {
  PaymentCommand,
  PaymentEvent,
  PaymentState,
  RuleViolation,
  decidePayment,
  foldPayment,
  heldChange,
  initialPaymentState,
  releaseIdempotencyKey,
  releaseLatencyMs,
} from '@vf/rules';
import { PaymentEntity } from '../database/payment.entity';

export function toPaymentState(row: PaymentEntity | null): PaymentState {
  if (!row) return initialPaymentState;
  return {
    status: row.status,
    terms: {
      paymentId: row.id,
      decisionId: row.decisionId,
      caseId: row.caseId,
      purpose: row.purpose,
      amountOre: row.amountOre,
      dueDate: row.dueDate,
      payee: row.payee,
      notBefore: row.notBefore,
    },
    gates: row.gates,
    releases: row.releases,
    releasedAt: row.releasedAt?.toISOString() ?? null,
    reduction: row.reduction,
    settlement: row.settlement,
    stopReason: row.stopReason,
    attempts: row.attempts ?? [],
  };
}

/**
 * Stores the payment as the decider left it and, in the same transaction, puts what the others must
 * hear in the outbox. Event ids derive from the payment and what happened (and the release attempt),
 * so even a second identical decision could not store a second event: outbox.event_id is unique.
 */
export async function savePayment(
  manager: EntityManager,
  before: PaymentState,
  events: PaymentEvent[],
  meta: { ref: string; office: string; veilederIdent: string | null },
  cause: Cause,
): Promise<PaymentState> {
  if (events.length === 0) return before;
  const after = foldPayment(events, before);
  if (after.status === 'NONE') return after;
  const t = after.terms;
  await manager.save(
    Object.assign(new PaymentEntity(), {
      id: t.paymentId,
      decisionId: t.decisionId,
      caseId: t.caseId,
      ref: meta.ref,
      office: meta.office,
      veilederIdent: meta.veilederIdent,
      purpose: t.purpose,
      amountOre: t.amountOre,
      dueDate: t.dueDate,
      payee: t.payee,
      notBefore: t.notBefore,
      status: after.status,
      gates: after.gates,
      releases: after.releases,
      releasedAt: after.releasedAt ? new Date(after.releasedAt) : null,
      reduction: after.reduction,
      settlement: after.settlement,
      stopReason: after.stopReason,
      attempts: after.attempts,
    }),
  );
  await recordOverviewFigures(manager, before, after, events, meta);
  const publish = <K extends EventTopic>(topic: K, key: string, payload: PayloadByTopic[K], eventId: string) =>
    appendToOutbox(manager, 'payout', cause, { topic, key, payload, eventId });
  const ref = { paymentId: t.paymentId, decisionId: t.decisionId, caseId: t.caseId };
  for (const event of events) {
    switch (event.type) {
      case 'PaymentReleased': {
        const payload: PaymentReleasedV1 = {
          ...ref,
          idempotencyKey: releaseIdempotencyKey(t.paymentId, event.attempt),
          attempt: event.attempt,
          purpose: t.purpose,
          amountOre: event.amountOre,
          dueDate: t.dueDate,
          payee: t.payee,
          waitedFor: event.waitedFor,
          releasedAt: event.releasedAt,
          reduction: after.reduction ? { ...after.reduction } : null,
        };
        await publish(
          TOPICS.paymentReleasedV1,
          t.paymentId,
          payload,
          deterministicUuid(`payment-released:${t.paymentId}:${event.attempt}`),
        );
        break;
      }
      case 'ReleaseQuestioned': {
        const payload: PaymentNeedsReviewV1 = {
          ...ref,
          office: meta.office,
          conditionId: event.conditionId,
          reason: event.reason,
          releasedAt: after.releasedAt!,
          raisedAt: event.at,
        };
        await publish(
          TOPICS.paymentNeedsReviewV1,
          t.decisionId,
          payload,
          deterministicUuid(`payment-needs-review:${t.paymentId}:${cause.causationId}`),
        );
        break;
      }
      case 'PaymentStopped':
      case 'PaymentCancelled':
      case 'PaymentSettled': {
        const status =
          event.type === 'PaymentStopped' ? 'STOPPED' : event.type === 'PaymentCancelled' ? 'CANCELLED' : event.settlement.outcome;
        const payload: PaymentStatusV1 = {
          ...ref,
          office: meta.office,
          status,
          reason: event.type === 'PaymentSettled' ? event.settlement.reason : event.reason,
          reference: event.type === 'PaymentSettled' ? event.settlement.reference : null,
          paidOn: event.type === 'PaymentSettled' ? event.settlement.paidOn : null,
          at: event.type === 'PaymentSettled' ? event.settlement.reportedAt : event.at,
        };
        await publish(
          TOPICS.paymentStatusV1,
          t.decisionId,
          payload,
          deterministicUuid(`payment-status:${t.paymentId}:${status}:${after.releases}`),
        );
        break;
      }
      default:
        break;
    }
  }
  return after;
}

/**
 * Keeps the office overview as the payment changes, in the same transaction: a change to the held
 * figures is appended (folded later by the compaction job), and a release records its latency.
 */
async function recordOverviewFigures(
  manager: EntityManager,
  before: PaymentState,
  after: PaymentState,
  events: PaymentEvent[],
  meta: { office: string; veilederIdent: string | null },
) {
  if (after.status === 'NONE') return;
  const veileder = meta.veilederIdent ?? '';
  const change = heldChange(before.status === 'NONE' ? null : { status: before.status, amountOre: before.terms.amountOre }, {
    status: after.status,
    amountOre: after.terms.amountOre,
  });
  if (change.count !== 0 || change.amountOre !== 0 || before.status === 'NONE') {
    await manager.query(`INSERT INTO held_figures_change (office, veileder_ident, held_count, held_amount_ore) VALUES ($1, $2, $3, $4)`, [
      meta.office,
      veileder,
      change.count,
      change.amountOre,
    ]);
  }
  const latency = events.some((e) => e.type === 'PaymentReleased') ? releaseLatencyMs(after.gates, after.releasedAt) : null;
  if (latency !== null) {
    await manager.query(
      `INSERT INTO release_latency (payment_id, office, veileder_ident, released_at, latency_ms) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (payment_id) DO UPDATE SET released_at = EXCLUDED.released_at, latency_ms = EXCLUDED.latency_ms`,
      [after.terms.paymentId, meta.office, veileder, after.releasedAt, latency],
    );
  }
}

/** Events of one decision are handled one at a time: they come on different topics, maybe to different instances. */
export const lockDecision = (manager: EntityManager, decisionId: string) =>
  manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [decisionId]);

/** Runs one command against one payment row (locked) and saves what it decided. */
export async function commandPayment(manager: EntityManager, row: PaymentEntity, command: PaymentCommand, cause: Cause) {
  const before = toPaymentState(row);
  return savePayment(
    manager,
    before,
    decidePayment(command, before),
    { ref: row.ref, office: row.office, veilederIdent: row.veilederIdent },
    cause,
  );
}

/** The payments of a decision (one, or those a condition gates), locked for this transaction, in id order. */
export async function lockedPayments(manager: EntityManager, where: { decisionId: string; paymentId?: string; gatedBy?: string }) {
  const q = manager
    .getRepository(PaymentEntity)
    .createQueryBuilder('p')
    .setLock('pessimistic_write')
    .where('p.decision_id = :decisionId', where);
  if (where.paymentId) q.andWhere('p.id = :paymentId', where);
  if (where.gatedBy) q.andWhere('jsonb_exists(p.gates, :gatedBy)', where);
  return q.orderBy('p.id').getMany();
}

/** Runs one command against one payment of a decision, under the decision's lock. */
export async function commandOnePayment(
  manager: EntityManager,
  decisionId: string,
  paymentId: string,
  command: PaymentCommand,
  cause: Cause,
) {
  await lockDecision(manager, decisionId);
  const [row] = await lockedPayments(manager, { decisionId, paymentId });
  if (!row) throw RuleViolation.invalid('paymentId', 'payout knows no such payment of this decision');
  await commandPayment(manager, row, command, cause);
}

/** The payment team's report, from Kafka or HTTP: paid (reference, day) or failed (reason). The payment decider checks it. */
export async function settle(manager: EntityManager, decisionId: string, s: PaymentSettlementV1, cause: Cause) {
  const [row] = await lockedPayments(manager, { decisionId, paymentId: s.paymentId });
  if (!row) throw RuleViolation.invalid('paymentId', 'no such payment');
  const settlement = {
    outcome: s.outcome,
    reference: s.reference ?? null,
    paidOn: s.paidOn ?? null,
    reason: s.reason ?? null,
    reportedAt: s.reportedAt,
  };
  return commandPayment(manager, row, { type: 'ReportSettlement', idempotencyKey: s.idempotencyKey, settlement, now: cause.now }, cause);
}

export type { Cause };
