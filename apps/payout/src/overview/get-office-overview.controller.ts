import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, assertOfficeAccess } from '@vf/platform';
import { HistogramBucket, addDays, histogram, osloDate, percentile } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../database/payment.entity';

interface Figures {
  openConditions: number;
  deadlinesNext7Days: number;
  breachesAwaitingDecision: number;
  heldPayments: { count: number; amountOre: number };
  /** From a payment's last condition met (or lifted, or decided) to its release, in milliseconds; bucketed in `histogram`. */
  releaseLatencyMs: { count: number; median: number | null; p95: number | null; histogram: HistogramBucket[] };
}

function figures(conditions: GateConditionEntity[], payments: PaymentEntity[], today: string): Figures {
  const decided = new Set(
    payments.flatMap((p) =>
      Object.entries(p.gates)
        .filter(([, r]) => r?.how === 'REDUCED')
        .map(([id]) => id),
    ),
  );
  const weekAhead = addDays(today, 7);
  const held = payments.filter((p) => p.status === 'HELD');
  const latencies = payments
    .filter((p) => p.releasedAt && Object.keys(p.gates).length > 0 && Object.values(p.gates).every((r) => r !== null))
    .map((p) => p.releasedAt!.getTime() - Math.max(...Object.values(p.gates).map((r) => Date.parse(r!.at))))
    .filter((ms) => ms >= 0);
  return {
    openConditions: conditions.filter((c) => c.status === 'OPEN').length,
    deadlinesNext7Days: conditions.filter((c) => c.status === 'OPEN' && c.deadline && c.deadline >= today && c.deadline <= weekAhead)
      .length,
    breachesAwaitingDecision: conditions.filter((c) => c.status === 'BREACHED' && !decided.has(c.conditionId)).length,
    heldPayments: { count: held.length, amountOre: held.reduce((sum, p) => sum + p.amountOre, 0) },
    releaseLatencyMs: {
      count: latencies.length,
      median: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      histogram: histogram(latencies),
    },
  };
}

/** Per office and per follow-up veileder: what is open, what is due, what waits, and how fast money goes. */
@Controller('offices/:office/overview')
@Allow('decision-unit', 'veileder', 'auditor')
export class GetOfficeOverviewController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async overview(@Param('office') office: string, @CurrentActor() actor: Actor) {
    if (!/^\d{4}$/.test(office)) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid request',
        errors: [{ field: 'office', reason: 'must be a four-digit NAV office number' }],
      });
    }
    assertOfficeAccess(actor, office);
    const [conditions, payments] = await Promise.all([
      this.dataSource.getRepository(GateConditionEntity).findBy({ office }),
      this.dataSource.getRepository(PaymentEntity).findBy({ office }),
    ]);
    const today = osloDate(new Date());
    const veileders = [...new Set([...conditions.map((c) => c.veilederIdent), ...payments.map((p) => p.veilederIdent)])].sort();
    return {
      office,
      asOf: today,
      total: figures(conditions, payments, today),
      byVeileder: veileders.map((v) => ({
        veilederIdent: v,
        ...figures(
          conditions.filter((c) => c.veilederIdent === v),
          payments.filter((p) => p.veilederIdent === v),
          today,
        ),
      })),
    };
  }
}
