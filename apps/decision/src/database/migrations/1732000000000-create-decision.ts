import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, dropOutboxTables } from '@vf/messaging';

export class CreateDecision1732000000000 implements MigrationInterface {
  name = 'CreateDecision1732000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decision (
        id                            uuid PRIMARY KEY,
        case_id                       text NOT NULL,
        office                        text NOT NULL,
        recipient_national_id         text NOT NULL,
        period_from                   date NOT NULL,
        period_to                     date NOT NULL,
        reduction_on_breach_announced boolean NOT NULL,
        payments                      jsonb NOT NULL,
        conditions                    jsonb NOT NULL,
        issued_at                     timestamptz NOT NULL,
        issued_by                     text NOT NULL
      )`);
    await q.query(`CREATE INDEX decision_case ON decision (case_id)`);
    await createOutboxTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTables(q);
    await q.query(`DROP TABLE decision`);
  }
}
