import { MigrationInterface, QueryRunner } from 'typeorm';
import { resetJit, turnOffJit } from '@vf/platform';

/**
 * Indexes the reads need at a million held payments (npm run bench:reads):
 * - a case's payments, in the order and keyset they are paged by;
 * - the overview's open conditions per veileder and deadline, read from the index alone;
 * - the overview's breaches, and the few payments a reduction has touched (to tell a breach decided).
 */
export class ReadIndexes1732000000521 implements MigrationInterface {
  name = 'ReadIndexes1732000000521';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX payment_case ON payment (case_id, due_date, ref, id)`);
    await q.query(`CREATE INDEX gate_condition_open ON gate_condition (office, veileder_ident, deadline) WHERE status = 'OPEN'`);
    await q.query(
      `CREATE INDEX gate_condition_breached ON gate_condition (office) INCLUDE (veileder_ident, decision_id, condition_id) WHERE status = 'BREACHED'`,
    );
    await q.query(`CREATE INDEX payment_reduced ON payment (decision_id) WHERE reduction IS NOT NULL`);
    await turnOffJit(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await resetJit(q);
    await q.query(`DROP INDEX payment_reduced`);
    await q.query(`DROP INDEX gate_condition_breached`);
    await q.query(`DROP INDEX gate_condition_open`);
    await q.query(`DROP INDEX payment_case`);
  }
}
