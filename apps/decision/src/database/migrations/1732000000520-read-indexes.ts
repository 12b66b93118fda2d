import { MigrationInterface, QueryRunner } from 'typeorm';
import { resetJit, turnOffJit } from '@vf/platform';

/** The worklist paged by (raised_at, id) per office, and a case's decisions newest first, from their indexes. */
export class ReadIndexes1732000000520 implements MigrationInterface {
  name = 'ReadIndexes1732000000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX worklist_item_open_page ON worklist_item (office, raised_at, id) WHERE status = 'OPEN'`);
    await q.query(`DROP INDEX worklist_item_open`);
    await q.query(`CREATE INDEX decision_case_issued ON decision (case_id, issued_at DESC, id DESC)`);
    await q.query(`DROP INDEX decision_case`);
    await turnOffJit(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await resetJit(q);
    await q.query(`CREATE INDEX decision_case ON decision (case_id)`);
    await q.query(`DROP INDEX decision_case_issued`);
    await q.query(`CREATE INDEX worklist_item_open ON worklist_item (office, raised_at) WHERE status = 'OPEN'`);
    await q.query(`DROP INDEX worklist_item_open_page`);
  }
}
