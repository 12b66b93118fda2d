import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
  Provider,
} from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, EventTopic, PayloadByTopic } from '@vf/contracts';
import { OBSERVABILITY, Observability, withContext } from '@vf/platform';
import { AfterCommit, IdempotentConsumer } from './idempotent-consumer';
import { createKafka, createProducer, ensureTopics } from './kafka';
import { OutboxRelay } from './outbox-relay';

export const KAFKA = Symbol('KAFKA');
export const PRODUCER = Symbol('PRODUCER');
export const EVENT_HANDLER = Symbol('EVENT_HANDLER');

/** How the consumer hands events on: the dispatcher over the service's topic handlers. */
export interface EventHandlerPort {
  handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void>;
  /**
   * The events of one batch, in order, with the same effect as `handle` for each in turn. Resolves to
   * how many of them were handled together with others (set-based).
   */
  handleMany<K extends EventTopic>(topic: K, events: EventEnvelope<PayloadByTopic[K]>[], manager: EntityManager): Promise<number>;
  /** Whether every handler of the topic leaves this event alone (see TopicHandler.passesOver). */
  passesOver<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>): boolean;
  /** The topic's handlers' afterCommit work, one after the other; null when none of them has any. */
  afterCommitOf<K extends EventTopic>(topic: K): AfterCommit<K> | null;
}

/** One small listener for one topic, typed by that topic's payload; it runs inside the consumer's transaction. */
export interface TopicHandler<K extends EventTopic> {
  handle(event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void>;
  /**
   * True for an event `handle` would leave alone, judged from the event alone: no read, no write. When
   * every handler of the topic passes over an event, the consumer neither records its id nor opens a
   * transaction for it (handling it again would change nothing either).
   */
  passesOver?(event: EventEnvelope<PayloadByTopic[K]>): boolean;
  /**
   * Work that follows from what the batch's transaction committed but need not be part of it (a view
   * made from it, and the event that publishes the view): it runs in a transaction of its own once that
   * one has committed, so what the batch published (a release) leaves at once, and before the offset
   * is committed, so nothing is left behind. It is given every event of the batch the handlers took,
   * those handled now and those seen before: a crash between the two transactions, or a failure in
   * this one, delivers the batch again, the handlers skip what they did, and this runs once more. So it
   * must be idempotent, and must not refuse an event (a failure here is retried, never dead-lettered).
   */
  afterCommit?: AfterCommit<K>;
}

/**
 * A listener that can also take several events of its topic at once, set-based: a few statements for
 * the lot instead of a few for each. It is only given events that are independent of each other.
 */
export interface BatchTopicHandler<K extends EventTopic> extends TopicHandler<K> {
  /**
   * What handling the event reads and writes, as keys (`decision:<id>`, `case:<id>`). Events whose keys
   * are all different, over every handler of the topic, are independent: handling them together, one
   * handler after the other, ends where handling them one by one would.
   */
  touches(event: EventEnvelope<PayloadByTopic[K]>): string[];
  /** The same effect as `handle` for each event; the events are independent of each other. */
  handleBatch(events: EventEnvelope<PayloadByTopic[K]>[], manager: EntityManager): Promise<void>;
}

const takesBatches = <K extends EventTopic>(h: TopicHandler<K>): h is BatchTopicHandler<K> =>
  typeof (h as Partial<BatchTopicHandler<K>>).handleBatch === 'function' &&
  typeof (h as Partial<BatchTopicHandler<K>>).touches === 'function';

/**
 * Events in one run at most: what a run holds in memory at once (cases, documents, payments) stays
 * bounded, whatever the batch. 50 is where a run's statements already cost little per event.
 */
export const MAX_RUN = 50;

/**
 * Splits events, in order, into runs of independent events: a run ends before the first event that
 * touches a key an earlier event of the run touched, or when it holds `maxRun`. Handling the runs one
 * after the other keeps the order of every two events that touch the same key.
 */
export function independentRuns<T>(events: T[], touches: (event: T) => string[], maxRun = MAX_RUN): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let taken = new Set<string>();
  for (const event of events) {
    const keys = touches(event);
    if (run.length >= maxRun || keys.some((k) => taken.has(k))) {
      runs.push(run);
      run = [];
      taken = new Set();
    }
    run.push(event);
    for (const k of keys) taken.add(k);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

type TopicHandlerClass<K extends EventTopic> = new (...args: never[]) => TopicHandler<K>;

/**
 * The map from topic to its handler class that the consumer dispatches on. The topics consumed are its
 * keys. A topic may have several handlers (a module of its own in the same service, see
 * mergeTopicHandlers): they run in the listed order, in the same transaction.
 */
export type TopicHandlers = { [K in EventTopic]?: TopicHandlerClass<K> | readonly TopicHandlerClass<K>[] };

export const topicsOf = (handlers: TopicHandlers) => Object.keys(handlers) as EventTopic[];

const classesOf = (entry: TopicHandlers[EventTopic]) => (entry === undefined ? [] : Array.isArray(entry) ? entry : [entry]);

/** One map from several: a topic in more than one keeps every handler, the first map's first. */
export function mergeTopicHandlers(...maps: TopicHandlers[]): TopicHandlers {
  const merged: Partial<Record<EventTopic, TopicHandlerClass<EventTopic>[]>> = {};
  for (const map of maps) {
    for (const topic of topicsOf(map)) merged[topic] = [...(merged[topic] ?? []), ...classesOf(map[topic])];
  }
  return merged as TopicHandlers;
}

/** Dispatches each event to the handlers registered for its topic, one after the other. */
export class TopicDispatcher implements EventHandlerPort {
  constructor(private readonly byTopic: Map<EventTopic, TopicHandler<EventTopic>[]>) {}

  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    const handlers = (this.byTopic.get(topic) ?? []) as TopicHandler<K>[];
    if (handlers.length === 0) throw new Error(`no handler for ${topic}`);
    // In the event's correlation: the handlers' log lines carry it.
    await withContext({ correlationId: event.correlationId }, async () => {
      for (const handler of handlers) await handler.handle(event, manager);
    });
  }

  passesOver<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>): boolean {
    const handlers = (this.byTopic.get(topic) ?? []) as TopicHandler<K>[];
    return handlers.length > 0 && handlers.every((h) => h.passesOver?.(event) === true);
  }

