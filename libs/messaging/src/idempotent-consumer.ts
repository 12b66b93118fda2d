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
  /**
   * Batches of a fetch taken at once (default 64: every partition a service subscribes to), to share
   * one transaction. Events of one key stay in order on their partition.
   */
  partitionsConcurrently?: number;
  /** Events consumed per topic and outcome, dead letters, lag per partition. */
  metrics?: ServiceMetrics;
}

/** What a batch's transaction did: each event's outcome, and how many were handled together (set-based). */
type Handled = { topic: EventTopic; outcomes: Array<'handled' | 'duplicate'>; together: number };

/** One partition's messages, as a fetch brought them. */
interface Part {
  topic: EventTopic;
  partition: number;
  messages: KafkaMessage[];
}

/** A usable event, with where it came from. */
interface Taken {
  topic: EventTopic;
  partition: number;
  message: KafkaMessage;
  event: EventEnvelope<PayloadByTopic[EventTopic]>;
}

interface Letter {
  topic: EventTopic;
  partition: number;
  message: KafkaMessage;
  errors: FieldError[];
}

/** A chunk handed over for the shared transaction, and how to tell its batch the outcome. */
interface Gathered {
  part: Part;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** The chunks in order, in groups of at most `size` messages; a larger chunk makes a group alone. */
function inGroups(chunks: Gathered[], size: number): Gathered[][] {
  const groups: Gathered[][] = [];
  let messages = Infinity;
  for (const chunk of chunks) {
    if (messages + chunk.part.messages.length > size) {
      groups.push([]);
      messages = 0;
    }
    groups[groups.length - 1].push(chunk);
    messages += chunk.part.messages.length;
  }
  return groups;
}

/** The events by topic, in the order each topic first comes; each topic's events in their order. */
function byTopic(events: Taken[]): Array<[EventTopic, Taken[]]> {
  const topics = new Map<EventTopic, Taken[]>();
  for (const e of events) {
    const list = topics.get(e.topic);
    if (list) list.push(e);
    else topics.set(e.topic, [e]);
  }
  return [...topics];
}

/**
 * Consumes contract events exactly once in effect, a fetch at a time:
 * - each message is validated against its topic's contract; one that is unusable (bad JSON, wrong
 *   shape, or refused by a rule) goes whole to the dead-letter topic and is not retried, and its
 *   neighbours in the batch are handled as usual;
 * - the batches a fetch brings, of every partition and topic (up to `maxBatch` messages together,
 *   each partition's in its order), are handled in ONE database transaction, together with the
 *   records of their event ids (one statement per topic), so a redelivered event is skipped; each
 *   topic's new events go to `handle` at once, in order (the dispatcher takes independent ones
 *   together, set-based); the events the handlers publish are written to the outbox in one statement
 *   at the end, in the order published;
 * - each partition's offset is committed only after that transaction. A crash in between means
 *   redelivery, which the event-id records turn into no-ops. Any other error rolls the whole
 *   transaction back and kafkajs delivers its batches again.
 * A rule refusal aborts the transaction; its events are then handled again one message per
 * transaction, so only the refused message is dead-lettered. Refusals are rare, so the common path
 * pays nothing for them.
 * - the topics' afterCommit work runs after that, in one transaction of its own, on every event
 *   taken (not those dead-lettered), then the offsets are committed; if it fails, the batches come
 *   again.
 */
export class IdempotentConsumer {
  private consumer: Consumer | null = null;
  /** Whether this instance is a member of its group with partitions assigned (readiness). */
  joinedGroup = false;
  private stopping = false;
  /** Chunks handed over in this turn of the event loop, for one transaction (see `together`). */
  private gathered: Gathered[] = [];
  private gathering: NodeJS.Immediate | null = null;

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
      // Every batch of a fetch is taken at once, so that they share one transaction (see `together`).
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 64,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const size = this.options.maxBatch ?? 200;
        for (let i = 0; i < batch.messages.length; i += size) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + size);
          await this.together({ topic: batch.topic as EventTopic, partition: batch.partition, messages: chunk });
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

  /**
   * Takes a chunk of a partition's batch into the transaction the fetch's other batches share: the
   * batches kafkajs hands over in one turn of the event loop (a fetch's, up to `partitionsConcurrently`)
   * are handled together, up to `maxBatch` messages a transaction. Issue #10, twenty-second round:
   * before, each partition's batch was a transaction of its own, and payout's afterCommit work another,
   * three or more of each per fetch. Resolves once the chunk's events are committed (and
   * dead-lettered); rejects if the shared transaction failed, and the fetch's batches come again.
   */
  private together(part: Part): Promise<void> {
    return new Promise((resolve, reject) => {
      this.gathered.push({ part, resolve, reject });
      this.gathering ??= setImmediate(() => void this.handleGathered());
    });
  }

