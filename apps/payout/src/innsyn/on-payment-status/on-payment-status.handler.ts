import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentStatusV1, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { documentChangedBy, refreshDigisosSoker } from '../innsyn.store';

/** payment-status (payout's own, also after a settlement over HTTP): paid, stopped, cancelled or failed. */
@Injectable()
export class InnsynOnPaymentStatusHandler implements TopicHandler<typeof TOPICS.paymentStatusV1> {
  async handle(event: EventEnvelope<PaymentStatusV1>, manager: EntityManager): Promise<void> {
    // Stopped, cancelled or settled while payout handled an event whose refresh already shows it.
    if (await documentChangedBy(manager, event.payload.caseId, event.causationId)) return;
    await refreshDigisosSoker(manager, event.payload.caseId, event.payload.at, causeOfEvent(event));
  }
}
