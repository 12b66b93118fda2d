import { MigrationInterface, QueryRunner } from 'typeorm';

/** GET /payments?status=…: payments of some statuses by due date, then release time, then id. */
export class PaymentList1732000000401 implements MigrationInterface {
  name = 'PaymentList1732000000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX payment_status_due ON payment (status, due_date, released_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_status_due`);
  }
}
