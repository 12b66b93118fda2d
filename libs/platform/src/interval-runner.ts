import { Logger } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { currentContext, withContext } from './observability/context';

/**
 * Runs `run` every `intervalMs`, never two at once in this process, and waits for a run in progress
 * when stopped. A failed run is logged and tried again next time. Safety across instances is the
 * job's own business (row locks), not this runner's. Each run has a correlation id of its own, which
 * its log lines and the events it writes carry, and is counted and timed (vilkarsflyt_job_runs_total,
 * vilkarsflyt_job_run_duration_seconds) under `job`.
 */
export class IntervalRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly job = 'job',
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      const metrics = currentContext()?.metrics;
      const timer = metrics?.jobDuration.startTimer({ job: this.job });
      this.running = withContext({ correlationId: randomUUID() }, () => this.run())
        .then(() => metrics?.jobRuns.inc({ job: this.job, outcome: 'ok' }))
        .catch((e: Error) => {
          metrics?.jobRuns.inc({ job: this.job, outcome: 'failed' });
          this.logger.error(`run failed, retrying next time: ${e.message}`);
        })
        .finally(() => {
          timer?.();
          this.running = null;
        });
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** The interval of a service's periodic job (JOB_INTERVAL_MS), as one injection token for every service. */
export const JOB_INTERVAL_MS = Symbol('JOB_INTERVAL_MS');
