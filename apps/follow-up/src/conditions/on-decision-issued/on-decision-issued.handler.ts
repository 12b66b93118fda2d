import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionIssuedV1, EventEnvelope, EventTopic, PayloadByTopic, TOPICS } from '@vf/contracts';
import { EventHandlerPort } from '@vf/messaging';
import { ConditionEntity } from '../../database/condition.entity';
import { JournalEntryEntity } from '../../database/journal-entry.entity';

/** Learns the conditions of each issued decision, so veiledere can register evidence against them. */
@Injectable()
export class OnDecisionIssuedHandler implements EventHandlerPort {
  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    if (topic !== TOPICS.decisionIssuedV1) return;
    const decision = event.payload as DecisionIssuedV1;
    if (decision.conditions.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ConditionEntity)
      .values(
        decision.conditions.map((c) => ({
          id: c.conditionId,
          decisionId: decision.decisionId,
          caseId: decision.caseId,
          office: decision.office,
          ref: c.ref,
          text: c.text,
          deadline: c.deadline,
          requirement: { ...c.requirement },
          gatesPaymentIds: c.gatesPaymentIds,
          status: 'OPEN' as const,
          fulfilledAt: null,
          fulfilledBy: null,
          judgement: null,
          breachedAt: null,
        })),
      )
      .orIgnore()
      .execute();
    for (const c of decision.conditions) {
      await manager.insert(JournalEntryEntity, {
        caseId: decision.caseId,
        office: decision.office,
        decisionId: decision.decisionId,
        conditionId: c.conditionId,
        evidenceId: null,
        at: new Date(decision.issuedAt),
        actorIdent: event.actor?.ident ?? null,
        actorRole: event.actor?.role ?? null,
        action: 'CONDITION_SET',
        what: `${c.ref} (${c.requirement.kind}), deadline ${c.deadline}: ${c.text}`,
        why: null,
      });
    }
  }
}
