import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterV1, EventEnvelope, EventTopic, PayloadByTopic, TOPICS, parseEvent } from '@vf/contracts';
import { ServiceMetrics, currentContext, preparedQuery, serviceLogger, withContext } from '@vf/platform';
import { FieldError, RuleViolation } from '@vf/rules';
import { collectingOutbox } from './outbox';
import { RelayLogger } from './outbox-relay';

/** How often a batch's transaction is tried when PostgreSQL reports a deadlock or serialization failure. */
const TRANSIENT_ATTEMPTS = 5;

/**
 * Handles a batch's new events of one topic, in order (a dispatcher may take independent ones
 * together; it may say how many it did, for the metrics).
 */
export type EventHandler = <K extends EventTopic>(
  topic: K,
  events: EventEnvelope<PayloadByTopic[K]>[],
  manager: EntityManager,
) => Promise<number | void>;

/** Work on a batch's events that runs once the batch's transaction has committed (TopicHandler.afterCommit). */
export type AfterCommit<K extends EventTopic> = (events: EventEnvelope<PayloadByTopic[K]>[], manager: EntityManager) => Promise<void>;

export interface IdempotentConsumerOptions {
  groupId: string;
  topics: EventTopic[];
  handle: EventHandler;
  /**
   * Whether the handlers leave this event alone, judged from the event alone. Such an event is not
   * recorded and needs no transaction; a batch of only such events commits its offset at once.
   */
  passesOver?: <K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>) => boolean;
  /**
   * The topic's work to do once a batch's transaction has committed, in a transaction of its own and
   * before the offset is committed, on every event the handlers took, seen before or not (see
   * TopicHandler.afterCommit); null or absent for none.
   */
  afterCommit?: <K extends EventTopic>(topic: K) => AfterCommit<K> | null;
  logger: RelayLogger;
  /** Messages handled in one database transaction (default 200). */
  maxBatch?: number;
  /** Partitions handled at the same time (default 3). Events of one key stay in order on their partition. */
  partitionsConcurrently?: number;
  /** Events consumed per topic and outcome, dead letters, lag per partition. */
  metrics?: ServiceMetrics;
}

/** What a batch's transaction did: each event's outcome, and how many were handled together (set-based). */
type Handled = { outcomes: Array<'handled' | 'duplicate'>; together: number };

interface Letter {
  partition: number;
  message: KafkaMessage;
  errors: FieldError[];
}

/**
 * Consumes contract events exactly once in effect, a batch at a time:
 * - each message is validated against its topic's contract; one that is unusable (bad JSON, wrong
 *   shape, or refused by a rule) goes whole to the dead-letter topic and is not retried, and its
 *   neighbours in the batch are handled as usual;
 * - the messages of a batch (up to `maxBatch`, in partition order) are handled in ONE database
 *   transaction, together with the records of their event ids (one statement for the batch), so a
 *   redelivered event is skipped; the new events go to `handle` at once, in order (the dispatcher
 *   takes independent ones together, set-based); the events the handlers publish are written to the outbox in one
 *   statement at the end of the batch, in the order published;
 * - the offset is committed only after that transaction. A crash in between means redelivery,
 *   which the event-id records turn into no-ops. Any other error rolls the whole batch back and
 *   kafkajs delivers it again.
 * A rule refusal aborts the batch's transaction; the batch is then handled again one message per
 * transaction, so only the refused message is dead-lettered. Refusals are rare, so the common path
 * pays nothing for them.
 * - a topic's afterCommit work runs after that, in a transaction of its own, on every event taken
 *   (not those dead-lettered), then the offset is committed; if it fails, the batch comes again.
 */
