import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentStatusV1, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { refreshDigisosSoker } from '../innsyn.store';

/** payment-status (payout's own, also after a settlement over HTTP): paid, stopped, cancelled or failed. */
@Injectable()
export class InnsynOnPaymentStatusHandler implements TopicHandler<typeof TOPICS.paymentStatusV1> {
  async handle(event: EventEnvelope<PaymentStatusV1>, manager: EntityManager): Promise<void> {
    await refreshDigisosSoker(manager, event.payload.caseId, event.payload.at, causeOfEvent(event));
  }
}
