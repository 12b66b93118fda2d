import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What caused a case's document's last change (the event or request payout handled). A payment
 * released while handling that same cause is already in the document: the refresh ran after the
 * release, in its transaction, so payout's own payment-released need not refresh it again.
 */
export class InnsynRefreshedBy1732000000523 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE innsyn_document ADD COLUMN refreshed_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE innsyn_document DROP COLUMN refreshed_by`);
  }
}