  afterCommitOf<K extends EventTopic>(topic: K): AfterCommit<K> | null {
    const after = ((this.byTopic.get(topic) ?? []) as TopicHandler<K>[]).filter((h) => h.afterCommit);
    if (after.length === 0) return null;
    return async (events, manager) => {
      for (const handler of after) await handler.afterCommit!(events, manager);
    };
  }

  /**
   * When every handler of the topic takes batches, independent events go to each handler together,
   * one handler after the other (runs of independent events, in order); otherwise one event at a time.
   */
  async handleMany<K extends EventTopic>(topic: K, events: EventEnvelope<PayloadByTopic[K]>[], manager: EntityManager): Promise<number> {
    const handlers = (this.byTopic.get(topic) ?? []) as TopicHandler<K>[];
    const batching = handlers.length > 0 && handlers.every(takesBatches) ? (handlers as BatchTopicHandler<K>[]) : null;
    const runs =
      batching && events.length > 1 ? independentRuns(events, (e) => batching.flatMap((h) => h.touches(e))) : events.map((e) => [e]);
    let together = 0;
    for (const run of runs) {
      if (run.length === 1) await this.handle(topic, run[0], manager);
      else {
        for (const handler of batching!) await handler.handleBatch(run, manager);
        together += run.length;
      }
    }
    return together;
  }
}

export interface MessagingSettings {
  service: string;
  brokers: string[];
  databaseUrl: string;
  consume?: { groupId: string; topics: EventTopic[] };
}

