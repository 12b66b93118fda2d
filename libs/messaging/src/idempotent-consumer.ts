import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterV1, EventEnvelope, EventTopic, PayloadByTopic, TOPICS, parseEvent } from '@vf/contracts';
import { FieldError, RuleViolation } from '@vf/rules';
import { RelayLogger } from './outbox-relay';

export type EventHandler = <K extends EventTopic>(
  topic: K,
  event: EventEnvelope<PayloadByTopic[K]>,
  manager: EntityManager,
) => Promise<void>;

export interface IdempotentConsumerOptions {
  groupId: string;
  topics: EventTopic[];
  handle: EventHandler;
  logger: RelayLogger;
}

/**
 * Consumes contract events exactly once in effect:
 * - each message is validated against its topic's contract; one that is unusable (bad JSON, wrong
 *   shape, or refused by a rule) goes whole to the dead-letter topic and is not retried;
 * - the handler runs in one database transaction together with the record of the event id, so a
 *   redelivered event is skipped;
 * - the offset is committed only after that transaction. A crash in between means redelivery,
 *   which the event-id record turns into a no-op. Any other error is retried by kafkajs.
 */
export class IdempotentConsumer {
  private consumer: Consumer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly deadLetters: Producer,
    private readonly options: IdempotentConsumerOptions,
  ) {}

  /** Resolves once the group has been joined and partitions assigned. */
  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // The broker answers a fetch as soon as a message arrives; this only bounds an idle poll,
      // and so how long a shutdown waits for it.
      maxWaitTimeInMs: 500,
      retry: { initialRetryTime: 200, retries: 10 },
    });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        await this.process(topic as EventTopic, partition, message);
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  private async process(topic: EventTopic, partition: number, message: KafkaMessage): Promise<void> {
    const parsed = parseEvent(topic, message.value);
    if (!parsed.ok) return this.deadLetter(topic, partition, message, parsed.errors);
    const event = parsed.event;
    try {
      await this.dataSource.transaction(async (manager) => {
        const fresh: unknown[] = await manager.query(
          `INSERT INTO processed_event (consumer_group, event_id, topic) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.options.groupId, event.eventId, topic],
        );
        if (fresh.length === 0) return; // already processed: redelivery or a duplicate publish
        await this.options.handle(topic, event, manager);
      });
    } catch (e) {
      if (e instanceof RuleViolation) return this.deadLetter(topic, partition, message, e.errors);
      this.options.logger.error(`${this.options.groupId}: ${topic} event ${event.eventId} failed, will retry: ${(e as Error).message}`);
      throw e;
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, errors: FieldError[]): Promise<void> {
    const letter: DeadLetterV1 = {
      consumerGroup: this.options.groupId,
      originalTopic: topic,
      originalPartition: partition,
      originalOffset: message.offset,
      originalKey: message.key?.toString() ?? null,
      originalValueBase64: message.value?.toString('base64') ?? null,
      errors,
      deadLetteredAt: new Date().toISOString(),
    };
    // Field names and reasons only: the message itself may hold a fødselsnummer and is not logged.
    this.options.logger.error(
      `${this.options.groupId}: dead-lettered ${topic}[${partition}]@${message.offset}: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`,
    );
    await this.deadLetters.send({
      topic: TOPICS.deadLetterV1,
      acks: -1,
      messages: [{ key: message.key, value: JSON.stringify(letter) }],
    });
  }
}
