import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, Not } from 'typeorm';
import { DecisionAmendedV1, DecisionIssuedV1, EventEnvelope, EventTopic, IssuedConditionV1, PayloadByTopic, TOPICS } from '@vf/contracts';
import { EventHandlerPort } from '@vf/messaging';
import { ConditionCommand, decideCondition } from '@vf/rules';
import { ConditionEntity } from '../../database/condition.entity';
import { JournalEntryEntity } from '../../database/journal-entry.entity';
import { applyConditionEvents, loadConditionForUpdate } from '../condition.store';

interface DecisionRef {
  decisionId: string;
  caseId: string;
  office: string;
  /** The follow-up veileder the decision names, if any. */
  veilederIdent: string | null;
}

/**
 * Learns the conditions of each issued decision, so veiledere can register evidence against them, and
 * carries out the decision unit's amendments to them (lift, new deadline, new condition, revocation).
 */
@Injectable()
export class OnDecisionIssuedHandler implements EventHandlerPort {
  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    if (topic === TOPICS.decisionIssuedV1) {
      const d = event.payload as DecisionIssuedV1;
      await this.addConditions(manager, { ...d, veilederIdent: d.veilederIdent ?? null }, d.conditions, d.issuedAt, event.actor);
      // A condition added later may have arrived first (another topic), without the veileder.
      if (d.veilederIdent) await manager.update(ConditionEntity, { decisionId: d.decisionId, veilederIdent: IsNull() }, { veilederIdent: d.veilederIdent });
    }
    if (topic === TOPICS.decisionAmendedV1) await this.onAmended(event.payload as DecisionAmendedV1, event, manager);
  }

  private async addConditions(manager: EntityManager, d: DecisionRef, conditions: IssuedConditionV1[], at: string, actor: EventEnvelope['actor']) {
    const known = new Set((await manager.getRepository(ConditionEntity).findBy({ id: In(conditions.map((c) => c.conditionId)) })).map((c) => c.id));
    const fresh = conditions.filter((c) => !known.has(c.conditionId));
    if (fresh.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ConditionEntity)
      .values(
        fresh.map((c) => ({
          id: c.conditionId,
          decisionId: d.decisionId,
          caseId: d.caseId,
          office: d.office,
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
          veilederIdent: d.veilederIdent,
        })),
      )
      .execute();
    for (const c of fresh) {
      await manager.insert(JournalEntryEntity, {
        caseId: d.caseId,
        office: d.office,
        decisionId: d.decisionId,
        conditionId: c.conditionId,
        evidenceId: null,
        at: new Date(at),
        actorIdent: actor?.ident ?? null,
        actorRole: actor?.role ?? null,
        action: 'CONDITION_SET',
        what: `${c.ref} (${c.requirement.kind}), deadline ${c.deadline}: ${c.text}`,
        why: null,
      });
    }
  }

  private async onAmended(a: DecisionAmendedV1, event: EventEnvelope, manager: EntityManager) {
    const m = a.amendment;
    const run = async (conditionId: string, command: ConditionCommand) => {
      const exists = await manager.getRepository(ConditionEntity).existsBy({ id: conditionId });
      if (!exists) return; // not known here (yet): its decision-issued will bring it in its current form
      const { row, state } = await loadConditionForUpdate(manager, conditionId);
      const events = decideCondition(command, state);
      await applyConditionEvents(manager, row, events, { requestId: a.amendmentId, now: new Date(), actor: event.actor }, state);
    };
    switch (m.kind) {
      case 'CONDITION_LIFTED':
        return run(m.conditionId, { type: 'Lift', at: a.amendedAt, reason: a.reason });
      case 'DEADLINE_MOVED':
        return run(m.conditionId, { type: 'MoveDeadline', deadline: m.deadline, at: a.amendedAt, reason: a.reason });
      case 'CONDITION_ADDED': {
        // decision-amended does not name the veileder: the decision's other conditions do.
        const sibling = await manager
          .getRepository(ConditionEntity)
          .findOne({ where: { decisionId: a.decisionId, veilederIdent: Not(IsNull()) }, order: { id: 'ASC' } });
        return this.addConditions(manager, { ...a, veilederIdent: sibling?.veilederIdent ?? null }, [m.condition], a.amendedAt, event.actor);
      }
      case 'DECISION_REVOKED':
        for (const id of m.annulledConditionIds) await run(id, { type: 'Annul', at: a.amendedAt, reason: a.reason });
        return;
      default:
        return; // payment amendments are payout's
    }
  }
}
