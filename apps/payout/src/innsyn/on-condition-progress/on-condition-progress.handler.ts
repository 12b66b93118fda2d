import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionProgressV1, ConditionProgressV2, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { recordConditionStatus, refreshEachCaseOnce } from '../innsyn.store';

/**
 * condition-progress: follow-up's snapshot of a condition; its status and deadline, the newest kept.
 * The document follows once that has committed (afterCommit, as for condition-fulfilled). The
 * fulfilling change's snapshot comes with condition-fulfilled, and is refreshed from there.
 */
@Injectable()
export class InnsynOnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV2> {
  async handle(event: EventEnvelope<ConditionProgressV2>, manager: EntityManager): Promise<void> {
    await recordConditionStatus(manager, event.payload);
  }

  afterCommit(events: EventEnvelope<ConditionProgressV2>[], manager: EntityManager): Promise<void> {
    return refreshEachCaseOnce(
      manager,
      events.map((e) => ({ caseId: e.payload.caseId, at: e.payload.at, cause: causeOfEvent(e) })),
    );
  }
}

/** condition-progress.v1, retired: what was published before v2. Its copy of a fulfilling snapshot is passed over. */
@Injectable()
export class InnsynOnConditionProgressV1Handler
  extends InnsynOnConditionProgressHandler
  implements TopicHandler<typeof TOPICS.conditionProgressV1>
{
  /** The snapshot a condition-fulfilled event carries too: refreshed from there. */
  passesOver(event: EventEnvelope<ConditionProgressV1>): boolean {
    return !!event.payload.fulfilmentEventId;
  }

  async handle(event: EventEnvelope<ConditionProgressV1>, manager: EntityManager): Promise<void> {
    if (!this.passesOver(event)) await super.handle(event, manager);
  }

  afterCommit(events: EventEnvelope<ConditionProgressV1>[], manager: EntityManager): Promise<void> {
    return super.afterCommit(
      events.filter((e) => !this.passesOver(e)),
      manager,
    );
  }
}
