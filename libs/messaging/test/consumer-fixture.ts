import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { Kafka } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS, envelope } from '@vf/contracts';
import { OutboxNotifyTrigger1732000000600, OutboxPending1732000000700, createOutboxTables } from '@vf/messaging';

// What the consumer specs share: a database of their own with the outbox tables and a `handled`
// table the test handlers write to, and a condition-breached event to send.

export const pgBase = () => process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

async function admin(sql: string) {
  const c = new Client({ connectionString: `${pgBase()}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Drops and creates `db`, with the outbox tables and `handled (event_id, case_id)`. */
export async function freshConsumerDatabase(db: string): Promise<DataSource> {
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${db}`);
  const dataSource = await new DataSource({ type: 'postgres', url: `${pgBase()}/${db}` }).initialize();
  const runner = dataSource.createQueryRunner();
  await createOutboxTables(runner);
  await new OutboxNotifyTrigger1732000000600().up(runner);
  await new OutboxPending1732000000700().up(runner);
  await runner.query(`CREATE TABLE handled (event_id uuid NOT NULL, case_id text NOT NULL)`);
  await runner.release();
  return dataSource;
}

export async function dropConsumerDatabase(dataSource: DataSource | undefined, db: string): Promise<void> {
  await dataSource?.destroy();
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
}

/** A condition-breached event of a case and decision (the decision is the Kafka key). */
export const breach = (caseId: string, decisionId: string): EventEnvelope<ConditionBreachedV1> =>
  envelope(
    TOPICS.conditionBreachedV1,
    {
      conditionId: randomUUID(),
      decisionId,
      caseId,
      office: '0301',
      summary: 'deadline passed',
      deadline: '2026-11-30',
      breachedAt: '2026-12-01T00:00:00.000Z',
    },
    {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      causationId: null,
      correlationId: randomUUID(),
      producer: 'follow-up',
      actor: null,
    },
  );

/** The consumer's handler from one that takes one event at a time, as the specs' handlers do. */
export const eachEvent =
  (handle: (topic: string, event: EventEnvelope, manager: EntityManager) => Promise<void>) =>
  async (topic: string, events: EventEnvelope[], manager: EntityManager) => {
    for (const event of events) await handle(topic, event, manager);
  };

/** Whether the group's committed offset of the partition the messages went to is that partition's end. */
export async function committedToEnd(kafka: Kafka, groupId: string, topic: string, sent: Array<{ partition: number }>): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const partition = sent[0].partition;
    return committed.partitions.find((p) => p.partition === partition)!.offset === ends.find((e) => e.partition === partition)!.high;
  } finally {
    await admin.disconnect();
  }
}
