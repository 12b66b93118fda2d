import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, ParseUuid, assertOfficeAccess, forbiddenOffice, mayActForOffice } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { paymentViews } from '../payment.view';

/** What each payment is still waiting for, per decision, per case, or one at a time. */
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

  @Get('cases/:caseId/payments')
  async forCase(@Param('caseId') caseId: string, @CurrentActor() actor: Actor) {
    const rows = await this.dataSource.getRepository(PaymentEntity).find({ where: { caseId }, order: { dueDate: 'ASC', ref: 'ASC' } });
    const visible = rows.filter((r) => mayActForOffice(actor, r.office));
    if (visible.length === 0) throw forbiddenOffice(); // a case number can be guessed: same answer whether it exists or not
    return { caseId, payments: await this.views(visible) };
  }

  @Get('payments/:paymentId')
  async one(@Param('paymentId', new ParseUuid('paymentId')) paymentId: string, @CurrentActor() actor: Actor) {
    const row = await this.dataSource.getRepository(PaymentEntity).findOneBy({ id: paymentId });
    if (!row) throw new NotFound('paymentId', 'no payment with this id');
    assertOfficeAccess(actor, row.office);
    return (await this.views([row]))[0];
  }

  private views(rows: PaymentEntity[]) {
    return paymentViews(this.dataSource, rows);
  }
}
