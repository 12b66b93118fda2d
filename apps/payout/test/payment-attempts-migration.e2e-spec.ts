import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from '../src/database';

/**
 * Migration 1732000000400 on a database that already holds payments: each one's release history is
 * derived from payout's own outbox, or, where that is missing, its current attempt from the row.
 */
describe('migration: release attempts of existing payments', () => {
  const base = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const url = `${base}/vf_e2e_attempts_migration`;
  const before = MIGRATIONS.findIndex((m) => m.name === 'PaymentAttempts1732000000400');
  const ids = { paid: randomUUID(), again: randomUUID(), pruned: randomUUID(), held: randomUUID(), partial: randomUUID() };
  let db: Client;

  async function migrate(migrations: typeof MIGRATIONS) {
    const ds = new DataSource({ ...dataSourceOptions(url, ENTITIES, migrations), logging: false });
    await ds.initialize();
    await ds.destroy();
  }

  beforeAll(async () => {
    const admin = new Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS vf_e2e_attempts_migration WITH (FORCE)`);
    await admin.end();
    await ensureDatabase(url);
    expect(before).toBeGreaterThan(0);
    await migrate(MIGRATIONS.slice(0, before));
    db = new Client({ connectionString: url });
    await db.connect();

    const payment = (id: string, status: string, releases: number, releasedAt: string | null, settlement: object | null) =>
      db.query(
        `INSERT INTO payment (id, decision_id, case_id, ref, office, purpose, amount_ore, due_date, payee, status, gates, released_at, releases, settlement)
         VALUES ($1, $2, 'K-1', 'P1', '0301', 'RENT', 850000, '2026-12-01', '{"type":"RECIPIENT","nationalId":"01810012311"}', $3, '{}', $4, $5, $6)`,
        [id, randomUUID(), status, releasedAt, releases, settlement && JSON.stringify(settlement)],
      );
    const outbox = (topic: string, payload: object) =>
      db.query(`INSERT INTO outbox (event_id, topic, message_key, value, published_at) VALUES ($1, $2, 'k', $3, now())`, [
        randomUUID(),
        `vilkarsflyt.${topic}.v1`,
        JSON.stringify({ eventId: randomUUID(), type: `${topic}.v1`, payload }),
      ]);
    const released = (paymentId: string, attempt: number, releasedAt: string, amountOre = 850_000) =>
      outbox('payment-released', {
        paymentId,
        attempt,
        idempotencyKey: `vilkarsflyt:payment:${paymentId}:release:${attempt}`,
        releasedAt,
        amountOre,
      });
    const status = (paymentId: string, s: string, at: string, extra: object) =>
      outbox('payment-status', { paymentId, status: s, at, reason: null, reference: null, paidOn: null, ...extra });

    const paidSettlement = {
      outcome: 'PAID',
      reference: 'UTB-1',
      paidOn: '2026-12-01',
      reason: null,
      reportedAt: '2026-12-01T08:00:00.000Z',
    };
    await payment(ids.paid, 'PAID', 1, '2026-11-20T10:00:00.000Z', paidSettlement);
    await payment(ids.again, 'RELEASED', 2, '2026-12-02T09:00:00.000Z', null);
    await payment(ids.pruned, 'FAILED', 1, '2026-11-21T10:00:00.000Z', {
      outcome: 'FAILED',
      reference: null,
      paidOn: null,
      reason: 'closed account',
      reportedAt: '2026-11-22T08:00:00.000Z',
    });
    await payment(ids.held, 'HELD', 0, null, null);
    await payment(ids.partial, 'RELEASED', 2, '2026-12-03T09:00:00.000Z', null);

    // In the order payout published them; other payments' events and a STOPPED status in between.
    await released(ids.paid, 1, '2026-11-20T10:00:00.000Z');
    await released(ids.again, 1, '2026-11-20T11:00:00.000Z');
    await status(ids.again, 'FAILED', '2026-11-25T08:00:00.000Z', { reason: 'the account is closed' });
    await status(ids.held, 'STOPPED', '2026-11-25T09:00:00.000Z', { reason: 'moved' });
    await status(ids.paid, 'PAID', '2026-12-01T08:00:00.000Z', { reference: 'UTB-1', paidOn: '2026-12-01' });
    await released(ids.again, 2, '2026-12-02T09:00:00.000Z');
    await released(ids.partial, 2, '2026-12-03T09:00:00.000Z');

    await migrate(MIGRATIONS);
  });

  afterAll(async () => {
    await db?.end();
    const admin = new Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS vf_e2e_attempts_migration WITH (FORCE)`);
    await admin.end();
  });

  const attempts = async (id: string) => (await db.query(`SELECT attempts FROM payment WHERE id = $1`, [id])).rows[0].attempts;
  const key = (id: string, n: number) => `vilkarsflyt:payment:${id}:release:${n}`;

  it('takes a paid payment’s one release and its report from the outbox', async () => {
    expect(await attempts(ids.paid)).toEqual([
      {
        attempt: 1,
        idempotencyKey: key(ids.paid, 1),
        releasedAt: '2026-11-20T10:00:00.000Z',
        amountOre: 850_000,
        settlement: { outcome: 'PAID', reference: 'UTB-1', paidOn: '2026-12-01', reason: null, reportedAt: '2026-12-01T08:00:00.000Z' },
      },
    ]);
  });

  it('gives a payment released again both attempts, the failure on the first', async () => {
    expect(await attempts(ids.again)).toEqual([
      {
        attempt: 1,
        idempotencyKey: key(ids.again, 1),
        releasedAt: '2026-11-20T11:00:00.000Z',
        amountOre: 850_000,
        settlement: {
          outcome: 'FAILED',
          reference: null,
          paidOn: null,
          reason: 'the account is closed',
          reportedAt: '2026-11-25T08:00:00.000Z',
        },
      },
      { attempt: 2, idempotencyKey: key(ids.again, 2), releasedAt: '2026-12-02T09:00:00.000Z', amountOre: 850_000, settlement: null },
    ]);
  });

  it('falls back to the row for the current attempt when the outbox has no or not all of its releases', async () => {
    expect(await attempts(ids.pruned)).toEqual([
      {
        attempt: 1,
        idempotencyKey: key(ids.pruned, 1),
        releasedAt: '2026-11-21T10:00:00.000Z',
        amountOre: 850_000,
        settlement: { outcome: 'FAILED', reference: null, paidOn: null, reason: 'closed account', reportedAt: '2026-11-22T08:00:00.000Z' },
      },
    ]);
    expect(await attempts(ids.partial)).toEqual([
      { attempt: 2, idempotencyKey: key(ids.partial, 2), releasedAt: '2026-12-03T09:00:00.000Z', amountOre: 850_000, settlement: null },
    ]);
  });

  it('gives a payment never released no attempts', async () => {
    expect(await attempts(ids.held)).toEqual([]);
  });
});
