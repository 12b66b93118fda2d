import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { BatchTopicHandler, causeOfEvent } from '@vf/messaging';
import { GateResolution, resolveGate, resolveGates } from '../gate.store';

const resolutionOf = (event: EventEnvelope<ConditionFulfilledV1>): GateResolution => ({
  decisionId: event.payload.decisionId,
  conditionId: event.payload.conditionId,
  resolution: { how: 'MET', at: event.payload.fulfilledAt, summary: event.payload.summary },
  cause: causeOfEvent(event),
  progress: event.payload.progress ?? null,
});

/**
 * condition-fulfilled: the gate is met; each payment it held is released if nothing else holds it.
 * The progress snapshot it carries (if its producer sent one) is recorded first. Fulfilments of
 * different decisions in one batch are resolved together, in a fixed number of statements.
 */
@Injectable()
export class OnConditionFulfilledHandler implements BatchTopicHandler<typeof TOPICS.conditionFulfilledV1> {
  touches(event: EventEnvelope<ConditionFulfilledV1>): string[] {
    return [`decision:${event.payload.decisionId.toLowerCase()}`];
  }

  async handle(event: EventEnvelope<ConditionFulfilledV1>, manager: EntityManager): Promise<void> {
    await resolveGate(manager, resolutionOf(event));
  }

  async handleBatch(events: EventEnvelope<ConditionFulfilledV1>[], manager: EntityManager): Promise<void> {
    await resolveGates(manager, events.map(resolutionOf));
  }
}
