import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { decideCondition, osloDate } from '@vf/rules';
import { applyConditionEvents, loadConditionForUpdate } from '../conditions/condition.store';

export const JOB_INTERVAL_MS = Symbol('JOB_INTERVAL_MS');

/**
 * Breaches open conditions whose deadline day has ended in Oslo. Runs every JOB_INTERVAL_MS (15 s
 * by default, so a breach comes within a minute). Safe with several instances: each run claims due
 * conditions with FOR UPDATE SKIP LOCKED, and the decider breaches only an OPEN condition, so a
 * condition is breached once; every run looks at all that are due, so none is missed.
 */
@Injectable()
export class BreachDeadlinesJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('follow-up.deadlines');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce(new Date()).catch((e: Error) => {
      this.logger.error(`deadline run failed, retrying next time: ${e.message}`);
      return 0;
    });
    await this.running;
    this.running = null;
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
        await applyConditionEvents(manager, row, events, { requestId: randomUUID(), now, actor: null }, state);
        breached += events.length;
      }
      return breached;
    });
  }
}
