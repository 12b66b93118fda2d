import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { brokers, commitGroupOffsets } from '@vf/testing';
import { IdempotentConsumer, createKafka, createProducer, ensureTopics } from '@vf/messaging';
import { breach, dropConsumerDatabase, eachEvent, freshConsumerDatabase } from './consumer-fixture';

// Found by the chaos run (npm run chaos): after a pause longer than the session timeout (a loaded
// machine, a broker restart), the group has moved on without the consumer and its offset commit is
// refused ("the coordinator is not aware of this member"). With the commit through
// consumer.commitOffsets, kafkajs then stopped the consumer for good (it restarts only after errors it
// calls retriable) and the service ran on, answering HTTP, reading nothing. The commit now goes through
// the batch's commitOffsetsIfNecessary, after which kafkajs re-joins by itself; IdempotentConsumer also
// replaces any consumer kafkajs gives up. Either way: the consumer must come back by itself, and the
// event it handled before the refused commit must not be handled twice.

const DB = `vf_e2e_consumer_crash${process.env.E2E_DB_TAG ? `_${process.env.E2E_DB_TAG.replace(/[^a-z0-9_]/g, '')}` : ''}`;
const topic = TOPICS.conditionBreachedV1;
const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-consumer-crash' });
const groupId = `e2e.crash.${randomUUID().slice(0, 8)}`;
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
  await ensureTopics(kafka);
  await commitGroupOffsets(kafka, groupId, [topic]);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('comes back by itself after the group dropped it during a long pause, and handles nothing twice', async () => {
  const run = randomUUID().slice(0, 8);
  const decisionId = randomUUID();
  let paused = false;
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    const caseId = (event.payload as ConditionBreachedV1).caseId;
    await manager.query('INSERT INTO handled (event_id, case_id) VALUES ($1, $2)', [event.eventId, caseId]);
    if (caseId === `SLOW-${run}` && !paused) {
      paused = true;
      await sleep(14_000); // longer than the session timeout (10 s), with no heartbeat: the group drops this member
    }
  });
  const errors: string[] = [];
  const logger = { log: () => undefined, error: (m: string) => void errors.push(m) };
  const producer = createProducer(kafka);
  await producer.connect();
  const consumer = new IdempotentConsumer(kafka, dataSource, producer, { groupId, topics: [topic], handle, logger });
  await consumer.start();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: decisionId, value: JSON.stringify(breach(`SLOW-${run}`, decisionId)) }] });
    while (!paused) await sleep(50);
    await sleep(15_000); // the slow batch is done, and its commit refused
    await producer.send({ topic, acks: -1, messages: [{ key: decisionId, value: JSON.stringify(breach(`LATER-${run}`, decisionId)) }] });

    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows: Array<{ case_id: string }> = await dataSource.query(`SELECT case_id FROM handled WHERE case_id = $1`, [`LATER-${run}`]);
      if (rows.length > 0) break;
      if (Date.now() > deadline) throw new Error(`the consumer did not come back; logged: ${errors.join(' | ')}`);
      await sleep(100);
    }
    const counts: Array<{ case_id: string; times: number }> = await dataSource.query(
      `SELECT case_id, count(*)::int AS times FROM handled GROUP BY case_id ORDER BY case_id`,
    );
    expect(counts).toEqual([
      { case_id: `LATER-${run}`, times: 1 },
      { case_id: `SLOW-${run}`, times: 1 },
    ]);
  } finally {
    await consumer.stop();
    await producer.disconnect();
  }
}, 90_000);
