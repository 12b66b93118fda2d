import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL } from './outbox';

/**
 * Wakes the outbox relay from the database itself: a statement-level trigger on the outbox sends
 * the NOTIFY, so a handler that writes an event pays one statement, not two (a `SELECT pg_notify`
 * after each insert was a round trip per event). PostgreSQL delivers a transaction's notifications
 * at commit and folds identical ones into one.
 */
export class OutboxNotifyTrigger1732000000600 implements MigrationInterface {
  name = 'OutboxNotifyTrigger1732000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_written AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_written ON outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }
}
