import fc from 'fast-check';
import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';
import { withSharedMigrations } from '@vf/messaging';
import { dataSourceOptions, ensureDatabase } from '@vf/platform';
import { eventually } from '@vf/testing';
import { MIGRATIONS } from '../src/database';
import { OfficeCases1732000000800 } from '../src/database/migrations/1732000000800-office-cases';
import { OfficeCasePlans1732000000900 } from '../src/database/migrations/1732000000900-office-case-plans';

// office_case, the office case list's projection, kept by condition's triggers. On a real PostgreSQL:
// after any mix of statements it equals what the conditions say (worked out here in TypeScript, not
// by the triggers' SQL), and two transactions changing one case at once do not lose either's change.

const pgBase = () => process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB = `vf_e2e_${process.env.E2E_DB_TAG ?? ''}office_case`;
const url = () => `${pgBase()}/${DB}`;

interface Row {
  id: string;
  decision_id: string;
  case_id: string;
  office: string;
  status: string;
  deadline: string;
  veileder_ident: string | null;
}
type Listed = Omit<Row, 'id' | 'decision_id' | 'status' | 'deadline' | 'veileder_ident'> & {
  decision_ids: string[];
  open: number;
  breached: number;
  fulfilled: number;
  soonest_deadline: string | null;
  veileder_ident: string | null;
};

async function dropDatabase() {
  const admin = new Client({ connectionString: `${pgBase()}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}

async function recreate(migrations: Array<new () => MigrationInterface>): Promise<DataSource> {
  await dropDatabase();
  await ensureDatabase(url());
  return new DataSource({ ...dataSourceOptions(url(), [], withSharedMigrations(migrations)), logging: ['error'] }).initialize();
}

/** A data source or one connection of its own (for a transaction held open). */
type Queryable = { query: (sql: string, params?: unknown[]) => Promise<unknown> };

/** Inserts conditions in one statement. */
async function insert(db: Queryable, rows: Row[]) {
  await db.query(
    `INSERT INTO condition (id, decision_id, case_id, office, ref, text, deadline, requirement, gates_payment_ids, status, veileder_ident)
     SELECT id, decision_id, case_id, office, 'C1', 'Lever husleiekvittering', deadline, '{"kind":"ACTIVITY","activity":"x"}', '[]',
            status, veileder_ident
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[])
       AS r(id, decision_id, case_id, office, status, deadline, veileder_ident)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.decision_id),
      rows.map((r) => r.case_id),
      rows.map((r) => r.office),
      rows.map((r) => r.status),
      rows.map((r) => r.deadline),
      rows.map((r) => r.veileder_ident),
    ],
  );
}

const setStatus = (db: Queryable, ids: string[], status: string) =>
  db.query(`UPDATE condition SET status = $2 WHERE id = ANY($1::uuid[])`, [ids, status]);

