import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, dropOutboxTables } from '@vf/messaging';

export class CreateFollowUp1732000000001 implements MigrationInterface {
  name = 'CreateFollowUp1732000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE condition (
        id                uuid PRIMARY KEY,
        decision_id       uuid NOT NULL,
        case_id           text NOT NULL,
        office            text NOT NULL,
        ref               text NOT NULL,
        text              text NOT NULL,
        deadline          date NOT NULL,
        requirement       jsonb NOT NULL,
        gates_payment_ids jsonb NOT NULL,
        status            text NOT NULL CHECK (status IN ('OPEN', 'FULFILLED')),
        fulfilled_at      timestamptz,
        fulfilled_by      text CHECK (fulfilled_by IN ('EVIDENCE', 'VEILEDER_JUDGEMENT')),
        judgement         jsonb
      )`);
    await q.query(`CREATE INDEX condition_case ON condition (case_id)`);
    await q.query(`
      CREATE TABLE evidence (
        id            uuid PRIMARY KEY,
        seq           bigserial UNIQUE,
        condition_id  uuid NOT NULL REFERENCES condition (id),
        kind          text NOT NULL,
        body          jsonb NOT NULL,
        registered_at timestamptz NOT NULL,
        registered_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX evidence_condition ON evidence (condition_id, seq)`);
    await createOutboxTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTables(q);
    await q.query(`DROP TABLE evidence`);
    await q.query(`DROP TABLE condition`);
  }
}
