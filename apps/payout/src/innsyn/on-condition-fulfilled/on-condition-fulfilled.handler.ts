import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { BatchTopicHandler, causeOfEvent } from '@vf/messaging';
import { recordConditionStatuses, refreshEachCaseOnce } from '../innsyn.store';

/**
 * condition-fulfilled: the condition's own status comes with it (the progress snapshot it carries).
 * The document follows once payout's own handler's release has committed (afterCommit): the
 * release is on its way to the payment team while the recipient's document is brought up to date,
 * before the offset is committed. Fulfilments of different cases in one batch are taken together.
 */
@Injectable()
export class InnsynOnConditionFulfilledHandler implements BatchTopicHandler<typeof TOPICS.conditionFulfilledV1> {
  touches(event: EventEnvelope<ConditionFulfilledV1>): string[] {
    return [`case:${event.payload.caseId}`];
  }

  handle(event: EventEnvelope<ConditionFulfilledV1>, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: EventEnvelope<ConditionFulfilledV1>[], manager: EntityManager): Promise<void> {
    await recordConditionStatuses(
      manager,
      events.flatMap((e) => (e.payload.progress ? [e.payload.progress] : [])),
    );
  }

  afterCommit(events: EventEnvelope<ConditionFulfilledV1>[], manager: EntityManager): Promise<void> {
    return refreshEachCaseOnce(
      manager,
      events.map((e) => ({ caseId: e.payload.caseId, at: e.payload.fulfilledAt, cause: causeOfEvent(e) })),
    );
  }
}
