import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the outbox holds that is not yet on Kafka; asked of the database at each scrape. */
export interface OutboxProbe {
  (): Promise<{ backlog: number; oldestAgeSeconds: number }>;
}

/**
 * The metrics of one service instance, in a registry of its own (several instances may share a
 * process in the tests). Served at GET /metrics in Prometheus' text format; see docs/observability.md.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'vilkarsflyt_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, with their latency (its _count is the request count)',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly eventsConsumed = new Counter({
    name: 'vilkarsflyt_events_consumed_total',
    help: 'Events taken from Kafka by topic and outcome: handled, duplicate (seen before, skipped), passed_over (no handler acts), dead_lettered',
    labelNames: ['topic', 'outcome'],
    registers: [this.registry],
  });

  readonly eventsTogether = new Counter({
    name: 'vilkarsflyt_events_handled_together_total',
    help: 'Events handled set-based, together with other independent events of their batch (in runs of two or more), by topic',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly eventsProduced = new Counter({
    name: 'vilkarsflyt_events_produced_total',
    help: 'Events the outbox relay published to Kafka (acknowledged by all replicas), by topic',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly groupedWrites = new Histogram({
    name: 'vilkarsflyt_grouped_write_size',
    help: 'Requests written together in one transaction by group commit, by use case (its _count is the transactions, its _sum the requests)',
    labelNames: ['use_case'],
    buckets: [1, 2, 5, 10, 20, 50],
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'vilkarsflyt_dead_letters_total',
    help: 'Messages sent to the dead-letter topic, by the topic they came from',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'vilkarsflyt_consumer_lag',
    help: 'Messages on a partition after the last one this instance committed, as of its last batch from that partition',
    labelNames: ['topic', 'partition'],
    registers: [this.registry],
  });

  readonly releases = new Counter({
    name: 'vilkarsflyt_payments_released_total',
    help: 'payment-released events published (payout only): first releases and releases again',
    labelNames: ['attempt'],
    registers: [this.registry],
  });

  readonly releaseWait = new Histogram({
    name: 'vilkarsflyt_release_wait_seconds',
    help: 'From the last condition met (or lifted, or reduced) to the release, for payments that had conditions (payout only)',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86400],
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: 'vilkarsflyt_job_runs_total',
    help: 'Runs of the periodic jobs by job and outcome (ok, failed)',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'vilkarsflyt_job_run_duration_seconds',
    help: 'How long each run of a periodic job took',
    labelNames: ['job'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private outboxProbe: OutboxProbe | null = null;
  private lastOutbox = { backlog: 0, oldestAgeSeconds: 0 };

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const probe = () => this.probeOutbox();
    const figures = () => this.lastOutbox;
    new Gauge({
      name: 'vilkarsflyt_outbox_backlog',
      help: 'Outbox rows not yet published to Kafka',
      registers: [this.registry],
      async collect() {
        await probe();
        this.set(figures().backlog);
      },
    });
    new Gauge({
      name: 'vilkarsflyt_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when none)',
      registers: [this.registry],
      async collect() {
        await probe();
        this.set(figures().oldestAgeSeconds);
      },
    });
  }

  /** Given by the messaging module, which owns the outbox table. */
  useOutboxProbe(probe: OutboxProbe): void {
    this.outboxProbe = probe;
  }

  private probing: Promise<void> | null = null;

  /** One database query per scrape, shared by both outbox gauges (prom-client collects them side by side). */
  private probeOutbox(): Promise<void> {
    const probe = this.outboxProbe;
    if (!probe) return Promise.resolve();
    this.probing ??= probe()
      .then((figures) => void (this.lastOutbox = figures))
      // A failed probe (database down) keeps the last figures; /health/ready says the database is down.
      .catch(() => undefined)
      .finally(() => (this.probing = null));
    return this.probing;
  }
}
