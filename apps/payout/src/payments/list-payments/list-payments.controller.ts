import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, Pager, paging, readableOffices } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { paymentViews } from '../payment.view';
import { ListPaymentsQuery } from './list-payments.query.dto';
import { ListedRow, countPayments, paymentsPage } from './list-payments.store';

const pager = new Pager<ListedRow>('payments', ['date', 'ts?', 'uuid'], (r) => [r.payment.dueDate, r.releasedAt, r.payment.id]);

/**
 * Payments in the given statuses, by due date, then release time, then id: the payment team's list
 * across all offices; everyone else sees only the offices in their token. A page after the cursor, and
 * how many there are in all.
 */
@Controller('payments')
@Allow('veileder', 'decision-unit', 'payment-team', 'auditor')
export class ListPaymentsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() query: ListPaymentsQuery, @CurrentActor() actor: Actor) {
    const { limit, cursor } = paging(query);
    const after = pager.after(cursor);
    const statuses = [...new Set(query.status.split(','))] as PaymentEntity['status'][];
    const offices = readableOffices(actor);
    if (offices?.length === 0) return { total: 0, payments: [], nextCursor: null };
    // One snapshot for the page and the total.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const total = await countPayments(manager, { statuses, offices });
      const { rows: page, nextCursor } = pager.page(await paymentsPage(manager, { statuses, offices, after, take: limit + 1 }), limit);
      const rows = page.map((r) => r.payment);
      const views = await paymentViews(manager, rows);
      return { total, payments: views.map((view, i) => ({ ...view, office: rows[i].office })), nextCursor };
    });
  }
}
