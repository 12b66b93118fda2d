import { Controller, Get, Param } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, ParseUuid, assertOfficeAccess } from '@vf/platform';
import { maskNationalId, waitingFor } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../../database/payment.entity';
import { toPaymentState } from '../payment.store';

/**
 * What each payment of a decision is still waiting for: what a veileder shows the recipient at the
 * desk. The recipient's fødselsnummer is masked here; the payment team gets it in its own feed.
 */
@Controller()
@Allow('veileder', 'decision-unit', 'payment-team', 'auditor')
export class GetPaymentsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('decisions/:decisionId/payments')
  async forDecision(@Param('decisionId', new ParseUuid('decisionId')) decisionId: string, @CurrentActor() actor: Actor) {
    const rows = await this.dataSource.getRepository(PaymentEntity).find({ where: { decisionId }, order: { dueDate: 'ASC', ref: 'ASC' } });
    if (rows.length === 0) throw new NotFound('decisionId', 'payout knows no payments of this decision (yet)');
    assertOfficeAccess(actor, rows[0].office);
    return { decisionId, payments: await this.views(rows) };
  }

  @Get('payments/:paymentId')
  async one(@Param('paymentId', new ParseUuid('paymentId')) paymentId: string, @CurrentActor() actor: Actor) {
    const row = await this.dataSource.getRepository(PaymentEntity).findOneBy({ id: paymentId });
    if (!row) throw new NotFound('paymentId', 'no payment with this id');
    assertOfficeAccess(actor, row.office);
    return (await this.views([row]))[0];
  }

  private async views(rows: PaymentEntity[]) {
    const ids = [...new Set(rows.flatMap((r) => Object.keys(r.gates)))];
    const conditions = ids.length ? await this.dataSource.getRepository(GateConditionEntity).findBy({ conditionId: In(ids) }) : [];
    const byId = new Map(conditions.map((c) => [c.conditionId, c]));
    return rows.map((row) => {
      const state = toPaymentState(row);
      const describe = (conditionId: string) => {
        const c = byId.get(conditionId);
        return { conditionId, ref: c?.ref ?? null, text: c?.text ?? null, deadline: c?.deadline ?? null };
      };
      return {
        paymentId: row.id,
        decisionId: row.decisionId,
        caseId: row.caseId,
        ref: row.ref,
        purpose: row.purpose,
        amountOre: row.amountOre,
        dueDate: row.dueDate,
        payee: row.payee.type === 'RECIPIENT' ? { type: 'RECIPIENT', nationalId: maskNationalId(row.payee.nationalId) } : row.payee,
        status: row.status,
        releasedAt: row.releasedAt?.toISOString() ?? null,
        waitingFor: waitingFor(state).map(describe),
        met: Object.entries(row.gates)
          .filter(([, metAt]) => metAt !== null)
          .map(([conditionId, metAt]) => ({ ...describe(conditionId), metAt })),
      };
    });
  }
}
