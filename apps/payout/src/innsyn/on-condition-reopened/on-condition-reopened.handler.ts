import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionReopenedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { refreshDigisosSoker } from '../innsyn.store';

/** condition-reopened: payout's own handler has just made the payments wait again; the document follows. */
@Injectable()
export class InnsynOnConditionReopenedHandler implements TopicHandler<typeof TOPICS.conditionReopenedV1> {
  async handle(event: EventEnvelope<ConditionReopenedV1>, manager: EntityManager): Promise<void> {
    await refreshDigisosSoker(manager, event.payload.caseId, event.payload.reopenedAt, causeOfEvent(event));
  }
}
