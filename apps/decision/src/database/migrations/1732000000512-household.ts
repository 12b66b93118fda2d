import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The household (issue #12): a decision's spouse or cohabitant and its § 20 a exceptions. Each
 * condition's person and KOSTRA category travel inside the conditions' jsonb. Statistics read
 * decisions by office and period.
 */
export class Household1732000000512 implements MigrationInterface {
  name = 'Household1732000000512';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision ADD COLUMN partner jsonb`);
    await q.query(`ALTER TABLE decision ADD COLUMN activity_exceptions jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`CREATE INDEX decision_office_period ON decision (office, period_from, period_to)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decision_office_period`);
    await q.query(`ALTER TABLE decision DROP COLUMN activity_exceptions`);
    await q.query(`ALTER TABLE decision DROP COLUMN partner`);
  }
}
