import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { recordConditionStatus, refreshDigisosSoker } from '../innsyn.store';

/**
 * condition-fulfilled: payout's own handler has just resolved the gate (and perhaps released the
 * payment); the conditions that still hold a payment back say so, so the document is brought up to date.
 * The condition's own status comes with it (the progress snapshot it carries), in the same refresh.
 */
@Injectable()
export class InnsynOnConditionFulfilledHandler implements TopicHandler<typeof TOPICS.conditionFulfilledV1> {
  async handle(event: EventEnvelope<ConditionFulfilledV1>, manager: EntityManager): Promise<void> {
    if (event.payload.progress) await recordConditionStatus(manager, event.payload.progress);
    await refreshDigisosSoker(manager, event.payload.caseId, event.payload.fulfilledAt, causeOfEvent(event));
  }
}
