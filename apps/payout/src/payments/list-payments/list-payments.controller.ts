import { Controller, Get, Query } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, Allow, CurrentActor, paging, readableOffices } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { paymentViews } from '../payment.view';
import { ListPaymentsQuery } from './list-payments.query.dto';

/**
 * Payments in the given statuses, by due date, then release time, then id: the payment team's list
 * across all offices; everyone else sees only the offices in their token.
 */
@Controller('payments')
@Allow('veileder', 'decision-unit', 'payment-team', 'auditor')
export class ListPaymentsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() query: ListPaymentsQuery, @CurrentActor() actor: Actor) {
    const { limit, offset } = paging(query, 50);
    const statuses = [...new Set(query.status.split(','))] as PaymentEntity['status'][];
    const offices = readableOffices(actor);
    if (offices?.length === 0) return { total: 0, payments: [] };
    // One snapshot for the page and the total.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [rows, total] = await manager.getRepository(PaymentEntity).findAndCount({
        where: { status: In(statuses), ...(offices ? { office: In(offices) } : {}) },
        order: { dueDate: 'ASC', releasedAt: { direction: 'ASC', nulls: 'LAST' }, id: 'ASC' },
        skip: offset,
        take: limit,
      });
      const views = await paymentViews(manager, rows);
      return { total, payments: views.map((view, i) => ({ ...view, office: rows[i].office })) };
    });
  }
}
