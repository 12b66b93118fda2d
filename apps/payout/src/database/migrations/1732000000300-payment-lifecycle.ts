import { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole payment lifecycle: stop, cancel, reduce, settlement, release attempts, not-before days. */
export class PaymentLifecycle1732000000300 implements MigrationInterface {
  name = 'PaymentLifecycle1732000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_status_check`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_check`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_status_check
      CHECK (status IN ('HELD', 'RELEASED', 'PAID', 'FAILED', 'STOPPED', 'CANCELLED'))`);
    await q.query(`ALTER TABLE payment ADD COLUMN not_before date`);
    await q.query(`ALTER TABLE payment ADD COLUMN releases int NOT NULL DEFAULT 0`);
    await q.query(`UPDATE payment SET releases = 1 WHERE status = 'RELEASED'`);
    await q.query(`ALTER TABLE payment ADD COLUMN reduction jsonb`);
    await q.query(`ALTER TABLE payment ADD COLUMN settlement jsonb`);
    await q.query(`ALTER TABLE payment ADD COLUMN stop_reason text`);
    // Gates were {conditionId: metAt}; now {conditionId: {at, how}}.
    await q.query(`UPDATE payment SET gates = (
      SELECT coalesce(jsonb_object_agg(key, CASE WHEN value = 'null'::jsonb THEN value ELSE jsonb_build_object('at', value, 'how', 'MET') END), '{}'::jsonb)
      FROM jsonb_each(gates))`);
    await q.query(`CREATE INDEX payment_held_not_before ON payment (not_before) WHERE status = 'HELD' AND not_before IS NOT NULL`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN resolution text CHECK (resolution IN ('MET', 'LIFTED'))`);
    await q.query(`UPDATE gate_condition SET resolution = 'MET' WHERE met_at IS NOT NULL`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN added_gates jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN status text`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN summary text`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN achievable boolean`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN progress_at timestamptz`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN office text`);
    await q.query(`ALTER TABLE gate_condition ADD COLUMN veileder_ident text`);
    await q.query(`ALTER TABLE payment ADD COLUMN veileder_ident text`);
    await q.query(`CREATE INDEX gate_condition_office ON gate_condition (office, status)`);
  }

  async down(_q: QueryRunner): Promise<void> {
    throw new Error('PaymentLifecycle1732000000300 cannot be undone: released attempts and settlements would be lost');
  }
}
