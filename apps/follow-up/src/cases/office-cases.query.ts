import { DataSource } from 'typeorm';

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

/**
 * The office's cases that still need follow-up (an OPEN or BREACHED condition), soonest OPEN deadline
 * first, cases with only breached conditions after them, then by case number; with how many there are
 * before paging. One statement, so the page and the total come from one snapshot. The veileder is the
 * one named on the condition that needs follow-up first (OPEN before BREACHED, then by deadline).
 */
export async function officeCases(
  db: DataSource,
  office: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; cases: OfficeCase[] }> {
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
       ORDER BY soonest ASC NULLS LAST, case_id COLLATE "C" ASC
       LIMIT $2 OFFSET $3
     ) AS page ON true`,
    [office, page.limit, page.offset],
  );
  return {
    total: rows[0]?.total ?? 0,
    cases: rows
      .filter((r) => r.case_id !== null)
      .map((r) => ({
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
