import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionProgressV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { recordConditionStatus, refreshDigisosSoker } from '../innsyn.store';

/**
 * condition-progress: follow-up's snapshot of a condition; its status and deadline, the newest kept.
 * A snapshot the condition-fulfilled event also carries is taken from there, in one refresh.
 */
@Injectable()
export class InnsynOnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV1> {
  /** The snapshot a condition-fulfilled event carries too: refreshed from there. */
  passesOver(event: EventEnvelope<ConditionProgressV1>): boolean {
    return !!event.payload.fulfilmentEventId;
  }

  async handle(event: EventEnvelope<ConditionProgressV1>, manager: EntityManager): Promise<void> {
    const g = event.payload;
    if (this.passesOver(event)) return;
    await recordConditionStatus(manager, g);
    await refreshDigisosSoker(manager, g.caseId, g.at, causeOfEvent(event));
  }
}
