import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, EventTopic, PayloadByTopic, PaymentNeedsReviewV1, TOPICS } from '@vf/contracts';
import { EventHandlerPort } from '@vf/messaging';
import { WorklistItemEntity } from '../database/worklist-item.entity';

/**
 * Puts what needs the decision unit in its worklist. A breach never reduces or stops a payment by
 * itself (§ 20 third paragraph): the payment stays held until the decision unit decides.
 */
@Injectable()
export class RaiseWorklistItemHandler implements EventHandlerPort {
  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    const base = { id: event.eventId, status: 'OPEN' as const };
    if (topic === TOPICS.conditionBreachedV1) {
      const b = event.payload as ConditionBreachedV1;
      await manager.insert(WorklistItemEntity, {
        ...base,
        kind: 'CONDITION_BREACHED',
        office: b.office,
        caseId: b.caseId,
        decisionId: b.decisionId,
        conditionId: b.conditionId,
        paymentId: null,
        summary: b.summary,
        raisedAt: new Date(b.breachedAt),
      });
    }
    if (topic === TOPICS.paymentNeedsReviewV1) {
      const r = event.payload as PaymentNeedsReviewV1;
      await manager.insert(WorklistItemEntity, {
        ...base,
        kind: 'RELEASED_PAYMENT_QUESTIONED',
        office: r.office,
        caseId: r.caseId,
        decisionId: r.decisionId,
        conditionId: r.conditionId,
        paymentId: r.paymentId,
        summary: `payment released ${r.releasedAt}, then its condition reopened: ${r.reason}`,
        raisedAt: new Date(r.raisedAt),
      });
    }
  }
}
