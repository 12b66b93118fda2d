import { DataSource } from 'typeorm';

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

/** The offices' decisions, newest first, and how many there are before paging; one statement, one snapshot. */
export async function officeDecisions(
  db: DataSource,
  offices: string[],
  page: { limit: number; offset: number },
): Promise<{ total: number; decisions: DecisionSummary[] }> {
  const rows: Array<{
    total: number;
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
       SELECT id, case_id, office, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
              issued_at, issued_by, coalesce((progress->>'revoked')::boolean, false) AS revoked,
              jsonb_array_length(payments) AS payments, jsonb_array_length(conditions) AS conditions
       FROM decision
       WHERE office = ANY($1)
       ORDER BY issued_at DESC, id DESC
       LIMIT $2 OFFSET $3
     ) AS page ON true`,
    [offices, page.limit, page.offset],
  );
  return {
    total: rows[0]?.total ?? 0,
    decisions: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
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
