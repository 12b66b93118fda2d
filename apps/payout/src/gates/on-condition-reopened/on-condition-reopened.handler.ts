import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionReopenedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { commandPayment, lockDecision, lockedPaymentsGatedBy } from '../../payments/payment.store';
import { commandGate } from '../gate.store';

/**
 * condition-reopened: a condition met on evidence no longer is. Only a gate resolved as MET reopens
 * (a lift or a reduction stands); a payment already released is questioned, not changed.
 */
@Injectable()
export class OnConditionReopenedHandler implements TopicHandler<typeof TOPICS.conditionReopenedV1> {
  async handle(event: EventEnvelope<ConditionReopenedV1>, manager: EntityManager): Promise<void> {
    const r = event.payload;
    const cause = causeOfEvent(event);
    await lockDecision(manager, r.decisionId);
    await commandGate(manager, r.decisionId, r.conditionId, { type: 'Reopen', summary: r.summary });
    const gated = await lockedPaymentsGatedBy(manager, [{ decisionId: r.decisionId, conditionId: r.conditionId }]);
    for (const row of gated.get(r.conditionId) ?? []) {
      await commandPayment(
        manager,
        row,
        { type: 'RecordConditionReopened', conditionId: r.conditionId, reason: r.reason, now: cause.now },
        cause,
      );
    }
  }
}
