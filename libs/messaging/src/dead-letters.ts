import { createHash, randomUUID } from 'crypto';
import { IHeaders, Kafka } from 'kafkajs';
import { DeadLetterV1, FieldError, TOPICS, isEventTopic, parseEvent } from '@vf/contracts';
import { createProducer } from './kafka';

/**
 * The operators' record of what was replayed, one message per dead letter (key "partition:offset"),
 * compacted. Tooling, not a contract: no service reads it.
 */
export const DEAD_LETTER_REPLAYS_TOPIC = 'vilkarsflyt.dead-letter-replays';
/** Header on a replayed message: the dead letter it came from. */
export const REPLAYED_FROM_HEADER = 'vilkarsflyt-replayed-from';

export interface RawMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
}

export interface ReplayRecord {
  deadLetter: { partition: number; offset: string };
  originalTopic: string;
  eventId: string;
  repaired: boolean;
  replayedAt: string;
}

export interface DeadLetterEntry {
  partition: number;
  offset: string;
  /** null when the dead letter itself cannot be read. */
  letter: DeadLetterV1 | null;
  replayed: ReplayRecord | null;
}

/** Every message of a topic, from the earliest kept to the end as it was when called, with a throw-away consumer group. */
export async function readTopic(kafka: Kafka, topic: string): Promise<RawMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Array<{ partition: number; high: string; low: string }>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const pending = new Map(ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)]));
  if (pending.size === 0) return [];
  const groupId = `vilkarsflyt.dead-letters-tool.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
  const out: RawMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = pending.get(partition);
            if (end === undefined) return;
            out.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value,
              headers: message.headers ?? {},
            });
            if (BigInt(message.offset) + 1n >= end) {
              pending.delete(partition);
              if (pending.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  const cleanup = kafka.admin();
  await cleanup.connect();
  await cleanup.deleteGroups([groupId]).catch(() => undefined);
  await cleanup.disconnect();
  return out.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}

function parseJson<T>(value: Buffer | null): T | null {
  try {
    return value ? (JSON.parse(value.toString()) as T) : null;
  } catch {
    return null;
  }
}

/** What was dead-lettered and why, oldest first per partition, with any replay recorded. */
export async function listDeadLetters(kafka: Kafka): Promise<DeadLetterEntry[]> {
  const [letters, replays] = await Promise.all([readTopic(kafka, TOPICS.deadLetterV1), readTopic(kafka, DEAD_LETTER_REPLAYS_TOPIC)]);
  const replayed = new Map(replays.map((r) => [r.key, parseJson<ReplayRecord>(r.value)]));
  return letters.map((m) => ({
    partition: m.partition,
    offset: m.offset,
    letter: parseJson<DeadLetterV1>(m.value),
    replayed: replayed.get(`${m.partition}:${m.offset}`) ?? null,
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event id a replay carries, the same however often it is replayed: the original event's own id
 * when it had one (so every consumer group that did handle the original skips the replay too), else
 * one derived from where the original was on its topic (so two groups' dead letters of one message
 * replay as one event).
 */
export function replayEventId(letter: DeadLetterV1): string {
  const original = parseJson<{ eventId?: unknown }>(
    letter.originalValueBase64 === null ? null : Buffer.from(letter.originalValueBase64, 'base64'),
  );
  if (typeof original?.eventId === 'string' && UUID.test(original.eventId)) return original.eventId.toLowerCase();
  const h = createHash('sha256').update(`${letter.originalTopic}:${letter.originalPartition}:${letter.originalOffset}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Why a replay was not sent: fields and reasons only, never the message's values. */
export class ReplayRefused extends Error {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export interface ReplayRequest {
  partition?: number;
  offset: string;
  /** The repaired message (an event envelope, JSON); without it the original is sent as it was. */
  repaired?: Buffer | null;
  /** Send even if the record says it was replayed before (consumers still skip its event id). */
  again?: boolean;
}

export type ReplayOutcome =
  | { replayed: true; entry: DeadLetterEntry; eventId: string; topic: string }
  | { replayed: false; entry: DeadLetterEntry; earlier: ReplayRecord };

/**
 * Sends a dead letter's message (repaired, or as it was) back to its topic, exactly once in effect:
 * - it must pass its topic's contract first, else nothing is sent;
 * - it carries the replay event id (replayEventId), whatever id the repaired text has, so a second
 *   replay, by anyone, is skipped by every consumer as an event it has handled;
 * - a replay already recorded is refused unless `again`.
 * The original key is kept, so the message lands on its aggregate's partition, in order.
 */
export async function replayDeadLetter(kafka: Kafka, request: ReplayRequest): Promise<ReplayOutcome> {
  const entries = await listDeadLetters(kafka);
  const matching = entries.filter(
    (e) => e.offset === request.offset && (request.partition === undefined || e.partition === request.partition),
  );
  if (matching.length === 0) throw new ReplayRefused(`no dead letter at ${request.partition ?? '?'}:${request.offset}`);
  if (matching.length > 1)
    throw new ReplayRefused(
      `offset ${request.offset} is on several partitions: give one of ${matching.map((e) => `${e.partition}:${e.offset}`).join(', ')}`,
    );
  const entry = matching[0];
  const letter = entry.letter;
  if (!letter) throw new ReplayRefused('the dead letter itself cannot be read');
  if (!isEventTopic(letter.originalTopic)) throw new ReplayRefused(`its topic ${letter.originalTopic} is not an event topic`);
  if (entry.replayed && !request.again) return { replayed: false, entry, earlier: entry.replayed };

  const value = request.repaired ?? (letter.originalValueBase64 === null ? null : Buffer.from(letter.originalValueBase64, 'base64'));
  const message = parseJson<Record<string, unknown>>(value);
  if (message === null || typeof message !== 'object' || Array.isArray(message))
    throw new ReplayRefused('the message is not a JSON object', [{ field: '(message)', reason: 'must be an event envelope in JSON' }]);
  const eventId = replayEventId(letter);
  const text = JSON.stringify({ ...message, eventId });
  const parsed = parseEvent(letter.originalTopic, text);
  if (!parsed.ok) throw new ReplayRefused(`the message does not pass the contract of ${letter.originalTopic}`, parsed.errors);

  // The services' producer settings, so the original key lands on the partition it came from.
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await producer.send({
      topic: letter.originalTopic,
      acks: -1,
      messages: [
        {
          key: letter.originalKey,
          value: text,
          headers: { [REPLAYED_FROM_HEADER]: `${TOPICS.deadLetterV1}:${entry.partition}:${entry.offset}` },
        },
      ],
    });
    await ensureReplaysTopic(kafka);
    const record: ReplayRecord = {
      deadLetter: { partition: entry.partition, offset: entry.offset },
      originalTopic: letter.originalTopic,
      eventId,
      repaired: request.repaired != null,
      replayedAt: new Date().toISOString(),
    };
    await producer.send({
      topic: DEAD_LETTER_REPLAYS_TOPIC,
      acks: -1,
      messages: [{ key: `${entry.partition}:${entry.offset}`, value: JSON.stringify(record) }],
    });
  } finally {
    await producer.disconnect();
  }
  return { replayed: true, entry, eventId, topic: letter.originalTopic };
}

async function ensureReplaysTopic(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(DEAD_LETTER_REPLAYS_TOPIC)) return;
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: DEAD_LETTER_REPLAYS_TOPIC,
            numPartitions: 1,
            replicationFactor: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
      })
      .catch(async (e: unknown) => {
        if (!(await admin.listTopics()).includes(DEAD_LETTER_REPLAYS_TOPIC)) throw e;
      });
  } finally {
    await admin.disconnect();
  }
}
