import { Cause, causeOfRequest } from '@vf/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { IntervalRunner, JOB_INTERVAL_MS } from '@vf/platform';
import { addDays, decidePayment, osloDate } from '@vf/rules';
import { PaymentEntity } from '../../database/payment.entity';
import { lockFreeDocuments, refreshDigisosSokers } from '../../innsyn/innsyn.store';
import { savePayments, toPaymentState } from '../payment.store';

/** Held, not-before day set, and no condition left holding it (the index payment_due has the same predicate). */
const DUE = `p.status = 'HELD' AND p.not_before IS NOT NULL AND NOT (p.gates @? '$.* ? (@ == null)') AND p.not_before <= :today`;

/**
 * Releases held payments whose not-before day has come in Oslo and that nothing else holds: every
 * JOB_INTERVAL_MS, and at the start of each Oslo day (when a month's payments come due together).
 *
 * Set-based and batched: each batch is one transaction that claims up to `batch` due payments with
 * FOR UPDATE SKIP LOCKED, so `workers` batches (and other instances) run side by side on different
 * payments. It never waits for a lock: a payment whose decision lock (the one the consumers take
 * first) is busy is left for the next batch. The decider releases only a HELD payment, and the
 * release's event id derives from the payment and attempt, so each is released once.
 */
@Injectable()
export class ReleaseDuePaymentsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: IntervalRunner;
  private readonly logger = new Logger('payout.due');
  private midnight: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_INTERVAL_MS) intervalMs: number,
  ) {
    this.runner = new IntervalRunner(intervalMs, () => this.runOnce(new Date()), this.logger, 'release-due-payments');
  }

  onApplicationBootstrap(): void {
    this.runner.start();
    this.atNextDay();
  }

  onApplicationShutdown(): Promise<void> {
    if (this.midnight) clearTimeout(this.midnight);
    this.midnight = null;
    return this.runner.stop();
  }

  /** A run right as the next Oslo day starts, then the next, and so on. */
  private atNextDay() {
    const now = new Date();
    const tomorrow = addDays(osloDate(now), 1);
    // The first instant whose Oslo date is tomorrow: from UTC midnight of that date, step back while still tomorrow.
    let start = Date.parse(`${tomorrow}T00:00:00Z`);
    while (osloDate(new Date(start - 3600_000)) === tomorrow) start -= 3600_000;
    this.midnight = setTimeout(
      () => {
        this.runOnce(new Date()).catch((e: Error) => this.logger.error(`run at the day's start failed: ${e.message}`));
        this.atNextDay();
      },
      Math.max(0, start - now.getTime()) + 50,
    );
    this.midnight.unref();
  }

  /** Releases what is due at `now`, batch after batch, until nothing due is left that it can take. Returns how many it released. */
  async runOnce(now: Date, batch = 250, workers = 3): Promise<number> {
    let released = 0;
    const worker = async () => {
      for (;;) {
        const { claimed, releasedNow } = await this.releaseBatch(now, batch);
        released += releasedNow;
        if (claimed === 0 || releasedNow === 0) return;
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    return released;
  }

  private releaseBatch(now: Date, batch: number): Promise<{ claimed: number; releasedNow: number }> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .getRepository(PaymentEntity)
        .createQueryBuilder('p')
        .where(DUE, { today: osloDate(now) })
        .orderBy('p.not_before')
        .addOrderBy('p.id')
        .limit(batch)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return { claimed: 0, releasedNow: 0 };
      // A decision whose lock is busy (a consumer deciding its payments), or a case whose recipient's
      // document another transaction is refreshing, is left for the next batch: never wait.
      const free: Array<{ d: string }> = await manager.query(
        `SELECT d FROM unnest($1::text[]) AS d WHERE pg_try_advisory_xact_lock(hashtext(d))`,
        [[...new Set(rows.map((r) => r.decisionId))]],
      );
      const mine = new Set(free.map((f) => f.d));
      const documents = await lockFreeDocuments(manager, [...new Set(rows.filter((r) => mine.has(r.decisionId)).map((r) => r.caseId))]);
      const taken = rows.filter((row) => mine.has(row.decisionId) && documents.has(row.caseId));
      const decided = taken.map((row) => {
        const before = toPaymentState(row);
        const cause = causeOfRequest(randomUUID(), now, null);
        return {
          before,
          events: decidePayment({ type: 'CheckDue', now }, before),
          meta: { ref: row.ref, office: row.office, veilederIdent: row.veilederIdent },
          cause,
        };
      });
      const afters = await savePayments(manager, decided);
      const releasedNow = afters.filter((a, i) => decided[i].before.status === 'HELD' && a.status === 'RELEASED').length;
      // The recipient's document, in the same transaction, as the consumers' innsyn handlers do after
      // theirs: payout does not consume its own payment-released (issue #10, fourteenth round).
      const refreshes = new Map<string, { caseId: string; at: string; cause: Cause }>();
      taken.forEach((row, i) => {
        if (afters[i] !== decided[i].before && !refreshes.has(row.caseId))
          refreshes.set(row.caseId, { caseId: row.caseId, at: now.toISOString(), cause: decided[i].cause });
      });
      await refreshDigisosSokers(manager, [...refreshes.values()]);
      return { claimed: rows.length, releasedNow };
    });
  }
}
