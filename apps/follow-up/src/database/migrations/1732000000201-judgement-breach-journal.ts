import { MigrationInterface, QueryRunner } from 'typeorm';

/** Breached conditions, withdrawn evidence, and the journal of every judgement and change. */
export class JudgementBreachJournal1732000000201 implements MigrationInterface {
  name = 'JudgementBreachJournal1732000000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE condition DROP CONSTRAINT condition_status_check`);
    await q.query(`ALTER TABLE condition ADD CONSTRAINT condition_status_check CHECK (status IN ('OPEN', 'FULFILLED', 'BREACHED'))`);
    await q.query(`ALTER TABLE condition ADD COLUMN breached_at timestamptz`);
    await q.query(`CREATE INDEX condition_open_deadline ON condition (deadline) WHERE status = 'OPEN'`);
    await q.query(`ALTER TABLE evidence ADD COLUMN withdrawal jsonb`);
    await q.query(`
      CREATE TABLE journal_entry (
        seq          bigserial PRIMARY KEY,
        case_id      text NOT NULL,
        office       text NOT NULL,
        decision_id  uuid NOT NULL,
        condition_id uuid,
        evidence_id  uuid,
        at           timestamptz NOT NULL,
        actor_ident  text,
        actor_role   text,
        action       text NOT NULL,
        what         text NOT NULL,
        why          text
      )`);
    await q.query(`CREATE INDEX journal_entry_case ON journal_entry (case_id, at, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE journal_entry`);
    await q.query(`ALTER TABLE evidence DROP COLUMN withdrawal`);
    await q.query(`DROP INDEX condition_open_deadline`);
    await q.query(`ALTER TABLE condition DROP COLUMN breached_at`);
    await q.query(`ALTER TABLE condition DROP CONSTRAINT condition_status_check`);
    await q.query(`ALTER TABLE condition ADD CONSTRAINT condition_status_check CHECK (status IN ('OPEN', 'FULFILLED'))`);
  }
}
