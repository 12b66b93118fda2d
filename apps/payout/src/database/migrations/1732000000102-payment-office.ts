import { MigrationInterface, QueryRunner } from 'typeorm';

/** The office of the decision a payment belongs to, for office-scoped reads. */
export class PaymentOffice1732000000102 implements MigrationInterface {
  name = 'PaymentOffice1732000000102';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN office text NOT NULL DEFAULT '0000'`);
    await q.query(`ALTER TABLE payment ALTER COLUMN office DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP COLUMN office`);
  }
}
