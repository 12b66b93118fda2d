import { DataSource } from 'typeorm';
import { Pager, cursorTs } from '@vf/platform';

export interface DecisionSummary {
  decisionId: string;
  caseId: string;
  office: string;
  periodFrom: string;
  periodTo: string;
  issuedAt: string;
  issuedBy: string;
  revoked: boolean;
  /** How many payments and conditions the decision has (conditions added later included). */
  payments: number;
  conditions: number;
}

const pager = new Pager<{ k_at: string; id: string | null }>('office-decisions', ['ts', 'uuid'], (r) => [r.k_at, r.id]);

/**
 * The offices' decisions, newest first, a page after the cursor, and how many there are in all; one
 * statement, one snapshot. Each office is read in index order and only a page of each merged.
 */
export async function officeDecisions(
  db: DataSource,
  offices: string[],
  page: { limit: number; cursor: string | undefined },
): Promise<{ total: number; decisions: DecisionSummary[]; nextCursor: string | null }> {
  const after = pager.after(page.cursor);
  const rows: Array<{
    total: number;
    k_at: string;
    id: string | null;
    case_id: string;
    office: string;
    period_from: string;
    period_to: string;
    issued_at: Date;
    issued_by: string;
    revoked: boolean;
    payments: number;
    conditions: number;
  }> = await db.query(
    `SELECT (SELECT count(*)::int FROM decision WHERE office = ANY($1)) AS total, page.*
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT d.* FROM unnest($1::text[]) AS o(office)
       CROSS JOIN LATERAL (
         SELECT id, ${cursorTs('issued_at')} AS k_at, case_id, office, to_char(period_from, 'YYYY-MM-DD') AS period_from,
                to_char(period_to, 'YYYY-MM-DD') AS period_to, issued_at, issued_by, coalesce((progress->>'revoked')::boolean, false) AS revoked,
                jsonb_array_length(payments) AS payments, jsonb_array_length(conditions) AS conditions
         FROM decision
         WHERE office = o.office AND ($3::timestamptz IS NULL OR (issued_at, id) < ($3::timestamptz, $4::uuid))
         ORDER BY issued_at DESC, id DESC
         LIMIT $2
       ) AS d
       ORDER BY d.issued_at DESC, d.id DESC
       LIMIT $2
     ) AS page ON true`,
    [offices, page.limit + 1, after?.[0] ?? null, after?.[1] ?? null],
  );
  const { rows: shown, nextCursor } = pager.page(
    rows.filter((r) => r.id !== null),
    page.limit,
  );
  return {
    total: rows[0]?.total ?? 0,
    nextCursor,
    decisions: shown.map((r) => ({
      decisionId: r.id!,
      caseId: r.case_id,
      office: r.office,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      issuedAt: r.issued_at.toISOString(),
      issuedBy: r.issued_by,
      revoked: r.revoked,
      payments: r.payments,
      conditions: r.conditions,
    })),
  };
}
