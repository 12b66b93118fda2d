import { EntityManager, QueryRunner } from 'typeorm';
import { EventActor, EventEnvelope, EventTopic, PayloadByTopic, Producer, envelope } from '@vf/contracts';
import { currentCorrelationId } from '@vf/platform';

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

/**
 * Adds an event to the outbox inside the caller's transaction. Commit wakes the relay: the outbox's
 * trigger sends the NOTIFY (OutboxNotifyTrigger1732000000600).
 */
export async function addToOutbox(manager: EntityManager, topic: EventTopic, key: string, event: EventEnvelope): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('addToOutbox must run inside a transaction');
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, value) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
    [event.eventId, topic, key, JSON.stringify(event)],
  );
}

/**
 * Appends many events, each enveloped with its own cause, to the outbox of the caller's transaction in
 * one statement: for set-based jobs that change many records at once.
 */
export async function appendManyToOutbox(
  manager: EntityManager,
  producer: Producer,
  events: Array<{ cause: Cause; event: { topic: EventTopic; key: string; payload: PayloadByTopic[EventTopic]; eventId: string } }>,
): Promise<void> {
  if (events.length === 0) return;
  if (!manager.queryRunner?.isTransactionActive) throw new Error('appendManyToOutbox must run inside a transaction');
  const rows = events.map(({ cause, event }) => ({
    event_id: event.eventId,
    topic: event.topic,
    message_key: event.key,
    value: envelope(event.topic, event.payload, {
      eventId: event.eventId,
      occurredAt: cause.now.toISOString(),
      causationId: cause.causationId,
      correlationId: cause.correlationId,
      producer,
      actor: cause.actor,
    }),
  }));
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, value)
     SELECT event_id, topic, message_key, value FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, topic text, message_key text, value jsonb)
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify(rows)],
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
  return addToOutbox(
    manager,
    event.topic,
    event.key,
    envelope(event.topic, event.payload, {
      eventId: event.eventId,
      occurredAt: cause.now.toISOString(),
      causationId: cause.causationId,
      correlationId: cause.correlationId,
      producer,
      actor: cause.actor,
    }),
  );
}
