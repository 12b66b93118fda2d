import { MigrationInterface, QueryRunner } from 'typeorm';
import { releaseIdempotencyKey } from '@vf/rules';

/**
 * Each payment's release attempts, oldest first, each with its own settlement. Existing payments get
 * their history from payout's own outbox (it keeps every payment-released and payment-status it
 * published): each release, with the PAID or FAILED report that followed it before the next release.
 * A released payment whose outbox history is missing or incomplete gets its current attempt from the
 * row (released_at, amount, settlement); earlier attempts of such a payment cannot be known.
 */
export class PaymentAttempts1732000000400 implements MigrationInterface {
  name = 'PaymentAttempts1732000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN attempts jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`
      WITH released AS (
        SELECT DISTINCT ON (payment_id, attempt) payment_id, attempt, seq, p
        FROM (
          SELECT (value->'payload'->>'paymentId')::uuid AS payment_id, (value->'payload'->>'attempt')::int AS attempt, seq, value->'payload' AS p
          FROM outbox WHERE topic = 'vilkarsflyt.payment-released.v1'
        ) r
        ORDER BY payment_id, attempt, seq
      ),
      settled AS (
        SELECT (value->'payload'->>'paymentId')::uuid AS payment_id, seq, value->'payload' AS p
        FROM outbox WHERE topic = 'vilkarsflyt.payment-status.v1' AND value->'payload'->>'status' IN ('PAID', 'FAILED')
      ),
      history AS (
        SELECT r.payment_id, count(*) AS n, max(r.attempt) AS last,
          jsonb_agg(jsonb_build_object(
            'attempt', r.attempt,
            'idempotencyKey', r.p->'idempotencyKey',
            'releasedAt', r.p->'releasedAt',
            'amountOre', r.p->'amountOre',
            'settlement', (
              SELECT jsonb_build_object('outcome', s.p->'status', 'reference', s.p->'reference', 'paidOn', s.p->'paidOn', 'reason', s.p->'reason', 'reportedAt', s.p->'at')
              FROM settled s
              WHERE s.payment_id = r.payment_id AND s.seq > r.seq
                AND NOT EXISTS (SELECT 1 FROM released n WHERE n.payment_id = r.payment_id AND n.seq > r.seq AND n.seq < s.seq)
              ORDER BY s.seq LIMIT 1)
          ) ORDER BY r.attempt) AS attempts
        FROM released r
        GROUP BY r.payment_id
      )
      UPDATE payment SET attempts = h.attempts
      FROM history h
      WHERE payment.id = h.payment_id AND h.n = payment.releases AND h.last = payment.releases`);
    const rest: Array<{ id: string; releases: number; released_at: Date; amount_ore: string; settlement: unknown }> = await q.query(
      `SELECT id, releases, released_at, amount_ore, settlement FROM payment
       WHERE releases >= 1 AND released_at IS NOT NULL AND attempts = '[]'::jsonb`,
    );
    for (const p of rest) {
      const attempt = {
        attempt: p.releases,
        idempotencyKey: releaseIdempotencyKey(p.id, p.releases),
        releasedAt: p.released_at.toISOString(),
        amountOre: Number(p.amount_ore),
        settlement: p.settlement ?? null,
      };
      await q.query(`UPDATE payment SET attempts = $2 WHERE id = $1`, [p.id, JSON.stringify([attempt])]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment DROP COLUMN attempts`);
  }
}
