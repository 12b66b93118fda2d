import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { BatchTopicHandler, causeOfEvent } from '@vf/messaging';
import { recordConditionStatuses, refreshDigisosSokers } from '../innsyn.store';

/**
 * condition-fulfilled: payout's own handler has just resolved the gate (and perhaps released the
 * payment); the conditions that still hold a payment back say so, so the document is brought up to date.
 * The condition's own status comes with it (the progress snapshot it carries), in the same refresh.
 * Fulfilments of different cases in one batch are taken together.
 */
@Injectable()
export class InnsynOnConditionFulfilledHandler implements BatchTopicHandler<typeof TOPICS.conditionFulfilledV1> {
  touches(event: EventEnvelope<ConditionFulfilledV1>): string[] {
    return [`case:${event.payload.caseId}`];
  }

  handle(event: EventEnvelope<ConditionFulfilledV1>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: EventEnvelope<ConditionFulfilledV1>[], manager: EntityManager): Promise<void> {
    await recordConditionStatuses(
      manager,
      events.flatMap((e) => (e.payload.progress ? [e.payload.progress] : [])),
    );
    await refreshDigisosSokers(
      manager,
      events.map((e) => ({ caseId: e.payload.caseId, at: e.payload.fulfilledAt, cause: causeOfEvent(e) })),
    );
  }
}
