import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionAmendedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { endCondition, moveDeadline, recordCondition, refreshDigisosSoker } from '../innsyn.store';

/**
 * decision-amended: lifts, annulments (revocation), new deadlines and added conditions change the
 * conditions; reductions, stops and cancellations are read from payout's payments, which payout's
 * own handler has just changed in this transaction.
 */
@Injectable()
export class InnsynOnDecisionAmendedHandler implements TopicHandler<typeof TOPICS.decisionAmendedV1> {
  async handle(event: EventEnvelope<DecisionAmendedV1>, manager: EntityManager): Promise<void> {
    const a = event.payload;
    const m = a.amendment;
    const ref = { decisionId: a.decisionId, caseId: a.caseId, at: a.amendedAt };
    switch (m.kind) {
      case 'CONDITION_LIFTED':
        await endCondition(manager, { ...ref, conditionId: m.conditionId, status: 'LIFTED' });
        break;
      case 'DECISION_REVOKED':
        for (const conditionId of m.annulledConditionIds) await endCondition(manager, { ...ref, conditionId, status: 'ANNULLED' });
        break;
      case 'DEADLINE_MOVED':
        await moveDeadline(manager, m.conditionId, m.deadline, a.amendedAt);
        break;
      case 'CONDITION_ADDED':
        await recordCondition(manager, a.decisionId, a.caseId, m.condition, a.amendedAt);
        break;
      case 'PAYMENT_REDUCED':
      case 'PAYMENT_STOPPED':
      case 'RELEASE_AGAIN':
        break;
    }
    await refreshDigisosSoker(manager, a.caseId, a.amendedAt, causeOfEvent(event));
  }
}