export class IdempotentConsumer {
  private consumer: Consumer | null = null;
  /** Whether this instance is a member of its group with partitions assigned (readiness). */
  joinedGroup = false;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly deadLetters: Producer,
    private readonly options: IdempotentConsumerOptions,
  ) {}

  /** Resolves once the group has been joined and partitions assigned. */
  async start(): Promise<void> {
    this.stopping = false;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      // The broker answers a fetch as soon as a message arrives; this only bounds an idle poll,
      // and so how long a shutdown waits for it.
      maxWaitTimeInMs: 500,
      // A fetch holds at most 4 MB (kafkajs' default is 10 MB, 1 MB a partition). With a backlog
      // of 20,000 pieces of evidence, payout passed 300 MB resident at the default; a batch is at
      // most `maxBatch` messages in any case.
      maxBytes: 4 * 1024 * 1024,
      maxBytesPerPartition: 512 * 1024,
      retry: { initialRetryTime: 200, retries: 10 },
    });
    this.consumer = consumer;
    let joinedOnce = false;
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      // kafkajs restarts a crashed consumer itself only after an error it calls retriable. After any
      // other (e.g. "the coordinator is not aware of this member": an offset commit refused because the
      // group moved on during a long pause or a broker restart) it stays stopped for good while the
      // service runs on. So a new one is started; redelivered events are skipped by their ids.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || this.stopping || this.consumer !== consumer) return;
        if (!joinedOnce) return reject(payload.error);
        this.options.logger.error(`${this.options.groupId}: the consumer stopped (${payload.error.message}); starting a new one`);
        void this.replace(consumer);
      });
    });
    joined.catch(() => undefined); // awaited below; a crash before that must not count as unhandled
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joinedGroup = true;
      this.options.metrics?.consumerLag.reset(); // partitions may have moved to another instance
    });
    for (const left of [consumer.events.STOP, consumer.events.CRASH, consumer.events.DISCONNECT]) {
      consumer.on(left, () => (this.joinedGroup = false));
    }
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const size = this.options.maxBatch ?? 200;
        for (let i = 0; i < batch.messages.length; i += size) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + size);
          await this.processBatch(batch.topic as EventTopic, batch.partition, chunk);
          const last = chunk[chunk.length - 1].offset;
          // Through the batch's own commit, not consumer.commitOffsets: that one silently does nothing once
          // a stop has begun, and the chunk just handled would be delivered again after a SIGTERM.
          const next = (BigInt(last) + 1n).toString();
          await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
          resolveOffset(last);
          this.options.metrics?.consumerLag.set(
            { topic: batch.topic, partition: String(batch.partition) },
            Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)),
          );
          await heartbeat();
        }
      },
    });
    await joined;
    joinedOnce = true;
  }

  /** A new consumer in place of one kafkajs gave up, tried until it joins or the service stops. */
  private async replace(crashed: Consumer): Promise<void> {
    await crashed.disconnect().catch(() => undefined);
    for (let attempt = 1; !this.stopping; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
      if (this.stopping) return;
      try {
        await this.start();
        return;
      } catch (e) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.options.logger.error(`${this.options.groupId}: the new consumer did not start (${(e as Error).message}); trying again`);
      }
    }
  }

  /**
   * Stops taking batches, lets the one in hand finish and commit (eachBatch checks isRunning between
   * chunks), and leaves the group, so another instance takes the partitions at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = null;
    this.joinedGroup = false;
  }

  /** Handles a batch of one partition in one transaction; dead-letters what cannot be used. */
  async processBatch(topic: EventTopic, partition: number, messages: KafkaMessage[]): Promise<void> {
    const letters: Letter[] = [];
    const events: Array<{ message: KafkaMessage; event: EventEnvelope<PayloadByTopic[EventTopic]> }> = [];
    let passed = 0;
    for (const message of messages) {
      const parsed = parseEvent(topic, message.value);
      if (!parsed.ok) letters.push({ partition, message, errors: parsed.errors });
      else if (this.options.passesOver?.(topic, parsed.event)) passed++;
      else events.push({ message, event: parsed.event });
    }
    if (passed > 0) this.options.metrics?.eventsConsumed.inc({ topic, outcome: 'passed_over' }, passed);
    let outcomes: Array<'handled' | 'duplicate'> = [];
    let together = 0;
    let taken = events;
    try {
      if (events.length > 0)
        ({ outcomes, together } = await this.transaction((manager) => this.handleAll(topic, partition, events, manager)));
    } catch (e) {
      if (!(e instanceof RuleViolation)) return this.failed(topic, e);
      // One message was refused by a rule: handle them one transaction each, to find it.
      outcomes = [];
      taken = [];
      for (const one of events) {
        try {
          outcomes.push(...(await this.transaction((manager) => this.handleAll(topic, partition, [one], manager))).outcomes);
          taken.push(one);
        } catch (refused) {
          if (!(refused instanceof RuleViolation)) return this.failed(topic, refused);
          letters.push({ partition, message: one.message, errors: refused.errors });
        }
      }
    }
    const after = taken.length > 0 ? this.options.afterCommit?.(topic) : null;
    if (after) {
      try {
        await this.transaction((manager) =>
          collectingOutbox(manager, () =>
            after(
              taken.map((e) => e.event),
              manager,
            ),
          ),
        );
      } catch (e) {
        return this.failed(topic, e);
      }
    }
    letters.sort((a, b) => (BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1));
    for (const l of letters) await this.deadLetter(topic, l.partition, l.message, l.errors);
    for (const outcome of outcomes) this.options.metrics?.eventsConsumed.inc({ topic, outcome });
    if (together > 0) this.options.metrics?.eventsTogether.inc({ topic }, together);
  }

  /**
   * One transaction, tried again when PostgreSQL broke a deadlock or a serialization conflict: batches
   * of several partitions lock decisions and cases in no common order, and the loser simply goes again.
   */
  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (attempt >= TRANSIENT_ATTEMPTS || (code !== '40P01' && code !== '40001')) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /**
   * Records the events' ids in one statement and runs the handler for each this consumer group has not
   * seen before, in order. An id that appears twice in the batch (a duplicate publish) runs once.
   */
  private async handleAll(
    topic: EventTopic,
    partition: number,
    events: Array<{ message: KafkaMessage; event: EventEnvelope<PayloadByTopic[EventTopic]> }>,
    manager: EntityManager,
  ): Promise<Handled> {
    const rows: Array<{ event_id: string }> = await preparedQuery(
      manager,
      `INSERT INTO processed_event (consumer_group, event_id, topic) SELECT $1, unnest($2::uuid[]), $3
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.groupId, events.map((e) => e.event.eventId), topic],
    );
    const fresh = new Set(rows.map((r) => r.event_id.toLowerCase()));
    // The events the batch's handlers publish go to the outbox in one statement, at the end.
    return collectingOutbox(manager, () => this.handleEach(topic, partition, events, fresh, manager));
  }

  private async handleEach(
    topic: EventTopic,
    partition: number,
    events: Array<{ message: KafkaMessage; event: EventEnvelope<PayloadByTopic[EventTopic]> }>,
    fresh: Set<string>,
    manager: EntityManager,
  ): Promise<Handled> {
    const log = (e: (typeof events)[number], what: string) =>
      serviceLogger().debug(
        { context: 'consumer', topic, partition, offset: e.message.offset, eventId: e.event.eventId, correlationId: e.event.correlationId },
        `${what} ${topic}`,
      );
    // Already processed (redelivery, or a duplicate publish): skipped. An id twice in the batch runs once.
    const outcomes = events.map((e) => (fresh.delete(e.event.eventId.toLowerCase()) ? ('handled' as const) : ('duplicate' as const)));
    events.forEach((e, i) => outcomes[i] === 'duplicate' && log(e, 'skipped, seen before:'));
    const handled = events.filter((_, i) => outcomes[i] === 'handled');
    const together =
      handled.length > 0
        ? await this.options.handle(
            topic,
            handled.map((e) => e.event),
            manager,
          )
        : 0;
    handled.forEach((e) => log(e, 'handled'));
    return { outcomes, together: together || 0 };
  }

  private failed(topic: EventTopic, e: unknown): never {
    this.options.logger.error(`${this.options.groupId}: a batch of ${topic} failed and will be delivered again: ${(e as Error).message}`);
    throw e;
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
    // The message's correlation id, from its header (its body may be what could not be read).
    const correlationId = message.headers?.correlationId?.toString() || currentContext()?.correlationId;
    await withContext({ correlationId }, async () => {
      // Field names and reasons only: the message itself may hold a fødselsnummer and is not logged.
      this.options.logger.error(
        `${this.options.groupId}: dead-lettered ${topic}[${partition}]@${message.offset}: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`,
      );
      await this.deadLetters.send({
        topic: TOPICS.deadLetterV1,
        acks: -1,
        messages: [{ key: message.key, value: JSON.stringify(letter), headers: correlationId ? { correlationId } : undefined }],
      });
    });
    this.options.metrics?.deadLetters.inc({ topic });
    this.options.metrics?.eventsConsumed.inc({ topic, outcome: 'dead_lettered' });
  }
}
