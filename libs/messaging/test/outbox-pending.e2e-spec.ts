import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicWatcher, brokers, eventually } from '@vf/testing';
import {
  OutboxNotifyTrigger1732000000600,
  OutboxPending1732000000700,
  OutboxRelay,
  READ_PENDING,
  addToOutbox,
  collectingOutbox,
  createKafka,
  createOutboxTables,
  createProducer,
  ensureTopics,
} from '@vf/messaging';
import { breach, dropConsumerDatabase, freshConsumerDatabase, pgBase } from './consumer-fixture';

// The outbox is insert-only; what the relay has still to publish is in outbox_pending, filled by the
// outbox's own trigger. On a real database and a real broker.

const DB = 'vf_e2e_outbox_pending';
const MIGRATED = 'vf_e2e_outbox_pending_migration';
const PLANS = 'vf_e2e_outbox_pending_plans';
const topic = TOPICS.conditionBreachedV1;
const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-outbox-pending' });
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
  await ensureTopics(kafka);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

const pending = async (ds: DataSource): Promise<string[]> =>
  (await ds.query(`SELECT seq::text AS seq FROM outbox_pending ORDER BY outbox_pending.seq`)).map((r: { seq: string }) => r.seq);

/** Writes the events in one transaction, one insert for all (as a consumer's batch does); returns their seqs. */
async function write(ds: DataSource, events: EventEnvelope<ConditionBreachedV1>[]): Promise<string[]> {
  await ds.transaction((manager) =>
    collectingOutbox(manager, async () => {
      for (const e of events) await addToOutbox(manager, topic, e.payload.decisionId, e);
    }),
  );
  const rows: Array<{ seq: string }> = await ds.query(`SELECT seq::text FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY seq`, [
    events.map((e) => e.eventId),
  ]);
  return rows.map((r) => r.seq);
}

