import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DecisionAmendedV1, IssuedConditionV1, TOPICS } from '@vf/contracts';
import { appendToOutbox, causeOfRequest } from '@vf/messaging';
import { Actor, NotFound, assertOfficeAccess, idempotentTransaction } from '@vf/platform';
import {
  Amendment,
  AmendmentCommand,
  DecisionAmendmentState,
  RuleViolation,
  checkConditionHousehold,
  decideAmendment,
  evolveAmendment,
} from '@vf/rules';
import { DecisionActionEntity } from '../../database/decision-action.entity';
import { DecisionEntity } from '../../database/decision.entity';
import { WorklistItemEntity } from '../../database/worklist-item.entity';
import { decisionView } from '../decision.view';

export function amendmentState(d: DecisionEntity): DecisionAmendmentState {
  return { decisionId: d.id, reductionOnBreachAnnounced: d.reductionOnBreachAnnounced, ...d.progress };
}

/** Which open worklist items of the decision an amendment answers: those about its condition or payment; all, for a revocation. */
function settles(a: Amendment): { conditionId?: string; paymentId?: string } | null {
  switch (a.kind) {
    case 'CONDITION_LIFTED':
    case 'DEADLINE_MOVED':
    case 'PAYMENT_REDUCED':
      return { conditionId: a.conditionId };
    case 'RELEASE_AGAIN':
    case 'PAYMENT_STOPPED':
      return { paymentId: a.paymentId };
    case 'DECISION_REVOKED':
      return {};
    case 'CONDITION_ADDED':
      return null;
  }
}

/**
 * The decision unit amends an issued decision: decides by the rules, stores the new state, journals
 * who and why, settles the worklist items it answers, and publishes decision-amended, all in one
 * transaction. Follow-up and payout carry it out.
 */
@Injectable()
export class AmendDecisionHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(decisionId: string, command: AmendmentCommand, reason: string, actor: Actor, now: Date) {
    return idempotentTransaction(this.dataSource, async (manager) => {
      const decision = await manager
        .getRepository(DecisionEntity)
        .findOne({ where: { id: decisionId }, lock: { mode: 'pessimistic_write' } });
      if (!decision) throw new NotFound('decisionId', 'no decision with this id');
      assertOfficeAccess(actor, decision.office);
      if (command.kind === 'AddCondition') {
        const errors = checkConditionHousehold(command.condition, decision.partner !== null);
        if (errors.length > 0) throw new RuleViolation('INVALID', errors);
      }
      const amendment = decideAmendment(command, amendmentState(decision), reason);
      const amendmentId = randomUUID();
      const { decisionId: _d, reductionOnBreachAnnounced: _r, ...progress } = evolveAmendment(amendmentState(decision), amendment);
      decision.progress = progress;
      if (amendment.kind === 'DEADLINE_MOVED') {
        decision.conditions = decision.conditions.map((c) =>
          c.conditionId === amendment.conditionId ? { ...c, deadline: amendment.deadline } : c,
        );
      }
      if (amendment.kind === 'CONDITION_ADDED')
        decision.conditions = [
          ...decision.conditions,
          { ...amendment.condition, requirement: { ...amendment.condition.requirement } as IssuedConditionV1['requirement'] },
        ];
      await manager.save(decision);
      await manager.insert(DecisionActionEntity, {
        id: amendmentId,
        decisionId,
        at: now,
        actorIdent: actor.ident,
        actorRole: actor.role,
        kind: amendment.kind,
        details: amendment,
        reason: reason.trim(),
      });
      await this.settleWorklist(manager, decisionId, amendment, amendmentId);
      const payload: DecisionAmendedV1 = {
        amendmentId,
        decisionId,
        caseId: decision.caseId,
        office: decision.office,
        reason: reason.trim(),
        amendedAt: now.toISOString(),
        amendment: amendment as DecisionAmendedV1['amendment'],
      };
      await appendToOutbox(manager, 'decision', causeOfRequest(amendmentId, now, actor), {
        topic: TOPICS.decisionAmendedV1,
        key: decisionId,
        payload,
        eventId: amendmentId,
      });
      return { amendmentId, amendment, decision: decisionView(decision) };
    });
  }

  private async settleWorklist(manager: EntityManager, decisionId: string, amendment: Amendment, amendmentId: string) {
    const about = settles(amendment);
    if (!about) return;
    await manager.update(
      WorklistItemEntity,
      { decisionId, status: 'OPEN', ...about },
      { status: 'DONE', resolvedBy: `${amendment.kind} ${amendmentId}` },
    );
  }
}
