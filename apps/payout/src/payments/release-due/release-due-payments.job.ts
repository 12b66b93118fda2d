import { causeOfRequest } from '@vf/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { IntervalRunner, JOB_INTERVAL_MS } from '@vf/platform';
import { osloDate } from '@vf/rules';
import { PaymentEntity } from '../../database/payment.entity';
import { commandPayment, lockDecision } from '../payment.store';

/**
 * Releases held payments whose not-before day has come in Oslo and that nothing else holds. Every
 * JOB_INTERVAL_MS; safe with several instances: each payment is decided under its decision's lock,
 * and the decider releases only a HELD payment, once.
 */
@Injectable()
export class ReleaseDuePaymentsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: IntervalRunner;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_INTERVAL_MS) intervalMs: number,
  ) {
    this.runner = new IntervalRunner(intervalMs, () => this.runOnce(new Date()), new Logger('payout.due'), 'release-due-payments');
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /**
   * Finds due candidates without locking, then takes each payment's decision lock before its row,
   * in the same order as the consumer does, so the two never deadlock. Returns how many it released.
   */
  async runOnce(now: Date, batch = 200): Promise<number> {
    const due: Array<{ id: string; decision_id: string }> = await this.dataSource.query(
      `SELECT id, decision_id FROM payment WHERE status = 'HELD' AND not_before <= $1 ORDER BY not_before, id LIMIT $2`,
      [osloDate(now), batch],
    );
    let released = 0;
    for (const { id, decision_id } of due) {
      const releasedNow = await this.dataSource.transaction(async (manager) => {
        await lockDecision(manager, decision_id);
        const row = await manager.getRepository(PaymentEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
        const requestId = randomUUID();
        const after = await commandPayment(manager, row, { type: 'CheckDue', now }, causeOfRequest(requestId, now, null));
        return row.status === 'HELD' && after.status === 'RELEASED'; // another instance may have released it meanwhile
      });
      if (releasedNow) released += 1;
    }
    return released;
  }
}
