import { EntityManager } from 'typeorm';
import { preparedQuery } from '@vf/platform';
import { DecisionEntity } from '../database/decision.entity';
import { WorklistItemEntity } from '../database/worklist-item.entity';

/** Puts an item in the decision unit's worklist; its id is the event's, so a repeat cannot add it twice. */
export const raiseWorklistItem = (
  manager: EntityManager,
  eventId: string,
  item: Omit<WorklistItemEntity, 'id' | 'status' | 'resolvedBy'>,
) => manager.insert(WorklistItemEntity, { ...item, id: eventId, status: 'OPEN', resolvedBy: null });

/** A change to a decision's progress, made in place. */
export type ProgressChange = (p: DecisionEntity['progress']) => void;

/**
 * Changes how the decision unit knows a decision's payments and conditions went, so amendments are
 * decided on facts. An event about another system's decision changes nothing here.
 */
export async function updateDecisionProgress(manager: EntityManager, decisionId: string, change: ProgressChange) {
  await updateDecisionsProgress(manager, [{ decisionId, change }]);
}

/**
 * updateDecisionProgress for several decisions, each once, in two statements whatever their number:
 * the rows read and locked (in id order), then written. Only the progress column, in plain SQL:
 * every condition-progress and payment event passes here.
 */
export async function updateDecisionsProgress(manager: EntityManager, changes: Array<{ decisionId: string; change: ProgressChange }>) {
  const rows: Array<Pick<DecisionEntity, 'id' | 'progress'>> = await preparedQuery(
    manager,
    `SELECT id, progress FROM decision WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [changes.map((c) => c.decisionId)],
  );
  const byId = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
  const changed = changes.flatMap(({ decisionId, change }) => {
    const row = byId.get(decisionId.toLowerCase());
    if (!row) return [];
    change(row.progress);
    return [row];
  });
  if (changed.length === 0) return;
  await preparedQuery(
    manager,
    `UPDATE decision SET progress = r.progress FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, progress jsonb) WHERE decision.id = r.id`,
    [JSON.stringify(changed)],
  );
}
