import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { raiseWorklistItem, updateDecisionProgress } from '../worklist.store';

/**
 * condition-breached: the worklist gets the breach. A breach never reduces or stops a payment by
 * itself (§ 20 third paragraph): the payment stays held until the decision unit decides.
 */
@Injectable()
export class OnConditionBreachedHandler implements TopicHandler<typeof TOPICS.conditionBreachedV1> {
  async handle(event: EventEnvelope<ConditionBreachedV1>, manager: EntityManager): Promise<void> {
    const b = event.payload;
    await updateDecisionProgress(manager, b.decisionId, (p) => {
      if (p.conditions[b.conditionId]) p.conditions[b.conditionId].breached = true;
    });
    await raiseWorklistItem(manager, event.eventId, {
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
}
