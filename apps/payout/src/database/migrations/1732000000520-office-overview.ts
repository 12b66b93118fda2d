import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The office overview kept as events arrive instead of recomputed from every payment on each call:
 * - held_figures_change: one row per change to the held payments of an office and veileder, appended
 *   in the transaction that changes the payment (append-only, so concurrent batches never wait on
 *   a shared counter row);
 * - held_figures: the changes folded per office and veileder by the compaction job;
 * - release_latency: one row per released payment (its latest release), read by date window.
 * The veileder is '' where none is known (null in answers). Filled from the payments already stored.
 */
export class OfficeOverview1732000000520 implements MigrationInterface {
  name = 'OfficeOverview1732000000520';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE held_figures (
        office          text NOT NULL,
        veileder_ident  text NOT NULL,
        held_count      bigint NOT NULL,
        held_amount_ore bigint NOT NULL,
        PRIMARY KEY (office, veileder_ident)
      )`);
    await q.query(`
      CREATE TABLE held_figures_change (
        seq             bigserial PRIMARY KEY,
        office          text NOT NULL,
        veileder_ident  text NOT NULL,
        held_count      int NOT NULL,
        held_amount_ore bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX held_figures_change_office ON held_figures_change (office)`);
    await q.query(`
      CREATE TABLE release_latency (
        payment_id     uuid PRIMARY KEY,
        office         text NOT NULL,
        veileder_ident text NOT NULL,
        released_at    timestamptz NOT NULL,
        latency_ms     bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX release_latency_office_at ON release_latency (office, released_at) INCLUDE (veileder_ident, latency_ms)`);
    await q.query(`
      INSERT INTO held_figures (office, veileder_ident, held_count, held_amount_ore)
      SELECT office, coalesce(veileder_ident, ''), count(*) FILTER (WHERE status = 'HELD'), coalesce(sum(amount_ore) FILTER (WHERE status = 'HELD'), 0)
      FROM payment GROUP BY office, coalesce(veileder_ident, '')`);
    await q.query(`
      INSERT INTO release_latency (payment_id, office, veileder_ident, released_at, latency_ms)
      SELECT p.id, p.office, coalesce(p.veileder_ident, ''), p.released_at, l.ms
      FROM payment p
      CROSS JOIN LATERAL (
        SELECT (extract(epoch FROM p.released_at - max((g.value->>'at')::timestamptz)) * 1000)::bigint AS ms
        FROM jsonb_each(p.gates) g
        HAVING count(*) > 0 AND bool_and(g.value <> 'null'::jsonb)
      ) l
      WHERE p.released_at IS NOT NULL AND l.ms >= 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE release_latency`);
    await q.query(`DROP TABLE held_figures_change`);
    await q.query(`DROP TABLE held_figures`);
  }
}
