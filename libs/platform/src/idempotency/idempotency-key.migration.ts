import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of each service, kept in its own database so a key commits with the change it
 * answered for. `response` is the answer as sent (JSON text, so a replay is byte for byte the same).
 */
export class IdempotencyKeys1732000000510 implements MigrationInterface {
  name = 'IdempotencyKeys1732000000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        caller text NOT NULL,
        key text NOT NULL,
        fingerprint char(64) NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        status smallint NOT NULL,
        response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
