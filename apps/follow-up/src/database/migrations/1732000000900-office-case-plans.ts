import { MigrationInterface, QueryRunner } from 'typeorm';
import { FIGURES, FIND_TOUCHED_CASES, NEEDS_FOLLOW_UP, officeCaseRefreshV1 } from './1732000000800-office-cases';

/**
 * `office_case_refresh` again, with statements whose plans reach each touched case by its key, whatever
 * the tables' statistics say (issue #10, tenth and eleventh rounds).
 *
 * The first version joined `condition` and `office_case` to the arrays of touched keys, and left the
 * join to the planner. Its generic plans guess 100 keys an array. Once `ANALYZE` had seen an empty
 * `office_case` (all cases fulfilled, as after a benchmark run, or a new office), the planner believed
 * the table held one row and walked its whole index for every statement; and with a small `condition`
 * it chose to scan that table rather than look up 100 keys. Measured after an `ANALYZE` in the
 * throughput benchmark: the trigger's statements took 8.6 s of PostgreSQL's time over 1,500 pieces of
 * evidence where they had taken 0.6 s, and PostgreSQL's CPU per piece of evidence doubled.
 *
 * Now no statement leaves the planner a choice that depends on row counts:
 * - the touched cases' rows are made or locked by one `INSERT … ON CONFLICT DO UPDATE`, whose lookup
 *   is the primary key's arbiter, not a plan. It takes the rows in key order, as before, so two
 *   transactions cannot deadlock on them; a row that a concurrent transaction deleted is made again.
 *   Unlike the locking `SELECT` and its retry loop it writes a new version of each row (usually a
 *   heap-only one: no indexed value changes);
 * - each case's figures are aggregated in a `LATERAL` subquery run once per key, where a lookup by the
 *   index beats a scan on any table but the smallest;
 * - the rows are updated or deleted by the `ctid`s the upsert returned (TID scans; the update names
 *   them as an array too, so it is a TID scan whichever side the join starts from). The rows are
 *   locked, so those `ctid`s hold until this statement moves them.
 */
export const officeCaseRefreshV2 = `
      CREATE OR REPLACE FUNCTION office_case_refresh() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      DECLARE
        offices text[];
        cases text[];
        tids tid[];
      BEGIN
        ${FIND_TOUCHED_CASES}
        IF offices IS NULL THEN
          RETURN NULL;
        END IF;
        -- Make or lock every touched case's row, in key order, and keep where each one now lies.
        WITH held AS (
          INSERT INTO office_case (office, case_id, decision_ids, open, breached, fulfilled)
          SELECT o, c, '{}', 0, 0, 0 FROM unnest(offices, cases) AS k(o, c)
          ON CONFLICT (office, case_id) DO UPDATE SET office = EXCLUDED.office
          RETURNING office, case_id, ctid)
        SELECT array_agg(h.ctid ORDER BY k.n) INTO tids
        FROM unnest(offices, cases) WITH ORDINALITY AS k(o, c, n) JOIN held h ON h.office = k.o AND h.case_id = k.c;
        -- A fresh snapshot: what the transactions that held these rows before us committed is seen.
        WITH fresh AS (
          SELECT k.tid, f.*
          FROM unnest(tids, offices, cases) AS k(tid, o, cs)
          CROSS JOIN LATERAL (
            SELECT ${FIGURES}, ${NEEDS_FOLLOW_UP} AS needed
            FROM condition c WHERE c.case_id = k.cs AND c.office = k.o) f
        ), done AS (
          DELETE FROM office_case WHERE ctid = ANY (ARRAY(SELECT tid FROM fresh WHERE NOT needed))
        )
        UPDATE office_case oc SET decision_ids = f.decision_ids, open = f.open, breached = f.breached, fulfilled = f.fulfilled,
               soonest_deadline = f.soonest_deadline, veileder_ident = f.veileder_ident
        FROM fresh f
        WHERE f.needed AND oc.ctid = f.tid AND oc.ctid = ANY (ARRAY(SELECT tid FROM fresh WHERE needed));
        RETURN NULL;
      END $$`;

export class OfficeCasePlans1732000000900 implements MigrationInterface {
  name = 'OfficeCasePlans1732000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(officeCaseRefreshV2);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(officeCaseRefreshV1);
  }
}
