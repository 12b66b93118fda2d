import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionProgressV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { lockDecision } from '../../payments/payment.store';
import { commandGate } from '../gate.store';

/** condition-progress: a snapshot, the newest kept. Drives "what does this payment wait for" and the office overview. */
@Injectable()
export class OnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV1> {
  async handle(event: EventEnvelope<ConditionProgressV1>, manager: EntityManager): Promise<void> {
    const { conditionId, decisionId, office, status, deadline, summary, achievable, at } = event.payload;
    await lockDecision(manager, decisionId);
    await commandGate(manager, decisionId, conditionId, {
      type: 'RecordProgress',
      progress: { status, deadline, summary, achievable, at, office },
    });
  }
}
