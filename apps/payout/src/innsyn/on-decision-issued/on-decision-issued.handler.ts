import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionIssuedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { recordCondition, recordDecision, refreshDigisosSoker } from '../innsyn.store';

/** decision-issued: the sak, its vedtak, its payments and its conditions enter the recipient's document. */
@Injectable()
export class InnsynOnDecisionIssuedHandler implements TopicHandler<typeof TOPICS.decisionIssuedV1> {
  async handle(event: EventEnvelope<DecisionIssuedV1>, manager: EntityManager): Promise<void> {
    const d = event.payload;
    await recordDecision(manager, d);
    for (const c of d.conditions) await recordCondition(manager, d.decisionId, d.caseId, c, d.issuedAt);
    await refreshDigisosSoker(manager, d.caseId, d.issuedAt, causeOfEvent(event));
  }
}
