import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { resolveGate } from '../gate.store';

/** condition-fulfilled: the gate is met; each payment it held is released if nothing else holds it. */
@Injectable()
export class OnConditionFulfilledHandler implements TopicHandler<typeof TOPICS.conditionFulfilledV1> {
  async handle(event: EventEnvelope<ConditionFulfilledV1>, manager: EntityManager): Promise<void> {
    const f = event.payload;
    await resolveGate(manager, f.decisionId, f.conditionId, 'MET', f.fulfilledAt, causeOfEvent(event));
    await manager.query(`UPDATE gate_condition SET summary = $2 WHERE condition_id = $1`, [f.conditionId, f.summary]);
  }
}
