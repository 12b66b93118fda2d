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
import { OBSERVABILITY, Observability } from '@vf/platform';
import { IdempotentConsumer } from './idempotent-consumer';
import { createKafka, createProducer, ensureTopics } from './kafka';
import { OutboxRelay } from './outbox-relay';

export const KAFKA = Symbol('KAFKA');
export const PRODUCER = Symbol('PRODUCER');
export const EVENT_HANDLER = Symbol('EVENT_HANDLER');

/** How the consumer hands an event on: the dispatcher over the service's topic handlers. */
export interface EventHandlerPort {
  handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void>;
}

/** One small listener for one topic, typed by that topic's payload; it runs inside the consumer's transaction. */
export interface TopicHandler<K extends EventTopic> {
  handle(event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void>;
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
    for (const handler of handlers) await handler.handle(event, manager);
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
    this.relay = new OutboxRelay(dataSource, producer, { databaseUrl: settings.databaseUrl, logger: this.logger, metrics });
    this.producerConnected = true; // the PRODUCER factory connected it
    producer.on(producer.events.CONNECT, () => (this.producerConnected = true));
    producer.on(producer.events.DISCONNECT, () => (this.producerConnected = false));
    observability?.readiness.set('kafka-producer', () =>
      this.producerConnected ? { up: true } : { up: false, reason: 'producer not connected' },
    );
    metrics?.useOutboxProbe(async () => {
      const [row]: Array<{ backlog: number; age: number | null }> = await dataSource.query(
        `SELECT count(*)::int AS backlog, extract(epoch FROM now() - min(created_at))::float AS age FROM outbox WHERE published_at IS NULL`,
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
        handle: (topic, event, manager) => handler.handle(topic, event, manager),
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
    await this.relay.flush();
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
