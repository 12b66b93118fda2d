import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the actor issued the decision in, from the verified token. */
export class ActorRole1732000000100 implements MigrationInterface {
  name = 'ActorRole1732000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision ADD COLUMN issued_by_role text NOT NULL DEFAULT 'decision-unit'`);
    await q.query(`ALTER TABLE decision ALTER COLUMN issued_by_role DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision DROP COLUMN issued_by_role`);
  }
}
