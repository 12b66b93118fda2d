import { causeOfRequest } from '@vf/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertOfficeAccess, idempotentTransaction } from '@vf/platform';
import { decideCondition, evolveCondition } from '@vf/rules';
import { applyConditionEvents, loadConditionForUpdate } from '../condition.store';
import { conditionView } from '../condition.view';

/**
 * Withdraws evidence registered in error. The evidence is kept and marked. A condition it had
 * fulfilled reopens; payout then holds the payments not yet released, and reports released ones
 * to the decision unit (nothing is clawed back silently).
 */
@Injectable()
export class WithdrawEvidenceHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: { conditionId: string; evidenceId: string; reason: string; actor: Actor; requestId: string; now: Date }) {
    return idempotentTransaction(this.dataSource, async (manager) => {
      const { row, state } = await loadConditionForUpdate(manager, command.conditionId);
      assertOfficeAccess(command.actor, row.office);
      const events = decideCondition(
        {
          type: 'WithdrawEvidence',
          evidenceId: command.evidenceId,
          withdrawal: { reason: command.reason.trim(), actorIdent: command.actor.ident, withdrawnAt: command.now.toISOString() },
        },
        state,
      );
      await applyConditionEvents(manager, row, events, causeOfRequest(command.requestId, command.now, command.actor), state);
      return conditionView(row, events.reduce(evolveCondition, state));
    });
  }
}
