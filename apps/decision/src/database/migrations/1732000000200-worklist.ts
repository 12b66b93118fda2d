import { MigrationInterface, QueryRunner } from 'typeorm';

export class Worklist1732000000200 implements MigrationInterface {
  name = 'Worklist1732000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE worklist_item (
        id           uuid PRIMARY KEY,
        kind         text NOT NULL CHECK (kind IN ('CONDITION_BREACHED', 'RELEASED_PAYMENT_QUESTIONED')),
        office       text NOT NULL,
        case_id      text NOT NULL,
        decision_id  uuid NOT NULL,
        condition_id uuid NOT NULL,
        payment_id   uuid,
        summary      text NOT NULL,
        raised_at    timestamptz NOT NULL,
        status       text NOT NULL CHECK (status IN ('OPEN', 'DONE'))
      )`);
    await q.query(`CREATE INDEX worklist_item_open ON worklist_item (office, raised_at) WHERE status = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE worklist_item`);
  }
}
