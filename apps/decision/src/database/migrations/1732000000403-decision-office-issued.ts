import { MigrationInterface, QueryRunner } from 'typeorm';

/** GET /decisions and GET /cases/:caseId/decisions: an office's (or a case's) decisions, newest first. */
export class DecisionOfficeIssued1732000000403 implements MigrationInterface {
  name = 'DecisionOfficeIssued1732000000403';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX decision_office_issued ON decision (office, issued_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decision_office_issued`);
  }
}
