import { HttpException, Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { causeOfRequest, collectingOutbox } from '@vf/messaging';
import { Actor, ErrorBody, errorBodyOf, idempotentTransaction } from '@vf/platform';
import { ConditionEvent, conditionDecider, fold } from '@vf/rules';
import { ConditionChange, LoadedCondition, applyConditionChanges, loadConditionsForUpdate } from '../condition.store';
import { conditionView } from '../condition.view';
import { judgeEvidence } from '../register-evidence/register-evidence.handler';
import { EvidenceBatchItem } from './register-evidence-batch.request.dto';

export interface RegisterEvidenceBatchCommand {
  items: EvidenceBatchItem[];
  actor: Actor;
  requestId: string;
  now: Date;
}

/** Fields that belong to a batch item itself; every other field a rule names is inside the item's evidence. */
const ITEM_FIELDS = new Set(['conditionId', 'kind', 'office']);

/**
 * Registers many pieces of evidence in one transaction, all or none. Each item is judged against its
 * own condition exactly as a single registration is, in the batch's order, so two items for one
 * condition are judged one after the other. If any item is refused, nothing is registered, and the
 * answer names every refused item's fields (`items[3].evidence.entries[0].date`) with the status of
 * the first refused item (404, 403, 409 or 422, as the single route would answer it).
 */
@Injectable()
export class RegisterEvidenceBatchHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: RegisterEvidenceBatchCommand) {
    return idempotentTransaction(this.dataSource, (manager) =>
      collectingOutbox(manager, async () => {
        const conditions = await loadConditionsForUpdate(
          manager,
          command.items.map((item) => item.conditionId),
        );
        const cause = causeOfRequest(command.requestId, command.now, command.actor);
        let refused: ErrorBody | null = null;
        const registered: Array<{ evidenceId: string; condition: ReturnType<typeof conditionView> }> = [];
        const changes: ConditionChange[] = [];
        for (const [i, item] of command.items.entries()) {
          const evidenceId = randomUUID();
          let decided: { condition: LoadedCondition; events: ConditionEvent[] };
          try {
            decided = judgeEvidence(conditions.get(item.conditionId), item.body, evidenceId, command.actor, command.now);
          } catch (e) {
            const body = errorBodyOf(e);
            if (!body) throw e;
            refused ??= { ...body, errors: [] };
            for (const { field, reason } of body.errors) {
              refused.errors.push({ field: `items[${i}].${ITEM_FIELDS.has(field) ? field : `evidence.${field}`}`, reason });
            }
            continue;
          }
          // Each item is judged on the state the items before it left; all are written together at the end.
          const { condition, events } = decided;
          const after = fold(conditionDecider, condition.state, events);
          changes.push({ row: condition.row, before: condition.state, events, cause, after });
          condition.state = after;
          registered.push({ evidenceId, condition: conditionView(condition.row, condition.state) });
        }
        if (refused) throw new HttpException(refused, refused.statusCode);
        // Set-based: the rows, the evidence, the journal and the events in a statement each, not three per item.
        await applyConditionChanges(manager, changes);
        return { items: registered };
      }),
    );
  }
}
