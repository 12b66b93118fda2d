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
 * with how many there are in all. One statement, so the page and the total come from one snapshot. The veileder is the
 * one named on the condition that needs follow-up first (OPEN before BREACHED, then by deadline).
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
    `WITH cases AS (
       SELECT case_id,
              array_agg(DISTINCT decision_id::text ORDER BY decision_id::text) AS decision_ids,
              count(*) FILTER (WHERE status = 'OPEN')::int AS open,
              count(*) FILTER (WHERE status = 'BREACHED')::int AS breached,
              count(*) FILTER (WHERE status = 'FULFILLED')::int AS fulfilled,
              min(deadline) FILTER (WHERE status = 'OPEN') AS soonest,
              (array_agg(veileder_ident ORDER BY status <> 'OPEN', deadline, id)
                 FILTER (WHERE status IN ('OPEN', 'BREACHED') AND veileder_ident IS NOT NULL))[1] AS veileder_ident
       FROM condition
       WHERE office = $1
       GROUP BY case_id
       HAVING count(*) FILTER (WHERE status IN ('OPEN', 'BREACHED')) > 0
     )
     SELECT (SELECT count(*)::int FROM cases) AS total, page.*
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT case_id, decision_ids, open, breached, fulfilled, to_char(soonest, 'YYYY-MM-DD') AS soonest_deadline, veileder_ident
       FROM cases
       WHERE $4::text IS NULL
          OR ($3::date IS NULL AND soonest IS NULL AND case_id COLLATE "C" > $4::text)
          OR ($3::date IS NOT NULL AND (soonest > $3::date OR soonest IS NULL OR (soonest = $3::date AND case_id COLLATE "C" > $4::text)))
       ORDER BY soonest ASC NULLS LAST, case_id COLLATE "C" ASC
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
