import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  Actor,
  Allow,
  CurrentActor,
  NotFound,
  PageQuery,
  Pager,
  ParseUuid,
  assertOfficeAccess,
  forbiddenOffice,
  paging,
  readableOffices,
} from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { paymentViews } from '../payment.view';

const byDecision = new Pager<PaymentEntity>('decision-payments', ['date', 'text', 'uuid'], (p) => [p.dueDate, p.ref, p.id]);
const byCase = new Pager<PaymentEntity>('case-payments', ['date', 'text', 'uuid'], (p) => [p.dueDate, p.ref, p.id]);

/** A page of payments by due date, then ref, then id, after the cursor's key. */
async function pageOf(pager: Pager<PaymentEntity>, q: SelectQueryBuilder<PaymentEntity>, query: PageQuery) {
  const { limit, cursor } = paging(query);
  const after = pager.after(cursor);
  q.orderBy('p.due_date', 'ASC')
    .addOrderBy('p.ref', 'ASC')
    .addOrderBy('p.id', 'ASC')
    .limit(limit + 1);
  if (after) {
    q.andWhere('(p.due_date, p.ref, p.id) > (CAST(:dueDate AS date), :ref, CAST(:id AS uuid))', {
      dueDate: after[0],
      ref: after[1],
      id: after[2],
    });
  }
  return { first: !after, ...pager.page(await q.getMany(), limit) };
}

/** What each payment is still waiting for, per decision, per case, or one at a time. */
@Controller()
@Allow('veileder', 'decision-unit', 'payment-team', 'auditor')
export class GetPaymentsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('decisions/:decisionId/payments')
  async forDecision(
    @Param('decisionId', new ParseUuid('decisionId')) decisionId: string,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
  ) {
    const repo = this.dataSource.getRepository(PaymentEntity);
    const any = await repo.findOne({ where: { decisionId }, select: { id: true, office: true } });
    if (!any) throw new NotFound('decisionId', 'payout knows no payments of this decision (yet)');
    assertOfficeAccess(actor, any.office);
    const { rows, nextCursor } = await pageOf(
      byDecision,
      repo.createQueryBuilder('p').where('p.decision_id = :decisionId', { decisionId }),
      query,
    );
    return { decisionId, payments: await this.views(rows), nextCursor };
  }

  @Get('cases/:caseId/payments')
  async forCase(@Param('caseId') caseId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const offices = readableOffices(actor);
    const q = this.dataSource.getRepository(PaymentEntity).createQueryBuilder('p').where('p.case_id = :caseId', { caseId });
    if (offices) q.andWhere('p.office = ANY(:offices)', { offices });
    const { first, rows, nextCursor } = await pageOf(byCase, q, query);
    if (rows.length === 0 && first) throw forbiddenOffice(); // a case number can be guessed: same answer whether it exists or not
    return { caseId, payments: await this.views(rows), nextCursor };
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