it('given an outbox with published and unpublished rows, when migrated up and down, then only the unpublished are pending', async () => {
  const ds = await freshConsumerDatabaseBeforePending(MIGRATED);
  try {
    const insert = (publishedAt: string | null) =>
      ds.query(
        `INSERT INTO outbox (event_id, topic, message_key, value, published_at) VALUES ($1, $2, 'k', '{}', $3) RETURNING seq::text`,
        [randomUUID(), topic, publishedAt],
      );
    const [[published], [waiting], [alsoWaiting]] = [await insert('2026-11-20T10:00:00Z'), await insert(null), await insert(null)];

    await ds.transaction((manager) => new OutboxPending1732000000700().up(manager.queryRunner!));
    expect(await pending(ds)).toEqual([waiting.seq, alsoWaiting.seq]);
    const columns = await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'outbox'`);
    expect(columns.map((c: { column_name: string }) => c.column_name)).not.toContain('published_at');

    // From now on the trigger queues what is written, and only what is written: an event id already there adds nothing.
    const event = breach('K-new', randomUUID());
    const [written] = await write(ds, [event]);
    await write(ds, [event]);
    expect(await pending(ds)).toEqual([waiting.seq, alsoWaiting.seq, written]);

    await ds.transaction((manager) => new OutboxPending1732000000700().down(manager.queryRunner!));
    const unpublished = await ds.query(`SELECT seq::text FROM outbox WHERE published_at IS NULL ORDER BY seq`);
    expect(unpublished.map((r: { seq: string }) => r.seq)).toEqual([waiting.seq, alsoWaiting.seq, written]);
    expect((await ds.query(`SELECT published_at FROM outbox WHERE seq = $1`, [published.seq]))[0].published_at).not.toBeNull();
    expect((await ds.query(`SELECT to_regclass('outbox_pending') AS t`))[0].t).toBeNull();
  } finally {
    await dropConsumerDatabase(ds, MIGRATED);
  }
}, 60_000);

const relayOn = (producer: ReturnType<typeof createProducer>, pollIntervalMs = 60_000, lines: string[] = []) =>
  new OutboxRelay(producer, {
    databaseUrl: `${pgBase()}/${DB}`,
    logger: { log: (m) => lines.push(m), error: (m) => lines.push(m) },
    pollIntervalMs,
  });

it('given pending events, when the relay publishes, then Kafka has them in order and nothing stays pending; a failed send leaves them', async () => {
  const run = randomUUID().slice(0, 8);
  const decisionId = randomUUID(); // one key, one partition: the order on Kafka is the relay's order
  const events = Array.from({ length: 5 }, (_, i) => breach(`P-${run}-${i}`, decisionId));
  const watcher = await new TopicWatcher<EventEnvelope<ConditionBreachedV1>>(topic).start();
  const ours = () => watcher.matching((e) => e.payload.caseId?.startsWith(`P-${run}-`)).map((s) => s.value.payload.caseId);

  const producer = createProducer(kafka);
  await producer.connect();
  // A relay whose producer is not connected leads first: its sends fail.
  const failing = relayOn(createProducer(kafka));
  await failing.start();
  const relay = relayOn(producer);
  try {
    expect(failing.isLeading).toBe(true);
    const seqs = await write(dataSource, events.slice(0, 3));
    seqs.push(...(await write(dataSource, events.slice(3))));
    // A pending seq whose outbox row is gone (deleted by hand) is taken and dropped.
    await dataSource.query(`INSERT INTO outbox_pending (seq) VALUES (9000000000000)`);
    await expect(failing.publishBatch()).rejects.toThrow();
    expect(await pending(dataSource)).toEqual([...seqs, '9000000000000']);
    await failing.stop();
    expect(await pending(dataSource)).toEqual([...seqs, '9000000000000']);

    // The next relay takes the lead as it starts (the first one's connection, and lock, are gone), and drains.
    await relay.start();
    expect(relay.isLeading).toBe(true);
    await eventually(async () => (await pending(dataSource)).length === 0, 10_000, 'the queue drained');
    expect(await relay.publishBatch()).toBe(0);

    await watcher.waitFor((e) => e.payload.caseId === `P-${run}-4`);
    expect(ours()).toEqual(events.map((e) => e.payload.caseId));
  } finally {
    await relay.stop();
    await producer.disconnect();
    await watcher.stop();
  }
}, 60_000);

it('given two relays on one database, then one leads; another or the same takes over when it stops or loses its connection', async () => {
  const run = randomUUID().slice(0, 8);
  const watcher = await new TopicWatcher<EventEnvelope<ConditionBreachedV1>>(topic).start();
  const ours = () => watcher.matching((e) => e.payload.caseId?.startsWith(`L-${run}-`)).map((s) => s.value.payload.caseId);
  const producers = [createProducer(kafka), createProducer(kafka)];
  await Promise.all(producers.map((p) => p.connect()));
  const lines: string[][] = [[], []];
  const relays = producers.map((p, i) => relayOn(p, 200, lines[i]));
  let written = 0;
  /** Writes three events and waits until Kafka has them; every event of the run so far exactly once, in order. */
  const publishesOnce = async () => {
    const events = Array.from({ length: 3 }, () => breach(`L-${run}-${written++}`, randomUUID()));
    await write(dataSource, events);
    await eventually(async () => ours().length >= written, 10_000, 'Kafka has them');
    await eventually(async () => (await pending(dataSource)).length === 0, 10_000, 'the queue drained');
    expect([...ours()].sort()).toEqual(Array.from({ length: written }, (_, i) => `L-${run}-${i}`).sort());
  };
  const leaders = () => relays.filter((r) => r.isLeading);
  try {
    await Promise.all(relays.map((r) => r.start()));
    expect(leaders()).toHaveLength(1);
    await publishesOnce();

    // The leader stops: the other takes the lead at its next poll.
    const [first] = leaders();
    const other = relays.find((r) => r !== first)!;
    await first.stop();
    await eventually(async () => other.isLeading, 5_000, 'the other relay leads');
    await publishesOnce();

    // The leader's connection is killed: the lock goes with it, and the relay connects again and leads.
    await dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    const said = lines[relays.indexOf(other)];
    const before = said.length;
    await eventually(async () => said.slice(before).some((l) => l.includes('connection lost')), 5_000, 'the relay saw its connection go');
    await eventually(async () => said.slice(before).some((l) => l.includes('publishes the outbox')), 5_000, 'the relay leads again');
    expect(other.isLeading).toBe(true);
    await publishesOnce();
    expect(leaders()).toEqual([other]);
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(producers.map((p) => p.disconnect()));
    await watcher.stop();
  }
}, 60_000);

it('given a started relay, when it is woken several times at one moment, then it drains once, at once', async () => {
  const relay = relayOn(createProducer(kafka));
  const batches = jest.spyOn(relay, 'publishBatch');
  await relay.start();
  try {
    // start() woke it once; that drain took nothing (the queue is empty) and ended.
    await eventually(async () => batches.mock.calls.length === 1, 10_000, 'the first drain');
    await Promise.all(batches.mock.results.map((r) => r.value));
    batches.mockClear();

    // Timers stand still meanwhile: a drain that waited for one (a linger) would not start at all.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'Date', 'performance'] });
    try {
      for (let i = 0; i < 5; i++) relay.wake();
      expect(batches).not.toHaveBeenCalled(); // not synchronously: the wakes of this moment join one drain
      await new Promise((r) => setImmediate(r));
    } finally {
      jest.useRealTimers();
    }
    expect(batches).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toHaveBeenCalledTimes(1);
  } finally {
    await relay.stop();
  }
}, 60_000);

it('given statistics of an empty queue, when 3,000 are pending, then a read holds the batch size, oldest first, reads the queue once', async () => {
  const ds = await freshConsumerDatabase(PLANS);
  const client = new Client({ connectionString: `${pgBase()}/${PLANS}` });
  await client.connect();
  try {
    // 3,000 events written and published (taken off the queue), then ANALYZE: the usual state of a queue.
    await ds.query(
      `INSERT INTO outbox (event_id, topic, message_key, value) SELECT gen_random_uuid(), $1, 'k', '{}' FROM generate_series(1, 3000)`,
      [topic],
    );
    await ds.query(`DELETE FROM outbox_pending`);
    await ds.query(`ANALYZE outbox_pending, outbox`);
    await ds.query(`INSERT INTO outbox_pending (seq) SELECT seq FROM outbox`);
    const all: string[] = await pending(ds);

    await client.query('BEGIN');
    const { rows } = await client.query(READ_PENDING, [300]);
    const { rows: read } = await client.query(
      `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_xact_user_tables
       WHERE relname IN ('outbox_pending', 'outbox')`,
    );
    await client.query('ROLLBACK');
    expect(rows.map((r: { seq: string }) => String(r.seq))).toEqual(all.slice(0, 300));
    expect(rows.every((r: { topic: string | null }) => r.topic === topic)).toBe(true);
    const readOf = (table: string) => Number(read.find((r: { relname: string }) => r.relname === table)?.n ?? 0);
    // The queue read at most once (a small queue may be scanned rather than looked up), and the outbox
    // only for the batch's rows, by key. The eleventh round's first statement ran its locking subquery
    // again for each pending row: millions.
    expect(readOf('outbox_pending')).toBeLessThanOrEqual(3000 + 2 * 300);
    expect(readOf('outbox')).toBeLessThanOrEqual(300);
  } finally {
    await client.end();
    await dropConsumerDatabase(ds, PLANS);
  }
}, 60_000);

/** A database with the outbox as it was before OutboxPending1732000000700. */
async function freshConsumerDatabaseBeforePending(db: string): Promise<DataSource> {
  const ds = await freshConsumerDatabase(db);
  await ds.query(`DROP TRIGGER outbox_written ON outbox`);
  await ds.query(`DROP TABLE outbox, processed_event, outbox_pending`);
  await ds.query(`DROP FUNCTION outbox_notify()`);
  const runner = ds.createQueryRunner();
  try {
    await createOutboxTables(runner);
    await new OutboxNotifyTrigger1732000000600().up(runner);
  } finally {
    await runner.release();
  }
  return ds;
}
