import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentStatusV1, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { raiseWorklistItem, updateDecisionProgress } from '../worklist.store';

/** payment-status: stopped, cancelled, paid or failed; a failed payment goes to the worklist. */
@Injectable()
export class OnPaymentStatusHandler implements TopicHandler<typeof TOPICS.paymentStatusV1> {
  async handle(event: EventEnvelope<PaymentStatusV1>, manager: EntityManager): Promise<void> {
    const s = event.payload;
    await updateDecisionProgress(manager, s.decisionId, (p) => {
      if (p.payments[s.paymentId]) p.payments[s.paymentId].status = s.status;
    });
    if (s.status !== 'FAILED') return;
    await raiseWorklistItem(manager, event.eventId, {
      kind: 'PAYMENT_FAILED',
      office: s.office,
      caseId: s.caseId,
      decisionId: s.decisionId,
      conditionId: null,
      paymentId: s.paymentId,
      summary: `the payment team could not pay: ${s.reason}`,
      raisedAt: new Date(s.at),
    });
  }
}
