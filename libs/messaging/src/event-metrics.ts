import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { ServiceMetrics, serviceLogger } from '@vf/platform';

/** An outbox row as the relay published it: the event as its JSON text. */
export interface PublishedRow {
  seq: string;
  topic: string;
  message_key: string | null;
  event_id: string;
  value: string;
  correlation_id: string | null;
}

/**
 * After Kafka acknowledged a batch: counts it per topic, writes a debug line per event with its
 * correlation id, and for payout's releases the release count and the wait from the last condition
 * met to the release (payment-released carries both instants).
 */
export function observePublished(metrics: ServiceMetrics | undefined, rows: PublishedRow[]): void {
  const logger = serviceLogger();
  for (const row of rows) {
    metrics?.eventsProduced.inc({ topic: row.topic });
    if (logger.isLevelEnabled('debug')) {
      logger.debug(
        { context: 'outbox', topic: row.topic, eventId: row.event_id, correlationId: row.correlation_id },
        `published ${row.topic}`,
      );
    }
    if (metrics && row.topic === TOPICS.paymentReleasedV1) {
      const payload = (JSON.parse(row.value) as EventEnvelope<PaymentReleasedV1>).payload;
      metrics.releases.inc({ attempt: payload.attempt === 1 ? 'first' : 'again' });
      const lastMet = Math.max(...payload.waitedFor.map((w) => Date.parse(w.metAt)));
      if (payload.attempt === 1 && Number.isFinite(lastMet)) {
        metrics.releaseWait.observe(Math.max(0, Date.parse(payload.releasedAt) - lastMet) / 1000);
      }
    }
  }
}
