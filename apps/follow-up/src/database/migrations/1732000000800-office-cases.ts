import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per case of an office that still needs follow-up (an OPEN or BREACHED condition), kept in
 * step with `condition` by its triggers, so that an office's case list reads a page off an index where
 * it used to aggregate all of the office's conditions on every call (issue #10: 302 ms p99 at a
 * million conditions).
 *
 * The triggers are statement-level, so a batch of evidence or decisions refreshes its cases in one
 * go, and an update refreshes only the cases whose listed columns changed (most evidence moves a
 * condition's progress, not its status). A refresh recomputes each touched case from its conditions
 * (a handful of rows, by the case index), never by increments, so it cannot drift.
 *
 * Two transactions changing conditions of the same case at once: each first locks the case's row
 * (creating it if needed), then recomputes with a fresh snapshot (PL/pgSQL in READ COMMITTED takes
 * one per statement). The second waits for the first to commit and so reads its changes; neither
 * overwrites the other with a stale count. Row locks, not advisory locks: a breach run over ten
 * thousand cases would fill the shared lock table.
 *
 * The function's statements use generic plans: their key arrays are parameters, so PostgreSQL would
 * otherwise plan each one again on every call (a custom plan always looked cheaper). Measured with
 * `npm run bench:condition-writes`, that cut what the trigger adds to one fulfilled condition from 0.47
 * to 0.19 ms.
 */

/** A case's figures, aggregated from its conditions (`c`). */
export const FIGURES = `array_agg(DISTINCT c.decision_id::text ORDER BY c.decision_id::text) AS decision_ids,
  count(*) FILTER (WHERE c.status = 'OPEN')::int AS open,
  count(*) FILTER (WHERE c.status = 'BREACHED')::int AS breached,
  count(*) FILTER (WHERE c.status = 'FULFILLED')::int AS fulfilled,
  min(c.deadline) FILTER (WHERE c.status = 'OPEN') AS soonest_deadline,
  (array_agg(c.veileder_ident ORDER BY c.status <> 'OPEN', c.deadline, c.id)
     FILTER (WHERE c.status IN ('OPEN', 'BREACHED') AND c.veileder_ident IS NOT NULL))[1] AS veileder_ident`;
export const NEEDS_FOLLOW_UP = `count(*) FILTER (WHERE c.status IN ('OPEN', 'BREACHED')) > 0`;

/** The columns whose change can move a case in the list. */
const LISTED = ['status', 'deadline', 'veileder_ident', 'office', 'case_id', 'decision_id'];

/** Puts the (office, case) pairs `keys` selects into `offices` and `cases`, in key order (the order they are locked in). */
const touched = (keys: string) =>
  `SELECT array_agg(office ORDER BY office, case_id), array_agg(case_id ORDER BY office, case_id) INTO offices, cases FROM (${keys}) k;`;
const changed = (side: 'n' | 'o') => `SELECT ${side}.office, ${side}.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE (${LISTED.map((c) => `n.${c}`).join(', ')}) IS DISTINCT FROM (${LISTED.map((c) => `o.${c}`).join(', ')})`;

/** Finds the cases a statement on `condition` touched, into `offices` and `cases` (shared by each version of the function). */
export const FIND_TOUCHED_CASES = `IF TG_OP = 'INSERT' THEN
          ${touched(`SELECT DISTINCT office, case_id COLLATE "C" AS case_id FROM new_rows`)}
        ELSIF TG_OP = 'DELETE' THEN
          ${touched(`SELECT DISTINCT office, case_id COLLATE "C" AS case_id FROM old_rows`)}
        ELSE
          ${touched(`SELECT office, case_id COLLATE "C" AS case_id FROM (${changed('n')} UNION ${changed('o')}) u GROUP BY 1, 2`)}
        END IF;`;

/** The function as this migration made it (migration 900 replaces it; its down puts this back). */
export const officeCaseRefreshV1 = `
      CREATE OR REPLACE FUNCTION office_case_refresh() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      DECLARE
        offices text[];
        cases text[];
        locked int;
      BEGIN
        ${FIND_TOUCHED_CASES}
        IF offices IS NULL THEN
          RETURN NULL;
        END IF;
        -- Lock every touched case's row, in key order; make the rows of new cases, and go again until all
        -- are held. (A row deleted by a transaction that committed while we waited is not locked: it is
        -- made again.) Most statements change cases that are listed already: one pass.
        LOOP
          SELECT count(*) INTO locked FROM (
            SELECT 1 FROM office_case oc JOIN unnest(offices, cases) AS k(o, c) ON oc.office = k.o AND oc.case_id = k.c
            ORDER BY oc.office, oc.case_id FOR UPDATE OF oc) l;
          EXIT WHEN locked = cardinality(offices);
          INSERT INTO office_case (office, case_id, decision_ids, open, breached, fulfilled)
          SELECT o, c, '{}', 0, 0, 0 FROM unnest(offices, cases) AS k(o, c)
          ON CONFLICT (office, case_id) DO NOTHING;
        END LOOP;
        -- A fresh snapshot: what the transactions that held these rows before us committed is seen.
        WITH fresh AS (
          SELECT c.office, c.case_id COLLATE "C" AS case_id, ${FIGURES}
          FROM condition c JOIN unnest(offices, cases) AS k(o, cs) ON c.case_id = k.cs AND c.office = k.o
          GROUP BY c.office, c.case_id
          HAVING ${NEEDS_FOLLOW_UP}
        ), done AS (
          DELETE FROM office_case oc USING unnest(offices, cases) AS k(o, c)
          WHERE oc.office = k.o AND oc.case_id = k.c
            AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.office = k.o AND f.case_id = k.c)
        )
        UPDATE office_case oc SET decision_ids = f.decision_ids, open = f.open, breached = f.breached, fulfilled = f.fulfilled,
               soonest_deadline = f.soonest_deadline, veileder_ident = f.veileder_ident
        FROM fresh f WHERE oc.office = f.office AND oc.case_id = f.case_id;
        RETURN NULL;
      END $$`;

export class OfficeCases1732000000800 implements MigrationInterface {
  name = 'OfficeCases1732000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE office_case (
        office           text NOT NULL,
        case_id          text COLLATE "C" NOT NULL,
        decision_ids     text[] NOT NULL,
        open             int NOT NULL,
        breached         int NOT NULL,
        fulfilled        int NOT NULL,
        soonest_deadline date,
        veileder_ident   text,
        PRIMARY KEY (office, case_id)
      )`);
    await q.query(`CREATE INDEX office_case_page ON office_case (office, soonest_deadline, case_id)`);
    await q.query(officeCaseRefreshV1);
    await q.query(`
      CREATE FUNCTION office_case_clear() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE office_case;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER office_case_inserted AFTER INSERT ON condition REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION office_case_refresh()`);
    await q.query(`CREATE TRIGGER office_case_updated AFTER UPDATE ON condition REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION office_case_refresh()`);
    await q.query(`CREATE TRIGGER office_case_deleted AFTER DELETE ON condition REFERENCING OLD TABLE AS old_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION office_case_refresh()`);
    await q.query(
      `CREATE TRIGGER office_case_truncated AFTER TRUNCATE ON condition FOR EACH STATEMENT EXECUTE FUNCTION office_case_clear()`,
    );
    await q.query(`
      INSERT INTO office_case (office, case_id, decision_ids, open, breached, fulfilled, soonest_deadline, veileder_ident)
      SELECT c.office, c.case_id, ${FIGURES} FROM condition c GROUP BY c.office, c.case_id HAVING ${NEEDS_FOLLOW_UP}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['inserted', 'updated', 'deleted', 'truncated']) await q.query(`DROP TRIGGER office_case_${t} ON condition`);
    await q.query(`DROP FUNCTION office_case_clear()`);
    await q.query(`DROP FUNCTION office_case_refresh()`);
    await q.query(`DROP TABLE office_case`);
  }
}
