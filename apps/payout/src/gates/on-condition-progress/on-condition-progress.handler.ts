import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionProgressV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler } from '@vf/messaging';

/** condition-progress: a snapshot, the newest kept. Drives "what does this payment wait for" and the office overview. */
@Injectable()
export class OnConditionProgressHandler implements TopicHandler<typeof TOPICS.conditionProgressV1> {
  async handle(event: EventEnvelope<ConditionProgressV1>, manager: EntityManager): Promise<void> {
    const g = event.payload;
    await manager.query(
      `INSERT INTO gate_condition (condition_id, decision_id, office, status, deadline, summary, achievable, progress_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (condition_id) DO UPDATE SET status = EXCLUDED.status, deadline = EXCLUDED.deadline, summary = EXCLUDED.summary,
         achievable = EXCLUDED.achievable, progress_at = EXCLUDED.progress_at, office = COALESCE(gate_condition.office, EXCLUDED.office)
       WHERE gate_condition.progress_at IS NULL OR gate_condition.progress_at <= EXCLUDED.progress_at`,
      [g.conditionId, g.decisionId, g.office, g.status, g.deadline, g.summary, g.achievable, g.at],
    );
  }
}
