import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, TOPICS, envelope } from '@vf/contracts';
import { addToOutbox, deterministicUuid } from '@vf/messaging';
import { Actor, NotFound } from '@vf/platform';
import { ConditionEvent, ConditionState, Evidence } from '@vf/rules';
import { ConditionEntity } from '../database/condition.entity';
import { EvidenceEntity } from '../database/evidence.entity';

export interface LoadedCondition {
  row: ConditionEntity;
  state: ConditionState;
}

export function toEvidence(e: EvidenceEntity): Evidence {
  return { ...e.body, evidenceId: e.id, registeredAt: e.registeredAt.toISOString(), registeredBy: e.registeredBy } as Evidence;
}

export function toState(row: ConditionEntity, evidence: EvidenceEntity[]): ConditionState {
  return {
    conditionId: row.id,
    requirement: row.requirement,
    deadline: row.deadline,
    status: row.status,
    evidence: evidence.map(toEvidence),
    fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
    fulfilledBy: row.fulfilledBy,
    judgement: row.judgement,
  };
}

/** Loads a condition and locks it for the rest of the transaction, so decisions on it are serial. */
export async function loadConditionForUpdate(manager: EntityManager, conditionId: string): Promise<LoadedCondition> {
  const row = await manager.getRepository(ConditionEntity).findOne({
    where: { id: conditionId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!row) throw new NotFound('conditionId', 'no condition with this id');
  const evidence = await manager.getRepository(EvidenceEntity).find({ where: { conditionId }, order: { seq: 'ASC' } });
  return { row, state: toState(row, evidence) };
}

export interface Cause {
  requestId: string;
  now: Date;
  actor: Actor;
}

/** Stores what the decider decided and, in the same transaction, the events others must hear. */
export async function applyConditionEvents(
  manager: EntityManager,
  row: ConditionEntity,
  events: ConditionEvent[],
  cause: Cause,
): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'EvidenceRegistered': {
        const { evidenceId, registeredAt, registeredBy, ...body } = event.evidence;
        await manager.insert(EvidenceEntity, {
          id: evidenceId,
          conditionId: row.id,
          kind: body.kind,
          body,
          registeredAt: new Date(registeredAt),
          registeredBy,
          registeredByRole: cause.actor.role,
        });
        break;
      }
      case 'ConditionFulfilled': {
        await manager.update(ConditionEntity, { id: row.id }, {
          status: 'FULFILLED',
          fulfilledAt: new Date(event.fulfilledAt),
          fulfilledBy: event.fulfilledBy,
          judgement: event.judgement,
        });
        const payload: ConditionFulfilledV1 = {
          conditionId: row.id,
          decisionId: row.decisionId,
          caseId: row.caseId,
          fulfilledAt: event.fulfilledAt,
          fulfilledBy: event.fulfilledBy,
          summary: event.summary,
          judgement: event.judgement,
        };
        await addToOutbox(
          manager,
          TOPICS.conditionFulfilledV1,
          row.decisionId,
          envelope(TOPICS.conditionFulfilledV1, payload, {
            // A condition is fulfilled once: the id says so, and a repeat is stored once.
            eventId: deterministicUuid(`condition-fulfilled:${row.id}`),
            occurredAt: cause.now.toISOString(),
            causationId: cause.requestId,
            correlationId: cause.requestId,
            producer: 'follow-up',
            actor: { ident: cause.actor.ident, role: cause.actor.role },
          }),
        );
        break;
      }
    }
  }
}
