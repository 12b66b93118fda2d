import { MigrationInterface, QueryRunner } from 'typeorm';

/** Conditions the decision unit lifted, or that a revocation annulled. */
export class LiftedAnnulled1732000000302 implements MigrationInterface {
  name = 'LiftedAnnulled1732000000302';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE condition DROP CONSTRAINT condition_status_check`);
    await q.query(
      `ALTER TABLE condition ADD CONSTRAINT condition_status_check CHECK (status IN ('OPEN', 'FULFILLED', 'BREACHED', 'LIFTED', 'ANNULLED'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE condition DROP CONSTRAINT condition_status_check`);
    await q.query(`ALTER TABLE condition ADD CONSTRAINT condition_status_check CHECK (status IN ('OPEN', 'FULFILLED', 'BREACHED'))`);
  }
}
