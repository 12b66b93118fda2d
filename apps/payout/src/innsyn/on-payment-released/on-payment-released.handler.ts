import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { documentChangedBy, refreshDigisosSoker } from '../innsyn.store';

/**
 * payment-released (payout's own, also from its release job): still PLANLAGT_UTBETALING to the
 * recipient, but a reduced amount or a condition that no longer holds it back may show.
 */
@Injectable()
export class InnsynOnPaymentReleasedHandler implements TopicHandler<typeof TOPICS.paymentReleasedV1> {
  async handle(event: EventEnvelope<PaymentReleasedV1>, manager: EntityManager): Promise<void> {
    // Released while payout handled an event whose refresh already shows it (not by the release job).
    if (await documentChangedBy(manager, event.payload.caseId, event.causationId)) return;
    await refreshDigisosSoker(manager, event.payload.caseId, event.payload.releasedAt, causeOfEvent(event));
  }
}