const SETTINGS = Symbol('MESSAGING_SETTINGS');

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly relay: OutboxRelay;
  private consumer: IdempotentConsumer | null = null;

  constructor(
    @Inject(SETTINGS) private readonly settings: MessagingSettings,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PRODUCER) private readonly producer: Producer,
    private readonly dataSource: DataSource,
    @Inject(EVENT_HANDLER) private readonly handler: EventHandlerPort | null,
    @Optional() @Inject(OBSERVABILITY) private readonly observability: Observability | null,
  ) {
    this.logger = new Logger(`${settings.service}.messaging`);
    const metrics = observability?.metrics;
    this.relay = new OutboxRelay(producer, { databaseUrl: settings.databaseUrl, logger: this.logger, metrics });
    this.producerConnected = true; // the PRODUCER factory connected it
    producer.on(producer.events.CONNECT, () => (this.producerConnected = true));
    producer.on(producer.events.DISCONNECT, () => (this.producerConnected = false));
    observability?.readiness.set('kafka-producer', () =>
      this.producerConnected ? { up: true } : { up: false, reason: 'producer not connected' },
    );
    metrics?.useOutboxProbe(async () => {
      const [row]: Array<{ backlog: number; age: number | null }> = await dataSource.query(
        `SELECT count(*)::int AS backlog, extract(epoch FROM now() - min(o.created_at))::float AS age
         FROM outbox_pending p JOIN outbox o ON o.seq = p.seq`,
      );
      return { backlog: row.backlog, oldestAgeSeconds: row.age ?? 0 };
    });
  }

  private producerConnected: boolean;

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
    if (this.settings.consume && this.handler) {
      const handler = this.handler;
      this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, this.producer, {
        ...this.settings.consume,
        handle: (topic, events, manager) => handler.handleMany(topic, events, manager),
        passesOver: (topic, event) => handler.passesOver(topic, event),
        afterCommit: (topic) => handler.afterCommitOf(topic),
        logger: this.logger,
        metrics: this.observability?.metrics,
      });
      const consumer = this.consumer;
      this.observability?.readiness.set('kafka-consumer', () =>
        consumer.joinedGroup ? { up: true } : { up: false, reason: `not a member of ${this.settings.consume?.groupId}` },
      );
      await this.consumer.start();
    }
  }

  /**
   * After the HTTP server has stopped taking requests (Nest closes it before this hook): the consumer
   * finishes its batch, commits and leaves the group; the relay publishes what is left; then the
   * producer disconnects. The database closes after this module.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay.stop();
    await this.producer.disconnect();
    this.logger.log('stopped: the consumer finished its batch, committed and left its group; the outbox is flushed');
  }
}

/** Kafka client, producer, outbox relay and (optionally) the service's idempotent consumer. */
@Module({})
export class MessagingModule {
  static forService(settings: MessagingSettings, handlers?: TopicHandlers): DynamicModule {
    const byTopic = topicsOf(handlers ?? {}).map((topic) => [topic, classesOf(handlers?.[topic])] as const);
    const classes = [...new Set(byTopic.flatMap(([, list]) => list))] as Array<TopicHandlerClass<EventTopic>>;
    const providers: Provider[] = [
      { provide: SETTINGS, useValue: settings },
      { provide: KAFKA, useFactory: () => createKafka({ brokers: settings.brokers, clientId: `vilkarsflyt-${settings.service}` }) },
      {
        provide: PRODUCER,
        inject: [KAFKA],
        useFactory: async (kafka: Kafka) => {
          await ensureTopics(kafka);
          const producer = createProducer(kafka);
          await producer.connect();
          return producer;
        },
      },
      ...classes,
      classes.length
        ? {
            provide: EVENT_HANDLER,
            inject: classes,
            useFactory: (...instances: TopicHandler<EventTopic>[]) =>
              new TopicDispatcher(new Map(byTopic.map(([topic, list]) => [topic, list.map((cls) => instances[classes.indexOf(cls)])]))),
          }
        : { provide: EVENT_HANDLER, useValue: null },
      MessagingLifecycle,
    ];
    return { module: MessagingModule, providers, exports: [KAFKA, PRODUCER] };
  }
}
