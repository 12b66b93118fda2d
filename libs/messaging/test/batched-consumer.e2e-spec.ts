import { randomUUID } from 'crypto';
import { KafkaMessage } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, DeadLetterV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { RuleViolation } from '@vf/rules';
import { TopicWatcher, brokers, commitGroupOffsets } from '@vf/testing';
import { IdempotentConsumer, createKafka, createProducer, ensureTopics } from '@vf/messaging';
import { breach, committedToEnd, dropConsumerDatabase, eachEvent, freshConsumerDatabase } from './consumer-fixture';

// The batched consumer on a real broker and a real database: one transaction per batch, offsets after
// it, a poison message or a rule refusal dead-lettered without losing its neighbours, a duplicate
// skipped, and a crash in the middle of a batch redelivering the batch with nothing done twice. The
// batches of several partitions that one fetch brings share a transaction, and a refusal among them
// costs the others nothing.

const DB = 'vf_e2e_batched_consumer';
const topic = TOPICS.conditionBreachedV1;
const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-batched' });
const groupId = `e2e.batched.${randomUUID().slice(0, 8)}`;
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
  await ensureTopics(kafka);
  await commitGroupOffsets(kafka, groupId, [topic]);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

it('handles a batch in one transaction: a poison message and a refusal dead-lettered, a duplicate skipped, a crash redelivered', async () => {
  const run = randomUUID().slice(0, 8);
  const decisionId = randomUUID(); // one key: every message on one partition, in this order
  const events = Array.from({ length: 60 }, (_, i) => breach(i === 20 ? `R-${run}` : i === 40 ? `X-${run}` : `K-${run}-${i}`, decisionId));
  let crashes = 0;
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    const caseId = (event.payload as ConditionBreachedV1).caseId;
    await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, caseId]);
    if (caseId === `R-${run}`) throw RuleViolation.invalid('caseId', 'refused by a rule, for this test');
    if (caseId === `X-${run}` && crashes === 0) {
      crashes += 1;
      throw new Error('the database went away in the middle of the batch');
    }
  });
  const logger = { log: () => undefined, error: () => undefined };
  const producer = createProducer(kafka);
  await producer.connect();
  const letters = await new TopicWatcher<DeadLetterV1>(TOPICS.deadLetterV1).start();
  const consumer = new IdempotentConsumer(kafka, dataSource, producer, { groupId, topics: [topic], handle, logger, maxBatch: 25 });
  await consumer.start();
  try {
    const messages = events.map((e) => ({ key: decisionId, value: JSON.stringify(e) }));
    messages.splice(10, 0, { key: decisionId, value: '{ not json' });
    messages.splice(30, 0, { key: decisionId, value: JSON.stringify(events[5]) }); // the same event again
    messages.push(messages[messages.length - 1]); // and one twice in the same batch (its ids are recorded in one statement)
    await producer.send({ topic, acks: -1, messages });

    const ours = () => letters.matching((l) => l.consumerGroup === groupId);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM processed_event WHERE consumer_group = $1`, [groupId]);
      if (n === 59 && ours().length === 2) break;
      if (Date.now() > deadline) throw new Error(`not settled: ${n} processed, ${ours().length} dead letters`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const rows: Array<{ case_id: string; times: number }> = await dataSource.query(
      `SELECT case_id, count(*)::int AS times FROM handled GROUP BY case_id`,
    );
    const handled = new Map(rows.map((r) => [r.case_id, r.times]));
    expect(handled.get(`R-${run}`)).toBeUndefined(); // refused: its writes rolled back
    expect(handled.get(`X-${run}`)).toBe(1); // crashed once, handled once on redelivery
    expect([...handled.values()].every((times) => times === 1)).toBe(true);
    expect(handled.size).toBe(59);
    expect(crashes).toBe(1);
    expect(ours().map((l) => l.value.errors[0].field)).toEqual(['(message)', 'caseId']);
    // One transaction per batch: now() is the transaction's start, shared by every event it recorded.
    // (A batch with a refusal is redone one message per transaction; the others are not.)
    const [{ largest }] = await dataSource.query(
      `SELECT max(n)::int AS largest FROM (SELECT count(*) AS n FROM processed_event WHERE consumer_group = $1 GROUP BY processed_at) t`,
      [groupId],
    );
    expect(largest).toBeGreaterThanOrEqual(10);

    const offsets = await kafka.admin();
    await offsets.connect();
    const [committed] = await offsets.fetchOffsets({ groupId, topics: [topic] });
    const ends = await offsets.fetchTopicOffsets(topic);
    await offsets.disconnect();
    const partition = committed.partitions.find((p) =>
      ends.find((e) => e.partition === p.partition && e.high === p.offset && Number(p.offset) > 0),
    );
    expect(partition).toBeDefined(); // the partition our messages went to is committed to its end
  } finally {
    await consumer.stop();
    await letters.stop();
    await producer.disconnect();
  }
}, 60_000);

it('tries a batch again when PostgreSQL breaks a deadlock between two partitions, and handles each event once', async () => {
  await dataSource.query(`CREATE TABLE IF NOT EXISTS lockable (id text PRIMARY KEY)`);
  await dataSource.query(`INSERT INTO lockable (id) VALUES ('A'), ('B') ON CONFLICT DO NOTHING`);
  // Two batches lock A and B in opposite order, each waiting until the other holds its first lock.
  let firstLocks = 0;
  let bothLocked!: () => void;
  const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
  const errors: string[] = [];
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    const [first, second] = (event.payload as ConditionBreachedV1).caseId.split('');
    await manager.query(`SELECT id FROM lockable WHERE id = $1 FOR UPDATE`, [first]);
    if (++firstLocks === 2) bothLocked();
    await barrier;
    await manager.query(`SELECT id FROM lockable WHERE id = $1 FOR UPDATE`, [second]);
    await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, `deadlock-${first}${second}`]);
  });
  const logger = { log: () => undefined, error: (m: string) => errors.push(m) };
  const consumer = new IdempotentConsumer(kafka, dataSource, createProducer(kafka), {
    groupId: `${groupId}.deadlock`,
    topics: [topic],
    handle,
    logger,
  });
  const message = (e: EventEnvelope, offset: string) => ({ offset, value: Buffer.from(JSON.stringify(e)) }) as unknown as KafkaMessage;
  const [ab, ba] = [breach('AB', randomUUID()), breach('BA', randomUUID())];

  await Promise.all([consumer.processBatch(topic, 0, [message(ab, '0')]), consumer.processBatch(topic, 1, [message(ba, '0')])]);

  const rows: Array<{ case_id: string; n: number }> = await dataSource.query(
    `SELECT case_id, count(*)::int AS n FROM handled WHERE case_id LIKE 'deadlock-%' GROUP BY case_id ORDER BY case_id`,
  );
  expect(rows).toEqual([
    { case_id: 'deadlock-AB', n: 1 },
    { case_id: 'deadlock-BA', n: 1 },
  ]);
  expect(firstLocks).toBeGreaterThanOrEqual(3); // one of them went again
  expect(errors).toEqual([]);
}, 60_000);

describe('a fetch brings batches of several partitions', () => {
  /** Sends the events, partition by partition as given, and runs a consumer until `done` holds. */
  async function consume(
    group: string,
    sends: Array<{ partition: number; event: EventEnvelope }>,
    handle: ReturnType<typeof eachEvent>,
    done: () => Promise<boolean>,
  ) {
    await commitGroupOffsets(kafka, group, [topic]);
    const producer = createProducer(kafka);
    await producer.connect();
    // Sent before the consumer starts: its first fetch brings every partition's batch at once.
    await producer.send({ topic, acks: -1, messages: sends.map((s) => ({ partition: s.partition, value: JSON.stringify(s.event) })) });
    const logger = { log: () => undefined, error: () => undefined };
    const consumer = new IdempotentConsumer(kafka, dataSource, producer, { groupId: group, topics: [topic], handle, logger });
    await consumer.start();
    try {
      for (const deadline = Date.now() + 30_000; !(await done()); await new Promise((r) => setTimeout(r, 100)))
        if (Date.now() > deadline) throw new Error('not settled');
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  }

  const record = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    const caseId = (event.payload as ConditionBreachedV1).caseId;
    if (caseId.startsWith('refused-')) throw RuleViolation.invalid('caseId', 'refused by a rule, for this test');
    await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, caseId]);
  });
  const handledOf = async (run: string): Promise<Map<string, number>> => {
    const rows: Array<{ case_id: string; n: number }> = await dataSource.query(
      `SELECT case_id, count(*)::int AS n FROM handled WHERE case_id LIKE $1 GROUP BY case_id`,
      [`%${run}%`],
    );
    return new Map(rows.map((r) => [r.case_id, r.n]));
  };

  it('handles them in one transaction, and commits each partition to its end', async () => {
    const run = randomUUID().slice(0, 8);
    const sends = [0, 1, 2].flatMap((partition) =>
      [1, 2, 3].map((i) => ({ partition, event: breach(`shared-${run}-${partition}-${i}`, randomUUID()) })),
    );

    const group = `e2e.batched.fetch.${run}`;
    await consume(group, sends, record, async () => (await handledOf(run)).size === 9);

    // now() is the transaction's start: the nine events of three partitions were recorded by one.
    const [{ transactions }] = await dataSource.query(
      `SELECT count(DISTINCT processed_at)::int AS transactions FROM processed_event WHERE consumer_group = $1`,
      [group],
    );
    expect(transactions).toBe(1);
    expect([...(await handledOf(run)).values()]).toEqual(Array(9).fill(1));
    for (const partition of [0, 1, 2]) expect(await committedToEnd(kafka, group, topic, [{ partition }])).toBe(true);
  }, 60_000);

  it('dead-letters a refusal on one partition, and handles its neighbours on the others once', async () => {
    const run = randomUUID().slice(0, 8);
    const letters = await new TopicWatcher<DeadLetterV1>(TOPICS.deadLetterV1).start();
    try {
      const sends = [0, 1, 2].flatMap((partition) =>
        [1, 2].map((i) => ({
          partition,
          event: breach(`${partition === 1 && i === 2 ? 'refused' : 'kept'}-${run}-${partition}-${i}`, randomUUID()),
        })),
      );
      const group = `e2e.batched.fetch.${run}`;
      await consume(
        group,
        sends,
        record,
        async () => (await handledOf(run)).size === 5 && letters.matching((l) => l.consumerGroup === group).length === 1,
      );

      const kept = sends.map((s) => (s.event.payload as ConditionBreachedV1).caseId).filter((c) => c.startsWith('kept-'));
      expect([...(await handledOf(run)).keys()].sort()).toEqual(kept.sort());
      expect([...(await handledOf(run)).values()]).toEqual(Array(5).fill(1));
      const [letter] = letters.matching((l) => l.consumerGroup === group);
      expect([letter.value.originalPartition, letter.value.errors[0].field]).toEqual([1, 'caseId']);
      for (const partition of [0, 1, 2]) expect(await committedToEnd(kafka, group, topic, [{ partition }])).toBe(true);
    } finally {
      await letters.stop();
    }
  }, 60_000);
});
