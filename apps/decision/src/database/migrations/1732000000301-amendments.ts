import { MigrationInterface, QueryRunner } from 'typeorm';

/** What the decision unit knows of how a decision went, its amendments, and a journal of them. */
export class Amendments1732000000301 implements MigrationInterface {
  name = 'Amendments1732000000301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision ADD COLUMN veileder_ident text`);
    await q.query(`ALTER TABLE decision ADD COLUMN progress jsonb`);
    await q.query(`
      UPDATE decision SET progress = jsonb_build_object(
        'revoked', false,
        'payments', (SELECT coalesce(jsonb_object_agg(p->>'paymentId', jsonb_build_object('amountOre', p->'amountOre', 'status', 'HELD')), '{}'::jsonb) FROM jsonb_array_elements(payments) p),
        'conditions', (SELECT coalesce(jsonb_object_agg(c->>'conditionId', jsonb_build_object('gates', c->'gatesPaymentIds', 'deadline', c->'deadline', 'status', 'ACTIVE', 'breached', false)), '{}'::jsonb) FROM jsonb_array_elements(conditions) c))`);
    await q.query(`ALTER TABLE decision ALTER COLUMN progress SET NOT NULL`);
    await q.query(`ALTER TABLE worklist_item ALTER COLUMN condition_id DROP NOT NULL`);
    await q.query(`ALTER TABLE worklist_item DROP CONSTRAINT worklist_item_kind_check`);
    await q.query(
      `ALTER TABLE worklist_item ADD CONSTRAINT worklist_item_kind_check CHECK (kind IN ('CONDITION_BREACHED', 'RELEASED_PAYMENT_QUESTIONED', 'PAYMENT_FAILED'))`,
    );
    await q.query(`ALTER TABLE worklist_item ADD COLUMN resolved_by text`);
    await q.query(`
      CREATE TABLE decision_action (
        id          uuid PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decision (id),
        at          timestamptz NOT NULL,
        actor_ident text NOT NULL,
        actor_role  text NOT NULL,
        kind        text NOT NULL,
        details     jsonb NOT NULL,
        reason      text NOT NULL
      )`);
    await q.query(`CREATE INDEX decision_action_decision ON decision_action (decision_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decision_action`);
    await q.query(`ALTER TABLE worklist_item DROP COLUMN resolved_by`);
    await q.query(`ALTER TABLE decision DROP COLUMN progress`);
    await q.query(`ALTER TABLE decision DROP COLUMN veileder_ident`);
  }
}
