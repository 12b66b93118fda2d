import { EntityManager } from 'typeorm';
import { PaymentNeedsReviewV1, PaymentReleasedV1, TOPICS, envelope } from '@vf/contracts';
import { addToOutbox, deterministicUuid } from '@vf/messaging';
import { PaymentEvent, PaymentState, foldPayment, initialPaymentState } from '@vf/rules';
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
    },
    gates: row.gates,
    releasedAt: row.releasedAt?.toISOString() ?? null,
  };
}

/** The payment team executes an order once per key. One release per payment in this version. */
export const releaseIdempotencyKey = (paymentId: string) => `vilkarsflyt:payment:${paymentId}:release:1`;

export interface Cause {
  eventId: string;
  correlationId: string;
  now: Date;
}

/**
 * Stores the payment as the decider left it and, in the same transaction, puts payment-released
 * in the outbox. The event id is derived from the payment, so even a second release decision could
 * not store a second event (the outbox's event_id is unique).
 */
export async function savePayment(
  manager: EntityManager,
  before: PaymentState,
  events: PaymentEvent[],
  meta: { ref: string; office: string },
  cause: Cause,
): Promise<void> {
  if (events.length === 0) return;
  const after = foldPayment(events, before);
  if (after.status === 'NONE') return;
  await manager.save(
    Object.assign(new PaymentEntity(), {
      id: after.terms.paymentId,
      decisionId: after.terms.decisionId,
      caseId: after.terms.caseId,
      ref: meta.ref,
      office: meta.office,
      purpose: after.terms.purpose,
      amountOre: after.terms.amountOre,
      dueDate: after.terms.dueDate,
      payee: after.terms.payee,
      status: after.status,
      gates: after.gates,
      releasedAt: after.releasedAt ? new Date(after.releasedAt) : null,
    }),
  );
  const origin = (eventId: string) => ({
    eventId,
    occurredAt: cause.now.toISOString(),
    causationId: cause.eventId,
    correlationId: cause.correlationId,
    producer: 'payout' as const,
    actor: null,
  });
  for (const event of events) {
    if (event.type === 'ReleaseQuestioned') {
      const review: PaymentNeedsReviewV1 = {
        paymentId: after.terms.paymentId,
        decisionId: after.terms.decisionId,
        caseId: after.terms.caseId,
        office: meta.office,
        conditionId: event.conditionId,
        reason: event.reason,
        releasedAt: after.releasedAt!,
        raisedAt: event.at,
      };
      await addToOutbox(
        manager,
        TOPICS.paymentNeedsReviewV1,
        after.terms.decisionId,
        envelope(TOPICS.paymentNeedsReviewV1, review, origin(deterministicUuid(`payment-needs-review:${after.terms.paymentId}:${cause.eventId}`))),
      );
      continue;
    }
    if (event.type !== 'PaymentReleased') continue;
    const payload: PaymentReleasedV1 = {
      idempotencyKey: releaseIdempotencyKey(after.terms.paymentId),
      paymentId: after.terms.paymentId,
      decisionId: after.terms.decisionId,
      caseId: after.terms.caseId,
      purpose: after.terms.purpose,
      amountOre: after.terms.amountOre,
      dueDate: after.terms.dueDate,
      payee: after.terms.payee,
      waitedFor: event.waitedFor,
      releasedAt: event.releasedAt,
    };
    await addToOutbox(
      manager,
      TOPICS.paymentReleasedV1,
      after.terms.paymentId,
      envelope(TOPICS.paymentReleasedV1, payload, origin(deterministicUuid(`payment-released:${after.terms.paymentId}:1`))),
    );
  }
}
