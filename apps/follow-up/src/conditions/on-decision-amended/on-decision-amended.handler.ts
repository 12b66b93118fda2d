import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import { DecisionAmendedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { ConditionCommand, decideCondition } from '@vf/rules';
import { ConditionEntity } from '../../database/condition.entity';
import { addConditions, applyConditionEvents, loadConditionForUpdate } from '../condition.store';

/** decision-amended: carries out the decision unit's amendments to conditions (lift, new deadline, new condition, revocation). */
@Injectable()
export class OnDecisionAmendedHandler implements TopicHandler<typeof TOPICS.decisionAmendedV1> {
  async handle(event: EventEnvelope<DecisionAmendedV1>, manager: EntityManager): Promise<void> {
    const a = event.payload;
    const m = a.amendment;
    const now = new Date();
    const run = async (conditionId: string, command: ConditionCommand) => {
      const exists = await manager.getRepository(ConditionEntity).existsBy({ id: conditionId });
      if (!exists) return; // not known here (yet): its decision-issued will bring it in its current form
      const { row, state } = await loadConditionForUpdate(manager, conditionId);
      const events = decideCondition(command, state);
      await applyConditionEvents(manager, row, events, causeOfEvent(event, now), state);
    };
    switch (m.kind) {
      case 'CONDITION_LIFTED':
        return run(m.conditionId, { type: 'Lift', at: a.amendedAt, reason: a.reason });
      case 'DEADLINE_MOVED':
        return run(m.conditionId, { type: 'MoveDeadline', deadline: m.deadline, at: a.amendedAt, reason: a.reason });
      case 'CONDITION_ADDED': {
        // decision-amended does not name the veileder: the decision's other conditions do.
        const sibling = await manager
          .getRepository(ConditionEntity)
          .findOne({ where: { caseId: a.caseId, decisionId: a.decisionId, veilederIdent: Not(IsNull()) }, order: { id: 'ASC' } });
        return addConditions(manager, { ...a, veilederIdent: sibling?.veilederIdent ?? null }, [m.condition], a.amendedAt, event.actor);
      }
      case 'DECISION_REVOKED':
        for (const id of m.annulledConditionIds) await run(id, { type: 'Annul', at: a.amendedAt, reason: a.reason });
        return;
      default:
        return; // payment amendments are payout's
    }
  }
}
