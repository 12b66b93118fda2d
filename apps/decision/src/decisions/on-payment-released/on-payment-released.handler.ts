import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { BatchTopicHandler } from '@vf/messaging';
import { ProgressChange, updateDecisionsProgress } from '../../worklist/worklist.store';

const progressOf = ({ payload: r }: EventEnvelope<PaymentReleasedV1>): { decisionId: string; change: ProgressChange } => ({
  decisionId: r.decisionId,
  change: (p) => {
    if (p.payments[r.paymentId]) p.payments[r.paymentId] = { amountOre: r.amountOre, status: 'RELEASED' };
  },
});

/**
 * payment-released: the decision unit learns the payment went, with the amount it went with.
 * Releases of different decisions in one batch are recorded together.
 */
@Injectable()
export class OnPaymentReleasedHandler implements BatchTopicHandler<typeof TOPICS.paymentReleasedV1> {
  touches(event: EventEnvelope<PaymentReleasedV1>): string[] {
    return [`decision:${event.payload.decisionId.toLowerCase()}`];
  }

  handle(event: EventEnvelope<PaymentReleasedV1>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: EventEnvelope<PaymentReleasedV1>[], manager: EntityManager): Promise<void> {
    await updateDecisionsProgress(manager, events.map(progressOf));
  }
}
