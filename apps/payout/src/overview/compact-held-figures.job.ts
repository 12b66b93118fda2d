import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntervalRunner, JOB_INTERVAL_MS } from '@vf/platform';

/**
 * Folds the appended changes to the held figures into one row per office and veileder, every
 * JOB_INTERVAL_MS, so the overview reads a few rows whatever the history. One statement moves the
 * changes (delete and add in one snapshot); the transaction's advisory lock lets one instance fold at
 * a time. Payments never wait for it: they only append.
 */
@Injectable()
export class CompactHeldFiguresJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: IntervalRunner;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_INTERVAL_MS) intervalMs: number,
  ) {
    this.runner = new IntervalRunner(intervalMs, () => this.runOnce(), new Logger('payout.overview'), 'compact-held-figures');
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /** Returns how many changes it folded (0 when another instance holds the lock). */
  async runOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('payout.held_figures')) AS locked`);
      if (!locked) return 0;
      const [{ n }] = await manager.query(
        `WITH moved AS (DELETE FROM held_figures_change RETURNING office, veileder_ident, held_count, held_amount_ore),
              folded AS (
                INSERT INTO held_figures (office, veileder_ident, held_count, held_amount_ore)
                SELECT office, veileder_ident, sum(held_count), sum(held_amount_ore) FROM moved GROUP BY office, veileder_ident
                ON CONFLICT (office, veileder_ident) DO UPDATE
                  SET held_count = held_figures.held_count + EXCLUDED.held_count,
                      held_amount_ore = held_figures.held_amount_ore + EXCLUDED.held_amount_ore
              )
         SELECT count(*)::int AS n FROM moved`,
      );
      return n as number;
    });
  }
}
