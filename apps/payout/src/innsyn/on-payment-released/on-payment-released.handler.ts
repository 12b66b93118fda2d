import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { BatchTopicHandler, causeOfEvent } from '@vf/messaging';
import { documentsChangedBy, refreshDigisosSokers } from '../innsyn.store';

/**
 * payment-released (payout's own, also from its release job): still PLANLAGT_UTBETALING to the
 * recipient, but a reduced amount or a condition that no longer holds it back may show. Releases of
 * different cases in one batch are checked together.
 */
@Injectable()
export class InnsynOnPaymentReleasedHandler implements BatchTopicHandler<typeof TOPICS.paymentReleasedV1> {
  touches(event: EventEnvelope<PaymentReleasedV1>): string[] {
    return [`case:${event.payload.caseId}`];
  }

  handle(event: EventEnvelope<PaymentReleasedV1>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: EventEnvelope<PaymentReleasedV1>[], manager: EntityManager): Promise<void> {
    // Released while payout handled an event whose refresh already shows it (not by the release job).
    const shown = await documentsChangedBy(
      manager,
      events.map((e) => ({ caseId: e.payload.caseId, causationId: e.causationId })),
    );
    await refreshDigisosSokers(
      manager,
      events.filter((_, i) => !shown[i]).map((e) => ({ caseId: e.payload.caseId, at: e.payload.releasedAt, cause: causeOfEvent(e) })),
    );
  }
}
