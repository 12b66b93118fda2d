import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionIssuedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { BatchTopicHandler } from '@vf/messaging';
import { DecisionRef, IssuedConditions, addIssuedConditions, nameVeileders } from '../condition.store';

const issuedOf = ({ payload: d, actor }: EventEnvelope<DecisionIssuedV1>): IssuedConditions => ({
  decision: { decisionId: d.decisionId, caseId: d.caseId, office: d.office, veilederIdent: d.veilederIdent ?? null },
  conditions: d.conditions,
  at: d.issuedAt,
  actor,
});

/**
 * decision-issued: learns the decision's conditions, so veiledere can register evidence against them.
 * Decisions in one batch are learnt together (a day's decisions arrive in bursts).
 */
@Injectable()
export class OnDecisionIssuedHandler implements BatchTopicHandler<typeof TOPICS.decisionIssuedV1> {
  touches(event: EventEnvelope<DecisionIssuedV1>): string[] {
    return [`decision:${event.payload.decisionId.toLowerCase()}`];
  }

  handle(event: EventEnvelope<DecisionIssuedV1>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: EventEnvelope<DecisionIssuedV1>[], manager: EntityManager): Promise<void> {
    const issued = events.map(issuedOf);
    await addIssuedConditions(manager, issued);
    // A condition added later may have arrived first (another topic), without the veileder.
    await nameVeileders(
      manager,
      issued.map((i): DecisionRef => i.decision),
    );
  }
}
