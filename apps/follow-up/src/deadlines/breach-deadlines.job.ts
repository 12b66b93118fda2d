import { causeOfRequest } from '@vf/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { IntervalRunner, JOB_INTERVAL_MS } from '@vf/platform';
import { decideCondition, osloDate } from '@vf/rules';
import { applyConditionEvents, loadConditionForUpdate } from '../conditions/condition.store';

/**
 * Breaches open conditions whose deadline day has ended in Oslo. Runs every JOB_INTERVAL_MS (15 s
 * by default, so a breach comes within a minute). Safe with several instances: each run claims due
 * conditions with FOR UPDATE SKIP LOCKED, and the decider breaches only an OPEN condition, so a
 * condition is breached once; every run looks at all that are due, so none is missed.
 */
@Injectable()
export class BreachDeadlinesJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: IntervalRunner;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_INTERVAL_MS) intervalMs: number,
  ) {
    this.runner = new IntervalRunner(intervalMs, () => this.runOnce(new Date()), new Logger('follow-up.deadlines'), 'breach-deadlines');
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /** Breaches what is due at `now`; returns how many. */
  async runOnce(now: Date, batch = 200): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: Array<{ id: string }> = await manager.query(
        `SELECT id FROM condition WHERE status = 'OPEN' AND deadline < $1 ORDER BY deadline, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [osloDate(now), batch],
      );
      let breached = 0;
      for (const { id } of due) {
        const { row, state } = await loadConditionForUpdate(manager, id);
        const events = decideCondition({ type: 'CheckDeadline', now }, state);
        await applyConditionEvents(manager, row, events, causeOfRequest(randomUUID(), now, null), state);
        breached += events.length;
      }
      return breached;
    });
  }
}
