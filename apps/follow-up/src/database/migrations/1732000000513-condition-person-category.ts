import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The household (issue #12): whose condition it is (RECIPIENT or PARTNER, the spouse or cohabitant) and
 * its KOSTRA category. Conditions stored before are the recipient's, with no category.
 */
export class ConditionPersonCategory1732000000513 implements MigrationInterface {
  name = 'ConditionPersonCategory1732000000513';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE condition ADD COLUMN person text NOT NULL DEFAULT 'RECIPIENT'`);
    await q.query(`ALTER TABLE condition ADD COLUMN category text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE condition DROP COLUMN category`);
    await q.query(`ALTER TABLE condition DROP COLUMN person`);
  }
}
