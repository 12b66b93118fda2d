import { randomUUID } from 'crypto';
import { Consumer, ConsumerConfig } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { brokers, commitGroupOffsets } from '@vf/testing';
import { IdempotentConsumer, createKafka, createProducer, ensureTopics } from '@vf/messaging';
import { breach, dropConsumerDatabase, eachEvent, freshConsumerDatabase } from './consumer-fixture';

// The consumer fetches a partition's next batch while it handles the one before, on a real broker and
// database: the partition's events are still handled in order, each once, and a batch that fails is
// handled again before the batch fetched after it.

const DB = 'vf_e2e_fetch_while_handling';
const topic = TOPICS.conditionBreachedV1;
const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-fetch-while-handling' });
let dataSource: DataSource;

/** The offsets of the batches kafkajs hands the consumer it makes, as they are handed (its own instrumentation). */
const handedOver: number[] = [];
const makeConsumer = kafka.consumer.bind(kafka);
kafka.consumer = (config: ConsumerConfig): Consumer => {
  const consumer = makeConsumer(config);
  consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => handedOver.push(Number(payload.firstOffset)));
  return consumer;
};

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
  await dataSource.query(`CREATE TABLE handled_in_order (n bigserial PRIMARY KEY, case_id text NOT NULL)`);
  await ensureTopics(kafka);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

const until = async (what: string, done: () => boolean | Promise<boolean>, ms = 15_000) => {
  for (const deadline = Date.now() + ms; !(await done()); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
};

it('given a batch in its transaction, when the next event of its partition comes, then it is fetched meanwhile and handled after, once', async () => {
  const groupId = `e2e.prefetch.${randomUUID().slice(0, 8)}`;
  await commitGroupOffsets(kafka, groupId, [topic]);
  const run = randomUUID().slice(0, 8);
  const decisionId = randomUUID(); // one key: one partition
  let inFirst = false;
  let fetchedMeanwhile: boolean | undefined;
  let failures = 0;
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    const caseId = (event.payload as ConditionBreachedV1).caseId;
    if (caseId === `first-${run}` && failures === 0) {
      inFirst = true;
      const before = handedOver.length;
      // Held until kafkajs hands over another batch; it cannot while it waits for this one, unless it fetched on.
      const deadline = Date.now() + 8_000;
      while (handedOver.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      fetchedMeanwhile = handedOver.length > before;
      // And then fails, once: the batch fetched meanwhile must wait for this one's second try.
      failures++;
      throw new Error('the database went away while the next batch was fetched');
    }
    await manager.query('INSERT INTO handled_in_order (case_id) VALUES ($1)', [caseId]);
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
    groupId,
    topics: [topic],
    handle,
    logger: { log: () => undefined, error: () => undefined },
  });
  await consumer.start();
  try {
    const send = (caseId: string) =>
      producer.send({ topic, acks: -1, messages: [{ key: decisionId, value: JSON.stringify(breach(caseId, decisionId)) }] });
    await send(`first-${run}`);
    await until('the first event in its handler', () => inFirst);
    await send(`second-${run}`);
    await send(`third-${run}`);

    const ours = async () =>
      (await dataSource.query(`SELECT case_id FROM handled_in_order WHERE case_id LIKE $1 ORDER BY n`, [`%-${run}`])).map(
        (r: { case_id: string }) => r.case_id,
      );
    await until('all three handled', async () => (await ours()).length >= 3);
    await new Promise((r) => setTimeout(r, 500)); // anything handled twice would show by now

    expect(fetchedMeanwhile).toBe(true);
    expect(failures).toBe(1);
    expect(await ours()).toEqual([`first-${run}`, `second-${run}`, `third-${run}`]);
  } finally {
    await consumer.stop();
    await producer.disconnect();
  }
}, 60_000);

it('given batches in hand, when the consumer stops, then they finish and their offsets are committed first', async () => {
  const groupId = `e2e.prefetch-stop.${randomUUID().slice(0, 8)}`;
  await commitGroupOffsets(kafka, groupId, [topic]);
  const run = randomUUID().slice(0, 8);
  const decisionId = randomUUID();
  let started = 0;
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    started++;
    await new Promise((r) => setTimeout(r, 1_000)); // a slow handler: the stop comes while it works
    await manager.query('INSERT INTO handled_in_order (case_id) VALUES ($1)', [(event.payload as ConditionBreachedV1).caseId]);
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
    groupId,
    topics: [topic],
    handle,
    logger: { log: () => undefined, error: () => undefined },
  });
  await consumer.start();
  const [sent] = await producer.send({
    topic,
    acks: -1,
    messages: [{ key: decisionId, value: JSON.stringify(breach(`stop-${run}`, decisionId)) }],
  });
  await until('the handler to start', () => started > 0);
  await consumer.stop();

  // At once when stop() returns, before the producer or anything else is closed:
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM handled_in_order WHERE case_id = $1`, [`stop-${run}`]);
  const admin = kafka.admin();
  await admin.connect();
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  await producer.disconnect();
  expect(n).toBe(1);
  // Committed past it: the event handled during the stop is not delivered again.
  const offset = committed.partitions.find((p) => p.partition === sent.partition)?.offset;
  expect(BigInt(offset ?? -1)).toBe(BigInt(sent.baseOffset ?? '') + 1n);
}, 60_000);
