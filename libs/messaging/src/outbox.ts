import { EntityManager, QueryRunner } from 'typeorm';
import { EventActor, EventEnvelope, EventTopic, PayloadByTopic, Producer, envelope } from '@vf/contracts';
import { currentCorrelationId, preparedQuery } from '@vf/platform';

/**
 * The outbox: an event is written in the same database transaction as the state change that
 * causes it, and published afterwards by the OutboxRelay. `event_id` is unique, so writing an
 * event with a deterministic id twice stores it once.
 */
export async function createOutboxTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      seq          bigserial PRIMARY KEY,
      event_id     uuid NOT NULL UNIQUE,
      topic        text NOT NULL,
      message_key  text,
      value        jsonb NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
  await queryRunner.query(`
    CREATE TABLE processed_event (
      consumer_group text NOT NULL,
      event_id       uuid NOT NULL,
      topic          text NOT NULL,
      processed_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    )`);
}

export async function dropOutboxTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE processed_event`);
  await queryRunner.query(`DROP TABLE outbox`);
}

/** Postgres NOTIFY channel the relay listens on; one per service database. */
export const OUTBOX_CHANNEL = 'outbox_written';

type OutboxRow = { eventId: string; topic: EventTopic; key: string; value: EventEnvelope };

/** The events appended to a transaction while it collects them (`collectingOutbox`), by event id, in append order. */
const collected = new WeakMap<QueryRunner, Map<string, OutboxRow>>();

function transactionOf(manager: EntityManager, who: string): QueryRunner {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`${who} must run inside a transaction`);
  return runner;
}

/**
 * Writes outbox rows in one statement, in the order given (so `seq`, the relay's order, follows it).
 * An event id already stored, or given twice, is stored once: the first counts.
 */
async function insertOutboxRows(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length === 1) {
    const [r] = rows;
    await preparedQuery(
      manager,
      `INSERT INTO outbox (event_id, topic, message_key, value) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
      [r.eventId, r.topic, r.key, JSON.stringify(r.value)],
    );
    return;
  }
  // The values as one JSON array, not a jsonb[]: pg would escape every quote of every event into an
  // array literal, and PostgreSQL unescape it again, before either reads the JSON (about 3% of a service's CPU).
  await preparedQuery(
    manager,
    `INSERT INTO outbox (event_id, topic, message_key, value)
     SELECT r.event_id, r.topic, r.message_key, v.value
     FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS r(event_id, topic, message_key, ord)
     JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS v(value, ord) ON v.ord = r.ord
     ORDER BY r.ord
     ON CONFLICT (event_id) DO NOTHING`,
    [rows.map((r) => r.eventId), rows.map((r) => r.topic), rows.map((r) => r.key), JSON.stringify(rows.map((r) => r.value))],
  );
}

async function append(manager: EntityManager, rows: OutboxRow[], who: string): Promise<void> {
  const pending = collected.get(transactionOf(manager, who));
  if (!pending) return insertOutboxRows(manager, rows);
  for (const r of rows) if (!pending.has(r.eventId)) pending.set(r.eventId, r);
}

/**
 * Runs `work` with the transaction's outbox appends collected, and writes them in one statement when
 * it has finished, still inside the transaction: a consumer's batch of many events pays one insert,
 * not one per event. If `work` fails, nothing is written (and its transaction rolls back). Inside an
 * outer collection, the outer one writes them.
 */
export async function collectingOutbox<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  const runner = transactionOf(manager, 'collectingOutbox');
  if (collected.has(runner)) return work();
  const pending = new Map<string, OutboxRow>();
  collected.set(runner, pending);
  try {
    const result = await work();
    await insertOutboxRows(manager, [...pending.values()]);
    return result;
  } finally {
    collected.delete(runner);
  }
}

/**
 * Adds an event to the outbox inside the caller's transaction. The outbox's trigger queues it in
 * `outbox_pending` and sends the NOTIFY that wakes the relay at commit (OutboxPending1732000000700).
 */
export function addToOutbox(manager: EntityManager, topic: EventTopic, key: string, event: EventEnvelope): Promise<void> {
  return append(manager, [{ eventId: event.eventId, topic, key, value: event }], 'addToOutbox');
}

type Outgoing = { topic: EventTopic; key: string; payload: PayloadByTopic[EventTopic]; eventId: string };

const enveloped = (producer: Producer, cause: Cause, event: Outgoing): OutboxRow => ({
  eventId: event.eventId,
  topic: event.topic,
  key: event.key,
  value: envelope(event.topic, event.payload, {
    eventId: event.eventId,
    occurredAt: cause.now.toISOString(),
    causationId: cause.causationId,
    correlationId: cause.correlationId,
    producer,
    actor: cause.actor,
  }),
});

/**
 * Appends many events, each enveloped with its own cause, to the outbox of the caller's transaction in
 * one statement, in the order given: for changes that publish several events, and set-based jobs.
 */
export function appendManyToOutbox(
  manager: EntityManager,
  producer: Producer,
  events: Array<{ cause: Cause; event: Outgoing }>,
): Promise<void> {
  return append(
    manager,
    events.map(({ cause, event }) => enveloped(producer, cause, event)),
    'appendManyToOutbox',
  );
}

/**
 * What caused a change, carried into every event it publishes: the request or event it came from
 * (causationId), the chain it belongs to (correlationId), who acted (null: the service on its own),
 * and the time it is handled.
 */
export interface Cause {
  causationId: string;
  correlationId: string;
  now: Date;
  actor: EventActor | null;
}

/**
 * The cause of what a request (or a job run) changes. Its chain is the request's correlation id
 * (X-Correlation-ID, or the one made for it; a job run makes one per run), else it starts its own.
 */
export const causeOfRequest = (requestId: string, now: Date, actor: EventActor | null): Cause => ({
  causationId: requestId,
  correlationId: currentCorrelationId() ?? requestId,
  now,
  actor: actor ? { ident: actor.ident, role: actor.role } : null,
});

/** The cause of what a consumed event changes: the event, in the chain it belongs to. */
export const causeOfEvent = (event: EventEnvelope, now = new Date()): Cause => ({
  causationId: event.eventId,
  correlationId: event.correlationId,
  now,
  actor: event.actor,
});

/** Appends one event, enveloped with its cause, to the outbox of the caller's transaction. */
export function appendToOutbox<K extends EventTopic>(
  manager: EntityManager,
  producer: Producer,
  cause: Cause,
  event: { topic: K; key: string; payload: PayloadByTopic[K]; eventId: string },
): Promise<void> {
  return append(manager, [enveloped(producer, cause, event)], 'appendToOutbox');
}