/** What the list should hold, worked out from the conditions. */
async function expected(db: DataSource): Promise<Listed[]> {
  const rows: Row[] = await db.query(
    `SELECT id, decision_id, case_id, office, status, to_char(deadline, 'YYYY-MM-DD') AS deadline, veileder_ident FROM condition`,
  );
  const byCase = new Map<string, Row[]>();
  for (const r of rows) byCase.set(`${r.office}/${r.case_id}`, [...(byCase.get(`${r.office}/${r.case_id}`) ?? []), r]);
  const cases: Listed[] = [];
  for (const rs of byCase.values()) {
    const count = (s: string) => rs.filter((r) => r.status === s).length;
    if (count('OPEN') + count('BREACHED') === 0) continue;
    const open = rs.filter((r) => r.status === 'OPEN').map((r) => r.deadline);
    const first = rs
      .filter((r) => (r.status === 'OPEN' || r.status === 'BREACHED') && r.veileder_ident !== null)
      .sort((a, b) => +(a.status !== 'OPEN') - +(b.status !== 'OPEN') || cmp(a.deadline, b.deadline) || cmp(a.id, b.id))[0];
    cases.push({
      office: rs[0].office,
      case_id: rs[0].case_id,
      decision_ids: [...new Set(rs.map((r) => r.decision_id))].sort(cmp),
      open: count('OPEN'),
      breached: count('BREACHED'),
      fulfilled: count('FULFILLED'),
      soonest_deadline: open.length ? open.sort(cmp)[0] : null,
      veileder_ident: first?.veileder_ident ?? null,
    });
  }
  return cases.sort((a, b) => cmp(a.office, b.office) || cmp(a.case_id, b.case_id));
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function listed(db: DataSource): Promise<Listed[]> {
  return db.query(
    `SELECT office, case_id, decision_ids, open, breached, fulfilled, to_char(soonest_deadline, 'YYYY-MM-DD') AS soonest_deadline,
            veileder_ident
     FROM office_case ORDER BY office, case_id`,
  );
}

const condition = (over: Partial<Row> = {}): Row => ({
  id: randomUUID(),
  decision_id: randomUUID(),
  case_id: 'S-1',
  office: '0301',
  status: 'OPEN',
  deadline: '2026-12-01',
  veileder_ident: null,
  ...over,
});

describe('follow-up: the office case list kept by the condition triggers', () => {
  let db: DataSource;
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await dropDatabase();
  });

  it('given conditions stored before, when migrated up, then the list is filled from them; down drops it', async () => {
    db = await recreate(MIGRATIONS.filter((m) => m !== OfficeCases1732000000800 && m !== OfficeCasePlans1732000000900));
    const decision = randomUUID();
    await insert(db, [
      condition({ case_id: 'S-2', decision_id: decision, deadline: '2026-12-03', veileder_ident: 'Z111111' }),
      condition({ case_id: 'S-2', decision_id: decision, status: 'FULFILLED' }),
      condition({ case_id: 'S-3', status: 'BREACHED', veileder_ident: 'Z222222' }),
      condition({ case_id: 'S-4', status: 'LIFTED' }),
      condition({ case_id: 'S-2', office: '1201' }),
    ]);
    const runner = db.createQueryRunner();
    try {
      await new OfficeCases1732000000800().up(runner);
      const after = await listed(db);
      expect(after.map((c) => [c.office, c.case_id, c.open, c.breached, c.fulfilled])).toEqual([
        ['0301', 'S-2', 1, 0, 1],
        ['0301', 'S-3', 0, 1, 0],
        ['1201', 'S-2', 1, 0, 0],
      ]);
      expect(after).toEqual(await expected(db));
      // The second version of the triggers' function keeps it as the first did; its down puts the first back.
      await new OfficeCasePlans1732000000900().up(runner);
      await setStatus(db, [(await db.query(`SELECT id FROM condition WHERE case_id = 'S-3'`))[0].id], 'OPEN');
      expect((await listed(db)).map((c) => [c.case_id, c.open, c.breached])).toEqual([
        ['S-2', 1, 0],
        ['S-3', 1, 0],
        ['S-2', 1, 0],
      ]);
      expect(await listed(db)).toEqual(await expected(db));
      await new OfficeCasePlans1732000000900().down(runner);
      expect((await db.query(`SELECT prosrc FROM pg_proc WHERE proname = 'office_case_refresh'`))[0].prosrc).toContain('LOOP');
      await new OfficeCases1732000000800().down(runner);
      expect(await db.query(`SELECT to_regclass('office_case') AS t`)).toEqual([{ t: null }]);
    } finally {
      await runner.release();
      await db.destroy();
    }
  });

  it('given any mix of inserts, updates and deletes, one statement each, then the list equals what the conditions say', async () => {
    db = await recreate(MIGRATIONS);
    const statuses = ['OPEN', 'FULFILLED', 'BREACHED', 'LIFTED', 'ANNULLED'];
    const cond = fc.record({
      case_id: fc.constantFrom('S-1', 'S-2', 'S-3', 'S-10'),
      office: fc.constantFrom('0301', '1201'),
      decision: fc.nat(2),
      status: fc.constantFrom(...statuses),
      deadline: fc.constantFrom('2026-11-30', '2026-12-01', '2026-12-15'),
      veileder_ident: fc.constantFrom(null, 'Z111111', 'Z222222'),
    });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), rows: fc.array(cond, { minLength: 1, maxLength: 6 }) }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }),
        status: fc.constantFrom(...statuses),
        deadline: fc.constantFrom('2026-11-29', '2026-12-02'),
        veileder_ident: fc.constantFrom(null, 'Z333333'),
        column: fc.constantFrom('status', 'deadline', 'veileder_ident', 'text'),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }) }),
    );
    const decisions = [randomUUID(), randomUUID(), randomUUID()];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        await db.query(`TRUNCATE evidence, condition`);
        expect(await listed(db)).toEqual([]);
        for (const s of steps) {
          const ids: string[] = (await db.query(`SELECT id FROM condition ORDER BY id`)).map((r: { id: string }) => r.id);
          const picked = s.kind === 'insert' || ids.length === 0 ? [] : [...new Set(s.pick.map((i) => ids[i % ids.length]))];
          if (s.kind === 'insert') {
            await insert(
              db,
              s.rows.map(({ decision, ...r }) => condition({ ...r, decision_id: decisions[decision] })),
            );
          } else if (s.kind === 'delete') {
            await db.query(`DELETE FROM condition WHERE id = ANY($1::uuid[])`, [picked]);
          } else {
            const value = { status: s.status, deadline: s.deadline, veileder_ident: s.veileder_ident, text: 'Ny tekst' }[s.column];
            await db.query(`UPDATE condition SET ${s.column} = $2 WHERE id = ANY($1::uuid[])`, [picked, value]);
          }
          expect(await listed(db)).toEqual(await expected(db));
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('given statistics taken while the list was empty, when 20 of 2,000 listed cases change, then only their rows are read', async () => {
    if (db?.isInitialized) await db.destroy();
    db = await recreate(MIGRATIONS);
    const many = Array.from({ length: 2000 }, (_, i) => condition({ case_id: `S-${i}`, status: 'FULFILLED' }));
    await insert(db, many);
    // As after a day when every case was done, or a new office: ANALYZE sees an empty list.
    await db.query(`ANALYZE condition, office_case`);
    await setStatus(
      db,
      many.map((c) => c.id),
      'OPEN',
    );
    const client = new Client({ connectionString: url() });
    await client.connect();
    try {
      for (const when of ['statistics of an empty list', 'statistics of the full list']) {
        if (when === 'statistics of the full list') await client.query(`ANALYZE condition, office_case`);
        await client.query('BEGIN');
        await setStatus(
          client,
          many.slice(100, 120).map((c) => c.id),
          'FULFILLED',
        );
        // Rows and index entries read in this transaction: the UPDATE's own 20 by primary key, then the
        // triggers' statements. Reading the whole list or all conditions would be 2,000 or more.
        const { rows } = await client.query(
          `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read FROM pg_stat_xact_user_tables
           WHERE relname IN ('condition', 'office_case') ORDER BY relname`,
        );
        const read = Object.fromEntries(rows.map((r) => [r.relname, Number(r.read) <= 100 ? 'at most 100' : Number(r.read)]));
        expect({ when, ...read }).toEqual({ when, condition: 'at most 100', office_case: 'at most 100' });
        await client.query('ROLLBACK');
      }
    } finally {
      await client.end();
    }
    expect(await listed(db)).toEqual(await expected(db));
    expect((await listed(db)).length).toBe(2000);
  }, 60_000);

  describe('two transactions changing one case at once', () => {
    let a: Client;
    let b: Client;
    beforeEach(async () => {
      if (!db?.isInitialized) db = await recreate(MIGRATIONS);
      await db.query(`TRUNCATE evidence, condition`);
      [a, b] = [new Client({ connectionString: url() }), new Client({ connectionString: url() })];
      await Promise.all([a.connect(), b.connect()]);
    });
    afterEach(async () => {
      await Promise.all([a.end(), b.end()]);
    });

    /** Runs `first` in a, then `second` in b until b waits on a's lock, commits a, then b; returns b's error, if any. */
    async function race(first: (c: Client) => Promise<unknown>, second: (c: Client) => Promise<unknown>) {
      await a.query('BEGIN');
      await first(a);
      await b.query('BEGIN');
      const [{ pid }] = (await b.query('SELECT pg_backend_pid() AS pid')).rows;
      const running = second(b);
      await eventually(
        async () => (await db.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]))[0]?.wait_event_type === 'Lock',
        10_000,
        'the second transaction waits for the first',
      );
      await a.query('COMMIT');
      await running;
      await b.query('COMMIT');
    }

    it('when each fulfils one of its two open conditions, then the case leaves the list', async () => {
      const [c1, c2] = [condition(), condition()];
      await insert(db, [c1, c2]);
      expect((await listed(db)).map((c) => c.open)).toEqual([2]);
      await race(
        (c) => setStatus(c, [c1.id], 'FULFILLED'),
        (c) => setStatus(c, [c2.id], 'FULFILLED'),
      );
      expect(await listed(db)).toEqual([]);
    });

    it('when each adds a condition to a case not yet listed, then both are counted', async () => {
      await race(
        (c) => insert(c, [condition({ case_id: 'S-9', deadline: '2026-12-05' })]),
        (c) => insert(c, [condition({ case_id: 'S-9', deadline: '2026-12-02', veileder_ident: 'Z111111' })]),
      );
      expect(await listed(db)).toEqual(await expected(db));
      expect((await listed(db)).map((c) => [c.case_id, c.open, c.soonest_deadline, c.veileder_ident])).toEqual([
        ['S-9', 2, '2026-12-02', 'Z111111'],
      ]);
    });

    it('when one fulfils the last open condition while the other adds one, then the case stays with the new one', async () => {
      const last = condition();
      await insert(db, [last]);
      await race(
        (c) => setStatus(c, [last.id], 'FULFILLED'),
        (c) => insert(c, [condition({ deadline: '2026-12-20' })]),
      );
      expect((await listed(db)).map((c) => [c.case_id, c.open, c.fulfilled, c.soonest_deadline])).toEqual([['S-1', 1, 1, '2026-12-20']]);
    });
  });
});
