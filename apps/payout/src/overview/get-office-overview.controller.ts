import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, ErrorBody, ParseOffice, assertOfficeAccess } from '@vf/platform';
import { HeldFigures, LatencyFigures, addDays, compareDates, foldHeld, latencyFigures, osloDate } from '@vf/rules';
import { OfficeOverviewQuery } from './office-overview.query.dto';

interface Figures {
  openConditions: number;
  deadlinesNext7Days: number;
  breachesAwaitingDecision: number;
  heldPayments: HeldFigures;
  /**
   * From a payment's last condition met (or lifted, or decided) to its release, in milliseconds, for
   * releases in the window; bucketed in `histogram`.
   */
  releaseLatencyMs: LatencyFigures;
}

interface ConditionCounts {
  open: number;
  soon: number;
  breaches: number;
}

/** The default window for release latency: the last 30 days. */
export const LATENCY_WINDOW_DAYS = 30;

const figures = (c: ConditionCounts, held: HeldFigures[], latencies: number[]): Figures => ({
  openConditions: c.open,
  deadlinesNext7Days: c.soon,
  breachesAwaitingDecision: c.breaches,
  heldPayments: foldHeld(held),
  releaseLatencyMs: latencyFigures(latencies),
});

/**
 * Per office and per follow-up veileder: what is open, what is due, what waits, and how fast money
 * goes. Nothing here reads every payment: held payments come from the figures kept as payments change
 * (held_figures, folded, plus the changes not folded yet), release latency from the releases in the
 * window, conditions from the open and breached ones.
 */
@Controller('offices/:office/overview')
@Allow('decision-unit', 'veileder', 'auditor')
export class GetOfficeOverviewController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async overview(@Param('office', new ParseOffice()) office: string, @Query() query: OfficeOverviewQuery, @CurrentActor() actor: Actor) {
    assertOfficeAccess(actor, office);
    const today = osloDate(new Date());
    const from = query.from ?? addDays(today, -LATENCY_WINDOW_DAYS);
    const to = query.to ?? null;
    if (to !== null && compareDates(from, to) > 0) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid request',
        errors: [{ field: 'to', reason: 'must not be before from' }],
      } satisfies ErrorBody);
    }
    const [open, breached, held, latencies] = await Promise.all([
      // From the index of open conditions alone.
      this.dataSource.query(
        `SELECT coalesce(veileder_ident, '') AS veileder, count(*)::int AS open,
                count(*) FILTER (WHERE deadline BETWEEN $2::date AND $3::date)::int AS soon
         FROM gate_condition WHERE office = $1 AND status = 'OPEN'
         GROUP BY veileder_ident`,
        [office, today, addDays(today, 7)],
      ) as Promise<Array<{ veileder: string; open: number; soon: number }>>,
      // A breach is decided once a payment it gates is reduced for it (a reduction is always set with a REDUCED gate).
      this.dataSource.query(
        `SELECT coalesce(g.veileder_ident, '') AS veileder, count(*)::int AS breaches
         FROM gate_condition g
         WHERE g.office = $1 AND g.status = 'BREACHED'
           AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.decision_id = g.decision_id AND p.reduction IS NOT NULL
                                                  AND p.gates -> (g.condition_id::text) ->> 'how' = 'REDUCED')
         GROUP BY g.veileder_ident`,
        [office],
      ) as Promise<Array<{ veileder: string; breaches: number }>>,
      // One statement, one snapshot: a fold running meanwhile moves changes from one table to the other atomically.
      this.dataSource.query(
        `SELECT veileder_ident AS veileder, held_count::int AS count, held_amount_ore::bigint AS amount
         FROM held_figures WHERE office = $1
         UNION ALL
         SELECT veileder_ident, held_count, held_amount_ore FROM held_figures_change WHERE office = $1`,
        [office],
      ) as Promise<Array<{ veileder: string; count: number; amount: string }>>,
      this.dataSource.query(
        `SELECT veileder_ident AS veileder, latency_ms::float8 AS ms
         FROM release_latency
         WHERE office = $1 AND released_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Oslo'
           AND ($3::date IS NULL OR released_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/Oslo')`,
        [office, from, to],
      ) as Promise<Array<{ veileder: string; ms: number }>>,
    ]);
    const heldOf = (v?: string) =>
      held.filter((h) => v === undefined || h.veileder === v).map((h) => ({ count: h.count, amountOre: Number(h.amount) }));
    const latenciesOf = (v?: string) => latencies.filter((l) => v === undefined || l.veileder === v).map((l) => l.ms);
    const countsOf = (v?: string): ConditionCounts => ({
      open: open.filter((c) => v === undefined || c.veileder === v).reduce((sum, c) => sum + c.open, 0),
      soon: open.filter((c) => v === undefined || c.veileder === v).reduce((sum, c) => sum + c.soon, 0),
      breaches: breached.filter((c) => v === undefined || c.veileder === v).reduce((sum, c) => sum + c.breaches, 0),
    });
    const veileders = [...new Set([...open, ...breached, ...held, ...latencies].map((r) => r.veileder))]
      .map((v) => (v === '' ? null : v))
      .sort();
    return {
      office,
      asOf: today,
      releaseWindow: { from, to },
      total: figures(countsOf(), heldOf(), latenciesOf()),
      byVeileder: veileders.map((v) => ({
        veilederIdent: v,
        ...figures(countsOf(v ?? ''), heldOf(v ?? ''), latenciesOf(v ?? '')),
      })),
    };
  }
}
