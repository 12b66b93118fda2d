import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The follow-up veileder a decision names (decision-issued carries `veilederIdent`), kept on each of its
 * conditions for the office's case list. Conditions stored before this are left null: follow-up never
 * kept it. The index serves the case list (GROUP BY case_id within one office).
 */
export class ConditionVeileder1732000000402 implements MigrationInterface {
  name = 'ConditionVeileder1732000000402';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE condition ADD COLUMN veileder_ident text`);
    await q.query(`CREATE INDEX condition_office_case ON condition (office, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX condition_office_case`);
    await q.query(`ALTER TABLE condition DROP COLUMN veileder_ident`);
  }
}
