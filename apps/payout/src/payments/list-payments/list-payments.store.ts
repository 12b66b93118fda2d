import { EntityManager } from 'typeorm';
import { KeyValue, cursorTs } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';

export type ListedRow = { payment: PaymentEntity; releasedAt: string | null };

export interface PaymentsPageQuery {
  statuses: PaymentEntity['status'][];
  /** The offices the reader may see; null for all (the payment team). */
  offices: string[] | null;
  /** The (due date, released at, id) key the page starts after, or null for the first page. */
  after: KeyValue[] | null;
  /** Rows to fetch: the page's size and one more, to tell whether there is a next page. */
  take: number;
}

/** `(due_date, released_at NULLS LAST, id)` after the cursor's key, on the table under the alias given. */
function keyAfter(alias: string, releasedAt: KeyValue): string {
  return releasedAt === null
    ? `(${alias}.due_date > CAST(:dueDate AS date) OR (${alias}.due_date = CAST(:dueDate AS date) AND ${alias}.released_at IS NULL
         AND ${alias}.id > CAST(:id AS uuid)))`
    : `(${alias}.due_date > CAST(:dueDate AS date) OR (${alias}.due_date = CAST(:dueDate AS date) AND (${alias}.released_at IS NULL
         OR ${alias}.released_at > CAST(:releasedAt AS timestamptz)
         OR (${alias}.released_at = CAST(:releasedAt AS timestamptz) AND ${alias}.id > CAST(:id AS uuid)))))`;
}

/**
 * How many payments of these statuses the reader may see. count(*), not TypeORM's getCount (a
 * count of distinct ids, which sorts them all); without an office filter it is an index-only scan
 * of `payment_status_due`.
 */
export async function countPayments(manager: EntityManager, { statuses, offices }: Pick<PaymentsPageQuery, 'statuses' | 'offices'>) {
  const [row]: Array<{ n: number }> = await manager.query(
    `SELECT count(*)::int AS n FROM payment WHERE status = ANY($1::text[])${offices ? ' AND office = ANY($2::text[])' : ''}`,
    offices ? [statuses, offices] : [statuses],
  );
  return row.n;
}

/**
 * One page of payments of the given statuses, by due date, then release time (not yet released
 * last), then id. Each status's first rows after the cursor are read in the order of the index
 * `payment_status_due (status, due_date, released_at, id)`, at most `take` of them, and only those
 * are sorted. PostgreSQL 15 reads `status = ANY(…)` on an index's leading column unordered, so the
 * plain query read and sorted every payment of those statuses: 140 ms at a million payments with
 * 31,600 released, for the payment team's list (issue #10, twelfth round). The lower bound on the due
 * date lets a page deep in the list start in the index where its cursor is. On a table never analysed
 * the planner may still fetch a status's rows and sort them (it takes the table for a few pages);
 * with the statistics autovacuum keeps, it walks the index.
 */
export async function paymentsPage(manager: EntityManager, query: PaymentsPageQuery): Promise<ListedRow[]> {
  const { raw, entities } = await paymentsPageQuery(manager, query).getRawAndEntities<{ k_released: string | null }>();
  return entities.map((payment, i) => ({ payment, releasedAt: raw[i].k_released }));
}

/** The statement of paymentsPage (its plan is tested). */
export function paymentsPageQuery(manager: EntityManager, { statuses, offices, after, take }: PaymentsPageQuery) {
  const [dueDate, releasedAt, id] = after ?? [];
  const firstOfEachStatus = `SELECT f.id FROM unnest(CAST(:statuses AS text[])) AS s(status) CROSS JOIN LATERAL (
      SELECT i.id FROM payment i
      WHERE i.status = s.status${offices ? ' AND i.office = ANY(:offices)' : ''}
        ${after ? `AND i.due_date >= CAST(:dueDate AS date) AND ${keyAfter('i', releasedAt)}` : ''}
      ORDER BY i.due_date, i.released_at NULLS LAST, i.id LIMIT :take) f`;
  return manager
    .getRepository(PaymentEntity)
    .createQueryBuilder('p')
    .addSelect(cursorTs('p.released_at'), 'k_released')
    .where(`p.id = ANY (ARRAY(${firstOfEachStatus}))`, { statuses, offices, dueDate, releasedAt, id, take })
    .orderBy('p.due_date', 'ASC')
    .addOrderBy('p.released_at', 'ASC', 'NULLS LAST')
    .addOrderBy('p.id', 'ASC')
    .limit(take);
}
