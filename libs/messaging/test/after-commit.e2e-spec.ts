import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { brokers, commitGroupOffsets } from '@vf/testing';
import { IdempotentConsumer, createKafka, createProducer, ensureTopics } from '@vf/messaging';
import { RuleViolation } from '@vf/rules';
import { breach, committedToEnd, dropConsumerDatabase, eachEvent, freshConsumerDatabase } from './consumer-fixture';

// A topic's afterCommit work (payout: the recipient's document after a release), on a real broker and
// a real database: in a transaction of its own that begins once the batch's has committed, on every
// event taken and no refused one, before the offset; and when it fails (a crash between the two), the
// batch comes again, the handlers skip what they did and the work runs once more, on the same events.

const DB = `vf_e2e_after_commit${process.env.E2E_DB_TAG ? `_${process.env.E2E_DB_TAG.replace(/[^a-z0-9_]/g, '')}` : ''}`;
const topic = TOPICS.conditionBreachedV1;
const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-after-commit' });
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
  await ensureTopics(kafka);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

const caseOf = (event: EventEnvelope) => (event.payload as ConditionBreachedV1).caseId;
const logger = { log: () => undefined, error: () => undefined };

async function settled(what: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 30_000; !(await what());) {
    if (Date.now() > deadline) throw new Error('not settled');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many rows each case has in `handled`, for the cases of this run. */
async function countsOf(run: string): Promise<Record<string, number>> {
  const rows: Array<{ case_id: string; n: number }> = await dataSource.query(
    `SELECT case_id, count(*)::int AS n FROM handled WHERE case_id LIKE $1 GROUP BY case_id`,
    [`%${run}%`],
  );
  return Object.fromEntries(rows.map((r) => [r.case_id, r.n]));
}

/** Runs a consumer of its own group over the events (one key: one partition, in order) until its offset is at the end. */
async function consume(
  run: string,
  events: EventEnvelope[],
  handle: (topic: string, event: EventEnvelope, manager: EntityManager) => Promise<void>,
  afterCommit: (events: EventEnvelope[], manager: EntityManager) => Promise<void>,
): Promise<void> {
  const groupId = `e2e.after.${run}`;
  await commitGroupOffsets(kafka, groupId, [topic]);
  const producer = createProducer(kafka);
  await producer.connect();
  const consumer = new IdempotentConsumer(kafka, dataSource, producer, {
    groupId,
    topics: [topic],
    handle: eachEvent(handle),
    afterCommit: () => afterCommit,
    logger,
  });
  await consumer.start();
  try {
    const key = randomUUID();
    const sent = await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key, value: JSON.stringify(e) })) });
    await settled(() => committedToEnd(kafka, groupId, topic, sent));
  } finally {
    await consumer.stop();
    await producer.disconnect();
  }
}

it('runs the work once the batch has committed, in a transaction of its own, on every event taken but none refused', async () => {
  const run = randomUUID().slice(0, 8);
  const events = Array.from({ length: 20 }, (_, i) => breach(i === 7 ? `R-${run}` : `H-${run}-${i}`, randomUUID()));
  const seenCommitted: number[] = [];
  const given: string[] = [];
  await consume(
    run,
    events,
    async (_t, event, manager) => {
      if (caseOf(event) === `R-${run}`) throw RuleViolation.invalid('caseId', 'refused by a rule, for this test');
      await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, caseOf(event)]);
    },
    async (batch, manager) => {
      given.push(...batch.map(caseOf));
      // Read outside the work's own transaction: the handlers' rows of these events are committed already.
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM handled WHERE event_id = ANY($1::uuid[])`, [
        batch.map((e) => e.eventId),
      ]);
      seenCommitted.push(n - batch.length);
      for (const e of batch)
        await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [e.eventId, `after:${caseOf(e)}`]);
    },
  );
  const taken = events.map(caseOf).filter((c) => c !== `R-${run}`);
  expect(given.sort()).toEqual([...taken].sort());
  expect(seenCommitted.every((missing) => missing === 0)).toBe(true);
  const counts = await countsOf(run);
  expect(counts).toEqual(Object.fromEntries(taken.flatMap((c) => [[c, 1] as const, [`after:${c}`, 1] as const])));
}, 60_000);

it('after a failure between the two transactions, handles nothing twice and runs the work again on the same events', async () => {
  const run = randomUUID().slice(0, 8);
  const events = Array.from({ length: 10 }, (_, i) => breach(`H-${run}-${i}`, randomUUID()));
  let handledCalls = 0;
  const attempts: string[][] = [];
  await consume(
    run,
    events,
    async (_t, event, manager) => {
      handledCalls += 1;
      await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, caseOf(event)]);
    },
    async (batch, manager) => {
      attempts.push(batch.map(caseOf));
      for (const e of batch)
        await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [e.eventId, `after:${caseOf(e)}`]);
      if (attempts.length === 1) throw new Error('the process died here, for this test');
    },
  );
  expect(handledCalls).toBe(events.length);
  expect(attempts.length).toBeGreaterThanOrEqual(2);
  // The batch came again: the failed attempt's events are all in the later ones, though the handlers had them already.
  expect(attempts.slice(1).flat()).toEqual(expect.arrayContaining(attempts[0]));
  const counts = await countsOf(run);
  expect(counts).toEqual(Object.fromEntries(events.map(caseOf).flatMap((c) => [[c, 1] as const, [`after:${c}`, 1] as const])));
}, 60_000);
