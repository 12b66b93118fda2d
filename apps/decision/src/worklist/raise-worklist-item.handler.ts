import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ConditionBreachedV1,
  EventEnvelope,
  EventTopic,
  PayloadByTopic,
  PaymentNeedsReviewV1,
  PaymentReleasedV1,
  PaymentStatusV1,
  TOPICS,
} from '@vf/contracts';
import { EventHandlerPort } from '@vf/messaging';
import { DecisionEntity } from '../database/decision.entity';
import { WorklistItemEntity } from '../database/worklist-item.entity';

/**
 * Keeps what the decision unit must know: how each payment and condition went (so amendments are
 * decided on facts) and the worklist of what awaits its decision. A breach never reduces or stops a
 * payment by itself (§ 20 third paragraph): the payment stays held until the decision unit decides.
 */
@Injectable()
export class RaiseWorklistItemHandler implements EventHandlerPort {
  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    const raise = (item: Omit<WorklistItemEntity, 'id' | 'status' | 'resolvedBy'>) =>
      manager.insert(WorklistItemEntity, { ...item, id: event.eventId, status: 'OPEN', resolvedBy: null });
    switch (topic) {
      case TOPICS.conditionBreachedV1: {
        const b = event.payload as ConditionBreachedV1;
        await this.progress(manager, b.decisionId, (p) => {
          if (p.conditions[b.conditionId]) p.conditions[b.conditionId].breached = true;
        });
        await raise({
          kind: 'CONDITION_BREACHED',
          office: b.office,
          caseId: b.caseId,
          decisionId: b.decisionId,
          conditionId: b.conditionId,
          paymentId: null,
          summary: b.summary,
          raisedAt: new Date(b.breachedAt),
        });
        return;
      }
      case TOPICS.paymentNeedsReviewV1: {
        const r = event.payload as PaymentNeedsReviewV1;
        await raise({
          kind: 'RELEASED_PAYMENT_QUESTIONED',
          office: r.office,
          caseId: r.caseId,
          decisionId: r.decisionId,
          conditionId: r.conditionId ?? null,
          paymentId: r.paymentId,
          summary: `payment released ${r.releasedAt}, then: ${r.reason}`,
          raisedAt: new Date(r.raisedAt),
        });
        return;
      }
      case TOPICS.paymentReleasedV1: {
        const r = event.payload as PaymentReleasedV1;
        await this.progress(manager, r.decisionId, (p) => {
          if (p.payments[r.paymentId]) p.payments[r.paymentId] = { amountOre: r.amountOre, status: 'RELEASED' };
        });
        return;
      }
      case TOPICS.paymentStatusV1: {
        const s = event.payload as PaymentStatusV1;
        await this.progress(manager, s.decisionId, (p) => {
          if (p.payments[s.paymentId]) p.payments[s.paymentId].status = s.status;
        });
        if (s.status === 'FAILED') {
          await raise({
            kind: 'PAYMENT_FAILED',
            office: s.office,
            caseId: s.caseId,
            decisionId: s.decisionId,
            conditionId: null,
            paymentId: s.paymentId,
            summary: `the payment team could not pay: ${s.reason}`,
            raisedAt: new Date(s.at),
          });
        }
        return;
      }
    }
  }

  private async progress(manager: EntityManager, decisionId: string, change: (p: DecisionEntity['progress']) => void) {
    const decision = await manager.getRepository(DecisionEntity).findOne({ where: { id: decisionId }, lock: { mode: 'pessimistic_write' } });
    if (!decision) return; // another system's decision; nothing to track here
    change(decision.progress);
    await manager.update(DecisionEntity, { id: decisionId }, { progress: decision.progress });
  }
}
