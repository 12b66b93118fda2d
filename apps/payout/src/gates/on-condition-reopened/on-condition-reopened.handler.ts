import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionReopenedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { commandPayment, lockDecision, lockedPayments } from '../../payments/payment.store';

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
    await manager.query(
      `INSERT INTO gate_condition (condition_id, decision_id) VALUES ($1, $2)
       ON CONFLICT (condition_id) DO UPDATE SET met_at = NULL, resolution = NULL, status = 'OPEN', summary = $3
       WHERE gate_condition.resolution = 'MET'`,
      [r.conditionId, r.decisionId, r.summary],
    );
    for (const row of await lockedPayments(manager, { decisionId: r.decisionId, gatedBy: r.conditionId })) {
      await commandPayment(
        manager,
        row,
        { type: 'RecordConditionReopened', conditionId: r.conditionId, reason: r.reason, now: cause.now },
        cause,
      );
    }
  }
}
