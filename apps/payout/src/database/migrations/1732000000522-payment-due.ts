import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The due-payment job's claim: held payments with a not-before day and no condition left holding them.
 * Payments still held by a condition are not in it, so a million of them do not slow the job, nor keep
 * it from the ones that are due.
 */
export class PaymentDue1732000000522 implements MigrationInterface {
  name = 'PaymentDue1732000000522';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX payment_due ON payment (not_before, id) WHERE status = 'HELD' AND not_before IS NOT NULL AND NOT (gates @? '$.* ? (@ == null)')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_due`);
  }
}
