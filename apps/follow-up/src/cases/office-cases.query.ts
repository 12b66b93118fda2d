import { DataSource } from 'typeorm';
import { Pager } from '@vf/platform';

export interface OfficeCase {
  caseId: string;
  decisionIds: string[];
  openConditions: number;
  breachedConditions: number;
  fulfilledConditions: number;
  /** The soonest deadline among OPEN conditions; null when only breached ones are left. */
  soonestDeadline: string | null;
  veilederIdent: string | null;
}

const pager = new Pager<{ soonest_deadline: string | null; case_id: string | null }>('office-cases', ['date?', 'text'], (r) => [
  r.soonest_deadline,
  r.case_id,
]);

/**
 * The office's cases that still need follow-up (an OPEN or BREACHED condition), soonest OPEN deadline
 * first, cases with only breached conditions after them, then by case number, a page after the cursor;
 * with how many there are in all. The veileder is the one named on the condition that needs follow-up
 * first (OPEN before BREACHED, then by deadline).
 *
 * Read from `office_case`, which condition's triggers keep in step (migration OfficeCases1732000000800):
 * a page off the index (office, soonest_deadline, case_id). One statement, so the page and the total
 * come from one snapshot.
 */
export async function officeCases(
  db: DataSource,
  office: string,
  page: { limit: number; cursor: string | undefined },
): Promise<{ total: number; cases: OfficeCase[]; nextCursor: string | null }> {
  const after = pager.after(page.cursor);
  const rows: Array<{
    total: number;
    case_id: string | null;
    decision_ids: string[];
    open: number;
    breached: number;
    fulfilled: number;
    soonest_deadline: string | null;
    veileder_ident: string | null;
  }> = await db.query(
    `SELECT (SELECT count(*)::int FROM office_case WHERE office = $1) AS total, page.*
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT case_id, decision_ids, open, breached, fulfilled, to_char(soonest_deadline, 'YYYY-MM-DD') AS soonest_deadline,
              veileder_ident
       FROM office_case
       WHERE office = $1
         AND ($4::text IS NULL
              OR ($3::date IS NULL AND soonest_deadline IS NULL AND case_id > $4::text)
              OR ($3::date IS NOT NULL AND ((soonest_deadline, case_id) > ($3::date, $4::text) OR soonest_deadline IS NULL)))
       ORDER BY soonest_deadline ASC NULLS LAST, case_id ASC
       LIMIT $2
     ) AS page ON true`,
    [office, page.limit + 1, after?.[0] ?? null, after?.[1] ?? null],
  );
  const { rows: shown, nextCursor } = pager.page(
    rows.filter((r) => r.case_id !== null),
    page.limit,
  );
  return {
    total: rows[0]?.total ?? 0,
    nextCursor,
    cases: shown.map((r) => ({
      caseId: r.case_id!,
      decisionIds: r.decision_ids,
      openConditions: r.open,
      breachedConditions: r.breached,
      fulfilledConditions: r.fulfilled,
      soonestDeadline: r.soonest_deadline,
      veilederIdent: r.veileder_ident,
    })),
  };
}
