import { DataSource } from 'typeorm';
import { ActivityExceptionV1, IssuedConditionV1, PartnerV1 } from '@vf/contracts';
import { StatisticsDecision, StatisticsEvent, osloDate } from '@vf/rules';

interface DecisionRow {
  id: string;
  period_from: string;
  period_to: string;
  issued_at: Date;
  revoked: boolean;
  recipient_national_id: string;
  partner: PartnerV1 | null;
  activity_exceptions: ActivityExceptionV1[];
  conditions: IssuedConditionV1[];
}

interface EventRow {
  kind: StatisticsEvent['kind'];
  decision_id: string;
  condition_id: string;
  at: Date;
}

/**
 * What the yearly statistics count, read from the decision service's own tables: decisions whose
 * period touches the year (and those an event of the year belongs to), breaches from the worklist
 * (one row per condition-breached event), lifts and reductions from the amendments' journal.
 */
export async function loadYearlyStatisticsInput(
  dataSource: DataSource,
  office: string,
  year: number,
): Promise<{ decisions: StatisticsDecision[]; events: StatisticsEvent[] }> {
  const eventRows: EventRow[] = await dataSource.query(
    `SELECT 'BREACH' AS kind, w.decision_id, w.condition_id::text AS condition_id, w.raised_at AS at
       FROM worklist_item w
      WHERE w.kind = 'CONDITION_BREACHED' AND w.office = $1 AND w.condition_id IS NOT NULL
        AND date_part('year', w.raised_at AT TIME ZONE 'Europe/Oslo') = $2
     UNION ALL
     SELECT CASE a.kind WHEN 'CONDITION_LIFTED' THEN 'LIFT' ELSE 'REDUCTION' END, a.decision_id, a.details->>'conditionId', a.at
       FROM decision_action a JOIN decision d ON d.id = a.decision_id
      WHERE d.office = $1 AND a.kind IN ('CONDITION_LIFTED', 'PAYMENT_REDUCED')
        AND date_part('year', a.at AT TIME ZONE 'Europe/Oslo') = $2`,
    [office, year],
  );
  const rows: DecisionRow[] = await dataSource.query(
    `SELECT id, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, issued_at,
            (progress->>'revoked')::boolean AS revoked, recipient_national_id, partner, activity_exceptions, conditions
       FROM decision
      WHERE office = $1 AND ((period_from <= $2::date AND period_to >= $3::date) OR id = ANY($4::uuid[]))`,
    [office, `${year}-12-31`, `${year}-01-01`, [...new Set(eventRows.map((e) => e.decision_id))]],
  );
  return {
    decisions: rows.map((r) => ({
      decisionId: r.id,
      periodFrom: r.period_from,
      periodTo: r.period_to,
      issuedAt: r.issued_at.toISOString(),
      revoked: r.revoked === true,
      recipientNationalId: r.recipient_national_id,
      partnerNationalId: r.partner?.nationalId ?? null,
      activityExceptions: (r.activity_exceptions ?? []).map((e) => ({ person: e.person, code: e.code })),
      conditions: r.conditions.map((c) => ({
        conditionId: c.conditionId,
        person: c.person ?? null,
        category: c.category ?? null,
        kind: c.requirement.kind,
      })),
    })),
    events: eventRows.map((e) => ({ kind: e.kind, decisionId: e.decision_id, conditionId: e.condition_id, on: osloDate(e.at) })),
  };
}
