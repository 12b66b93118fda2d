import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionProgressV1, ConditionProgressV2, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { lockDecision } from '../../payments/payment.store';
import { recordProgress } from '../gate.store';

/**
 * condition-progress: a snapshot, the newest kept. Drives "what does this payment wait for" and the
 * office overview. The fulfilling change's snapshot comes with condition-fulfilled (OnConditionFulfilledHandler).
 */
@Injectable()
export class OnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV2> {
  async handle(event: EventEnvelope<ConditionProgressV2>, manager: EntityManager): Promise<void> {
    await lockDecision(manager, event.payload.decisionId);
    await recordProgress(manager, event.payload);
  }
}

/** condition-progress.v1, retired: what was published before v2. Its copy of a fulfilling snapshot is passed over. */
@Injectable()
export class OnConditionProgressV1Handler extends OnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV1> {
  /** The snapshot a condition-fulfilled event carries too: taken from there. */
  passesOver(event: EventEnvelope<ConditionProgressV1>): boolean {
    return !!event.payload.fulfilmentEventId;
  }

  async handle(event: EventEnvelope<ConditionProgressV1>, manager: EntityManager): Promise<void> {
    if (!this.passesOver(event)) await super.handle(event, manager);
  }
}
