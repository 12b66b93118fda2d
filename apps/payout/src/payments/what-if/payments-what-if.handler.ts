import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, NotFound, assertOfficeAccess } from '@vf/platform';
import { GateChange, forecastPayments } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../../database/payment.entity';
import { toPaymentState } from '../payment.store';

export interface PaymentsWhatIfQuery {
  decisionId: string;
  changes: GateChange[];
  actor: Actor;
  now: Date;
}

/**
 * "What would happen if": the payments of a decision the changes reach, as the payment decider would
 * decide them on payout's state now (other conditions' gates, not-before day, stopped, released).
 * Reads only: no lock, no write, no event. Payout's state is as far as its consumers have come; an
 * event still on its way is not in it.
 */
@Injectable()
export class PaymentsWhatIfHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(query: PaymentsWhatIfQuery) {
    const rows = await this.dataSource
      .getRepository(PaymentEntity)
      .find({ where: { decisionId: query.decisionId }, order: { dueDate: 'ASC', ref: 'ASC' } });
    if (rows.length === 0) throw new NotFound('decisionId', 'payout knows no payments of this decision (yet)');
    assertOfficeAccess(query.actor, rows[0].office);
    const forecasts = forecastPayments(query.changes, rows.map(toPaymentState), query.now);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const conditionIds = [...new Set(forecasts.flatMap((f) => f.waitingFor))];
    const conditions = conditionIds.length
      ? await this.dataSource.getRepository(GateConditionEntity).findBy({ conditionId: In(conditionIds) })
      : [];
    const condition = new Map(conditions.map((c) => [c.conditionId, c]));
    return {
      decisionId: query.decisionId,
      at: query.now.toISOString(),
      payments: forecasts.map((f) => {
        const row = byId.get(f.paymentId)!;
        return {
          ...f,
          ref: row.ref,
          purpose: row.purpose,
          dueDate: row.dueDate,
          waitingFor: f.waitingFor.map((conditionId) => ({
            conditionId,
            ref: condition.get(conditionId)?.ref ?? null,
            text: condition.get(conditionId)?.text ?? null,
          })),
        };
      }),
    };
  }
}
