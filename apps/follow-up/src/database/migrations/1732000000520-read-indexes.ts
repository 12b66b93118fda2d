import { MigrationInterface, QueryRunner } from 'typeorm';
import { resetJit, turnOffJit } from '@vf/platform';

/** A case's conditions in the order and keyset they are paged by. */
export class ReadIndexes1732000000520 implements MigrationInterface {
  name = 'ReadIndexes1732000000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX condition_case_page ON condition (case_id, deadline, ref, id)`);
    await q.query(`DROP INDEX condition_case`);
    await turnOffJit(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await resetJit(q);
    await q.query(`CREATE INDEX condition_case ON condition (case_id)`);
    await q.query(`DROP INDEX condition_case_page`);
  }
}
