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

/**
 * Changes how the decision unit knows a decision's payments and conditions went, so amendments are
 * decided on facts. An event about another system's decision changes nothing here.
 */
export async function updateDecisionProgress(manager: EntityManager, decisionId: string, change: (p: DecisionEntity['progress']) => void) {
  // Only the progress column, in plain SQL: every condition-progress and payment event passes here.
  const [decision]: Array<Pick<DecisionEntity, 'progress'>> = await preparedQuery(
    manager,
    `SELECT progress FROM decision WHERE id = $1 FOR UPDATE`,
    [decisionId],
  );
  if (!decision) return;
  change(decision.progress);
  await preparedQuery(manager, `UPDATE decision SET progress = $2 WHERE id = $1`, [decisionId, JSON.stringify(decision.progress)]);
}
