import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The innsyn module's own tables (issue #13): what it knows of each decision and condition of a case,
 * and the case's current digisos-soker document with its change count. Payments are read from
 * payout's own `payment` table, which is their authority.
 */
export class InnsynDigisosSoker1732000000513 implements MigrationInterface {
  name = 'InnsynDigisosSoker1732000000513';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE innsyn_decision (
        decision_id uuid PRIMARY KEY,
        case_id     text NOT NULL,
        office      text NOT NULL,
        issued_at   timestamptz NOT NULL,
        period_from date NOT NULL,
        period_to   date NOT NULL
      )`);
    await q.query(`CREATE INDEX innsyn_decision_case ON innsyn_decision (case_id)`);
    // kind and text (and the deadline) are null while only a status has arrived (topics come in any order).
    await q.query(`
      CREATE TABLE innsyn_condition (
        condition_id uuid PRIMARY KEY,
        decision_id  uuid NOT NULL,
        case_id      text NOT NULL,
        ref          text,
        kind         text CHECK (kind IN ('DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY')),
        text         text,
        deadline     date,
        status       text NOT NULL CHECK (status IN ('OPEN', 'FULFILLED', 'BREACHED', 'LIFTED', 'ANNULLED')),
        status_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX innsyn_condition_case ON innsyn_condition (case_id)`);
    // json, not jsonb: the document is kept exactly as written (key order too).
    await q.query(`
      CREATE TABLE innsyn_document (
        case_id    text PRIMARY KEY,
        office     text,
        sequence   int NOT NULL DEFAULT 0,
        document   json,
        changed_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE innsyn_document`);
    await q.query(`DROP TABLE innsyn_condition`);
    await q.query(`DROP TABLE innsyn_decision`);
  }
}
