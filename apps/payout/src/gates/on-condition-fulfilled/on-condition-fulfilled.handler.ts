import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { resolveGate } from '../gate.store';

/**
 * condition-fulfilled: the gate is met; each payment it held is released if nothing else holds it.
 * The progress snapshot it carries (if its producer sent one) is recorded first.
 */
@Injectable()
export class OnConditionFulfilledHandler implements TopicHandler<typeof TOPICS.conditionFulfilledV1> {
  async handle(event: EventEnvelope<ConditionFulfilledV1>, manager: EntityManager): Promise<void> {
    const f = event.payload;
    const met = { how: 'MET' as const, at: f.fulfilledAt, summary: f.summary };
    await resolveGate(manager, f.decisionId, f.conditionId, met, causeOfEvent(event), f.progress ?? null);
  }
}
