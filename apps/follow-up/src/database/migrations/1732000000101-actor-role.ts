import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role evidence was registered in, from the verified token. */
export class ActorRole1732000000101 implements MigrationInterface {
  name = 'ActorRole1732000000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence ADD COLUMN registered_by_role text NOT NULL DEFAULT 'veileder'`);
    await q.query(`ALTER TABLE evidence ALTER COLUMN registered_by_role DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence DROP COLUMN registered_by_role`);
  }
}
