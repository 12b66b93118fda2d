import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionProgressV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { lockDecision } from '../../payments/payment.store';
import { recordProgress } from '../gate.store';

/**
 * condition-progress: a snapshot, the newest kept. Drives "what does this payment wait for" and the
 * office overview. A snapshot the condition-fulfilled event also carries is taken from there.
 */
@Injectable()
export class OnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV1> {
  /** The snapshot a condition-fulfilled event carries too: taken from there (OnConditionFulfilledHandler). */
  passesOver(event: EventEnvelope<ConditionProgressV1>): boolean {
    return !!event.payload.fulfilmentEventId;
  }

  async handle(event: EventEnvelope<ConditionProgressV1>, manager: EntityManager): Promise<void> {
    if (this.passesOver(event)) return;
    await lockDecision(manager, event.payload.decisionId);
    await recordProgress(manager, event.payload);
  }
}
