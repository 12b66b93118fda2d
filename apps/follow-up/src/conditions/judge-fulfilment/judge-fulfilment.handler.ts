import { causeOfRequest } from '@vf/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertOfficeAccess, idempotentTransaction } from '@vf/platform';
import { decideCondition, evolveCondition } from '@vf/rules';
import { applyConditionEvents, loadConditionForUpdate } from '../condition.store';
import { conditionView } from '../condition.view';

export interface JudgeFulfilmentCommand {
  conditionId: string;
  justification: string;
  actor: Actor;
  requestId: string;
  now: Date;
}

/** The veileder's written judgement that a condition is met (seed 004 §3.1: it must be journaled). */
@Injectable()
export class JudgeFulfilmentHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: JudgeFulfilmentCommand) {
    return idempotentTransaction(this.dataSource, async (manager) => {
      const { row, state } = await loadConditionForUpdate(manager, command.conditionId);
      assertOfficeAccess(command.actor, row.office);
      const events = decideCondition(
        {
          type: 'JudgeFulfilled',
          judgement: {
            justification: command.justification.trim(),
            actorIdent: command.actor.ident,
            actorRole: command.actor.role,
            judgedAt: command.now.toISOString(),
          },
        },
        state,
      );
      await applyConditionEvents(manager, row, events, causeOfRequest(command.requestId, command.now, command.actor), state);
      return conditionView(row, events.reduce(evolveCondition, state));
    });
  }
}
