import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { DecisionIssuedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';
import { ConditionEntity } from '../../database/condition.entity';
import { addConditions } from '../condition.store';

/** decision-issued: learns the decision's conditions, so veiledere can register evidence against them. */
@Injectable()
export class OnDecisionIssuedHandler implements TopicHandler<typeof TOPICS.decisionIssuedV1> {
  async handle(event: EventEnvelope<DecisionIssuedV1>, manager: EntityManager): Promise<void> {
    const d = event.payload;
    await addConditions(manager, { ...d, veilederIdent: d.veilederIdent ?? null }, d.conditions, d.issuedAt, event.actor);
    // A condition added later may have arrived first (another topic), without the veileder.
    if (d.veilederIdent)
      await manager.update(ConditionEntity, { decisionId: d.decisionId, veilederIdent: IsNull() }, { veilederIdent: d.veilederIdent });
  }
}
