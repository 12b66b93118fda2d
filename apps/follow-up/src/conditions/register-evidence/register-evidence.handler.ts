import { causeOfRequest } from '@vf/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { Actor, assertOfficeAccess, idempotentTransaction } from '@vf/platform';
import { EvidenceBody, decideCondition, evolveCondition } from '@vf/rules';
import { applyConditionEvents, loadConditionForUpdate } from '../condition.store';
import { conditionView } from '../condition.view';

export interface RegisterEvidenceCommand {
  conditionId: string;
  body: EvidenceBody;
  actor: Actor;
  requestId: string;
  now: Date;
}

/** Registers one piece of evidence against its own condition and judges that condition again. */
@Injectable()
export class RegisterEvidenceHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: RegisterEvidenceCommand) {
    return idempotentTransaction(this.dataSource, async (manager) => {
      const { row, state } = await loadConditionForUpdate(manager, command.conditionId);
      assertOfficeAccess(command.actor, row.office);
      const evidenceId = randomUUID();
      const events = decideCondition(
        {
          type: 'RegisterEvidence',
          evidence: { ...command.body, evidenceId, registeredAt: command.now.toISOString(), registeredBy: command.actor.ident },
        },
        state,
      );
      await applyConditionEvents(manager, row, events, causeOfRequest(command.requestId, command.now, command.actor), state);
      return { evidenceId, condition: conditionView(row, events.reduce(evolveCondition, state)) };
    });
  }
}
