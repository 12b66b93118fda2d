import { Logger } from '@nestjs/common';

/**
 * Runs `run` every `intervalMs`, never two at once in this process, and waits for a run in progress
 * when stopped. A failed run is logged and tried again next time. Safety across instances is the
 * job's own business (row locks), not this runner's.
 */
export class IntervalRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .catch((e: Error) => this.logger.error(`run failed, retrying next time: ${e.message}`))
        .finally(() => (this.running = null));
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
