import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, dropOutboxTables } from '@vf/messaging';

export class CreatePayout1732000000002 implements MigrationInterface {
  name = 'CreatePayout1732000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment (
        id          uuid PRIMARY KEY,
        decision_id uuid NOT NULL,
        case_id     text NOT NULL,
        ref         text NOT NULL,
        purpose     text NOT NULL,
        amount_ore  bigint NOT NULL CHECK (amount_ore > 0),
        due_date    date NOT NULL,
        payee       jsonb NOT NULL,
        status      text NOT NULL CHECK (status IN ('HELD', 'RELEASED')),
        gates       jsonb NOT NULL,
        released_at timestamptz,
        CHECK ((status = 'RELEASED') = (released_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX payment_decision ON payment (decision_id)`);
    await q.query(`
      CREATE TABLE gate_condition (
        condition_id uuid PRIMARY KEY,
        decision_id  uuid NOT NULL,
        ref          text,
        text         text,
        deadline     date,
        met_at       timestamptz
      )`);
    await q.query(`CREATE INDEX gate_condition_decision ON gate_condition (decision_id)`);
    await createOutboxTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTables(q);
    await q.query(`DROP TABLE gate_condition`);
    await q.query(`DROP TABLE payment`);
  }
}
