import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { updateDecisionProgress } from '../../worklist/worklist.store';

/** payment-released: the decision unit learns the payment went, with the amount it went with. */
@Injectable()
export class OnPaymentReleasedHandler implements TopicHandler<typeof TOPICS.paymentReleasedV1> {
  async handle(event: EventEnvelope<PaymentReleasedV1>, manager: EntityManager): Promise<void> {
    const r = event.payload;
    await updateDecisionProgress(manager, r.decisionId, (p) => {
      if (p.payments[r.paymentId]) p.payments[r.paymentId] = { amountOre: r.amountOre, status: 'RELEASED' };
    });
  }
}