  /** The chunks gathered in this turn, in transactions of up to `maxBatch` messages, one after another. */
  private async handleGathered(): Promise<void> {
    const all = this.gathered;
    this.gathered = [];
    this.gathering = null;
    for (const group of inGroups(all, this.options.maxBatch ?? 200))
      await this.processParts(group.map((g) => g.part)).then(
        () => group.forEach((g) => g.resolve()),
        (e: unknown) => group.forEach((g) => g.reject(e)),
      );
  }

  /** One partition's batch alone, in one transaction (as the specs drive it); see processParts. */
  processBatch(topic: EventTopic, partition: number, messages: KafkaMessage[]): Promise<void> {
    return this.processParts([{ topic, partition, messages }]);
  }

  /**
   * Handles the batches of several partitions (and topics) in one transaction; dead-letters what cannot
   * be used. Each topic's events go to the handlers together, each partition's in its order.
   */
  async processParts(parts: Part[]): Promise<void> {
    const letters: Letter[] = [];
    const events: Taken[] = [];
    for (const { topic, partition, messages } of parts) {
      let passed = 0;
      for (const message of messages) {
        const parsed = parseEvent(topic, message.value);
        if (!parsed.ok) letters.push({ topic, partition, message, errors: parsed.errors });
        else if (this.options.passesOver?.(topic, parsed.event)) passed++;
        else events.push({ topic, partition, message, event: parsed.event });
      }
      if (passed > 0) this.options.metrics?.eventsConsumed.inc({ topic, outcome: 'passed_over' }, passed);
    }
    const topicsOf = (list: Taken[]) => [...new Set(list.map((e) => e.topic))].join(', ');
    let handled: Handled[] = [];
    let taken = events;
    try {
      if (events.length > 0) handled = await this.transaction((manager) => this.handleAll(events, manager));
    } catch (e) {
      if (!(e instanceof RuleViolation)) return this.failed(topicsOf(events), e);
      // One message was refused by a rule: handle them one transaction each, to find it.
      handled = [];
      taken = [];
      for (const one of events) {
        try {
          handled.push(...(await this.transaction((manager) => this.handleAll([one], manager))));
          taken.push(one);
        } catch (refused) {
          if (!(refused instanceof RuleViolation)) return this.failed(one.topic, refused);
          letters.push({ topic: one.topic, partition: one.partition, message: one.message, errors: refused.errors });
        }
      }
    }
    const after = byTopic(taken)
      .map(([topic, list]) => [this.options.afterCommit?.(topic), list] as const)
      .filter((a): a is readonly [AfterCommit<EventTopic>, Taken[]] => !!a[0]);
    if (after.length > 0) {
      try {
        await this.transaction((manager) =>
          collectingOutbox(manager, async () => {
            for (const [work, list] of after)
              await work(
                list.map((e) => e.event),
                manager,
              );
          }),
        );
      } catch (e) {
        return this.failed(topicsOf(taken), e);
      }
    }
    letters.sort((a, b) => a.partition - b.partition || (BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1));
    for (const l of letters) await this.deadLetter(l.topic, l.partition, l.message, l.errors);
    for (const { topic, outcomes, together } of handled) {
      for (const outcome of outcomes) this.options.metrics?.eventsConsumed.inc({ topic, outcome });
      if (together > 0) this.options.metrics?.eventsTogether.inc({ topic }, together);
    }
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
   * Records the events' ids in one statement per topic and runs the handlers on those this consumer
   * group has not seen before, a topic's together, in order. An id that appears twice (a duplicate
   * publish) runs once. The events the handlers publish go to the outbox in one statement, at the end.
   */
  private handleAll(events: Taken[], manager: EntityManager): Promise<Handled[]> {
    return collectingOutbox(manager, async () => {
      const handled: Handled[] = [];
      for (const [topic, list] of byTopic(events)) {
        const rows: Array<{ event_id: string }> = await preparedQuery(
          manager,
          `INSERT INTO processed_event (consumer_group, event_id, topic) SELECT $1, unnest($2::uuid[]), $3
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.options.groupId, list.map((e) => e.event.eventId), topic],
        );
        handled.push(await this.handleEach(topic, list, new Set(rows.map((r) => r.event_id.toLowerCase())), manager));
      }
      return handled;
    });
  }

  private async handleEach(topic: EventTopic, events: Taken[], fresh: Set<string>, manager: EntityManager): Promise<Handled> {
    const log = (e: Taken, what: string) =>
      serviceLogger().debug(
        {
          context: 'consumer',
          topic,
          partition: e.partition,
          offset: e.message.offset,
          eventId: e.event.eventId,
          correlationId: e.event.correlationId,
        },
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
    return { topic, outcomes, together: together || 0 };
  }

  private failed(topic: string, e: unknown): never {
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
