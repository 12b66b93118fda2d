import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentNeedsReviewV1, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { raiseWorklistItem } from '../worklist.store';

/** payment-needs-review: a released payment whose condition reopened, or an action that came too late. */
@Injectable()
export class OnPaymentNeedsReviewHandler implements TopicHandler<typeof TOPICS.paymentNeedsReviewV1> {
  async handle(event: EventEnvelope<PaymentNeedsReviewV1>, manager: EntityManager): Promise<void> {
    const r = event.payload;
    await raiseWorklistItem(manager, event.eventId, {
      kind: 'RELEASED_PAYMENT_QUESTIONED',
      office: r.office,
      caseId: r.caseId,
      decisionId: r.decisionId,
      conditionId: r.conditionId ?? null,
      paymentId: r.paymentId,
      summary: `payment released ${r.releasedAt}, then: ${r.reason}`,
      raisedAt: new Date(r.raisedAt),
    });
  }
}
