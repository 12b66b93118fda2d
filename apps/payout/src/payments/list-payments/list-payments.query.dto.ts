import { Matches } from 'class-validator';
import { PAYMENT_STATUSES, PaymentStatus } from '@vf/rules';
import { PageQuery } from '@vf/platform';

export const LISTABLE_STATUSES = PAYMENT_STATUSES.filter((s): s is Exclude<PaymentStatus, 'NONE'> => s !== 'NONE');
const one = `(${LISTABLE_STATUSES.join('|')})`;

/** `GET /payments?status=RELEASED,FAILED&limit=50&offset=0` */
export class ListPaymentsQuery extends PageQuery {
  /** One status or a comma-separated list of them; required. */
  @Matches(new RegExp(`^${one}(,${one})*$`), { message: `is required: one or a comma-separated list of ${LISTABLE_STATUSES.join(', ')}` })
  status: string;
}
