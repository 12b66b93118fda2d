import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { brokers, commitGroupOffsets } from '@vf/testing';
import { IdempotentConsumer, createKafka, createProducer, ensureTopics } from '@vf/messaging';
import { breach, committedToEnd, dropConsumerDatabase, eachEvent, freshConsumerDatabase } from './consumer-fixture';

// Events every handler passes over (payout: a condition-progress snapshot its condition-fulfilled event
// carries too), on a real broker and a real database: not recorded, no transaction of their own, their
// neighbours handled as before, and the offsets committed past them, also for a batch of only such events.

const DB = 'vf_e2e_passed_over';
const topic = TOPICS.conditionBreachedV1;
const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-passed-over' });
const groupId = `e2e.passed.${randomUUID().slice(0, 8)}`;
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
  await ensureTopics(kafka);
  await commitGroupOffsets(kafka, groupId, [topic]);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

const caseOf = (event: EventEnvelope) => (event.payload as ConditionBreachedV1).caseId;

it('leaves passed-over events unrecorded and commits past them, between handled ones and in a batch of their own', async () => {
  const run = randomUUID().slice(0, 8);
  const decisionId = randomUUID(); // one key: one partition, in order
  // 30 events: every third is handled, the rest are passed over.
  const mixed = Array.from({ length: 30 }, (_, i) => breach(i % 3 === 0 ? `H-${run}-${i}` : `P-${run}-${i}`, decisionId));
  const passed: string[] = [];
  let handledCalls = 0;
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    handledCalls += 1;
    await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, caseOf(event)]);
  });
  const passesOver = (_t: string, event: EventEnvelope) => {
    const pass = caseOf(event).startsWith('P-');
    if (pass) passed.push(caseOf(event));
    return pass;
  };
  const logger = { log: () => undefined, error: () => undefined };
  const producer = createProducer(kafka);
  await producer.connect();
  const consumer = new IdempotentConsumer(kafka, dataSource, producer, { groupId, topics: [topic], handle, passesOver, logger });
  await consumer.start();
  const settled = async (what: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 30_000; !(await what());) {
      if (Date.now() > deadline) throw new Error('not settled');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    const sent = await producer.send({ topic, acks: -1, messages: mixed.map((e) => ({ key: decisionId, value: JSON.stringify(e) })) });
    await settled(() => committedToEnd(kafka, groupId, topic, sent));
    const rows: Array<{ case_id: string }> = await dataSource.query(`SELECT case_id FROM handled WHERE case_id LIKE $1 ORDER BY case_id`, [
      `%-${run}-%`,
    ]);
    const wanted = mixed.map(caseOf).filter((c) => c.startsWith('H-'));
    expect(rows.map((r) => r.case_id)).toEqual([...wanted].sort());
    const recorded: Array<{ event_id: string }> = await dataSource.query(`SELECT event_id FROM processed_event WHERE consumer_group = $1`, [
      groupId,
    ]);
    expect(recorded.map((r) => r.event_id).sort()).toEqual(
      mixed
        .filter((e) => caseOf(e).startsWith('H-'))
        .map((e) => e.eventId)
        .sort(),
    );
    expect(passed.sort()).toEqual(
      mixed
        .map(caseOf)
        .filter((c) => c.startsWith('P-'))
        .sort(),
    );

    // A batch of passed-over events only: committed to the end, nothing handled, nothing recorded.
    const before = handledCalls;
    const only = Array.from({ length: 10 }, (_, i) => breach(`P-${run}-only-${i}`, decisionId));
    const again = await producer.send({ topic, acks: -1, messages: only.map((e) => ({ key: decisionId, value: JSON.stringify(e) })) });
    await settled(() => committedToEnd(kafka, groupId, topic, again));
    expect(handledCalls).toBe(before);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM processed_event WHERE consumer_group = $1`, [groupId]);
    expect(n).toBe(10);
    expect(passed.filter((c) => c.includes('-only-'))).toHaveLength(10);
  } finally {
    await consumer.stop();
    await producer.disconnect();
  }
}, 60_000);
