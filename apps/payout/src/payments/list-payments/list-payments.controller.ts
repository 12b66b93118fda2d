import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, Pager, cursorTs, paging, readableOffices } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { paymentViews } from '../payment.view';
import { ListPaymentsQuery } from './list-payments.query.dto';

type Row = { payment: PaymentEntity; releasedAt: string | null };
const pager = new Pager<Row>('payments', ['date', 'ts?', 'uuid'], (r) => [r.payment.dueDate, r.releasedAt, r.payment.id]);

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
      const q = manager
        .getRepository(PaymentEntity)
        .createQueryBuilder('p')
        .addSelect(cursorTs('p.released_at'), 'k_released')
        .where('p.status = ANY(:statuses)', { statuses });
      if (offices) q.andWhere('p.office = ANY(:offices)', { offices });
      const total = await q.clone().getCount();
      if (after) {
        // (due_date, released_at NULLS LAST, id) after the cursor's key.
        const [dueDate, releasedAt, id] = after;
        q.andWhere(
          releasedAt === null
            ? '(p.due_date > CAST(:dueDate AS date) OR (p.due_date = CAST(:dueDate AS date) AND p.released_at IS NULL AND p.id > CAST(:id AS uuid)))'
            : `(p.due_date > CAST(:dueDate AS date) OR (p.due_date = CAST(:dueDate AS date) AND (p.released_at IS NULL OR p.released_at > CAST(:releasedAt AS timestamptz)
                 OR (p.released_at = CAST(:releasedAt AS timestamptz) AND p.id > CAST(:id AS uuid)))))`,
          { dueDate, releasedAt, id },
        );
      }
      q.orderBy('p.due_date', 'ASC')
        .addOrderBy('p.released_at', 'ASC', 'NULLS LAST')
        .addOrderBy('p.id', 'ASC')
        .limit(limit + 1);
      const { raw, entities } = await q.getRawAndEntities<{ k_released: string | null }>();
      const { rows: page, nextCursor } = pager.page(
        entities.map((payment, i) => ({ payment, releasedAt: raw[i].k_released })),
        limit,
      );
      const rows = page.map((r) => r.payment);
      const views = await paymentViews(manager, rows);
      return { total, payments: views.map((view, i) => ({ ...view, office: rows[i].office })), nextCursor };
    });
  }
}
