import { DataSource } from 'typeorm';
import { preparedQuery } from '@vf/platform';

// preparedQuery on a real PostgreSQL: inside a transaction a statement is prepared once on the
// connection and run again by name; outside one it runs as a plain query. Rows either way.

let dataSource: DataSource;

beforeAll(async () => {
  const base = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  dataSource = await new DataSource({ type: 'postgres', url: `${base}/postgres`, extra: { max: 2 } }).initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
});

const SQUARE = `SELECT $1::int * $1::int AS square /* prepared-query spec */`;

it('given a transaction, when the same statement runs twice, then it is prepared once on the connection and answers both', async () => {
  await dataSource.transaction(async (manager) => {
    const first = await preparedQuery<{ square: number }>(manager, SQUARE, [3]);
    const second = await preparedQuery<{ square: number }>(manager, SQUARE, [4]);
    expect([first, second]).toEqual([[{ square: 9 }], [{ square: 16 }]]);
    const prepared: Array<{ name: string; statement: string }> = await manager.query(
      `SELECT name, statement FROM pg_prepared_statements WHERE statement = $1`,
      [SQUARE],
    );
    expect(prepared).toHaveLength(1);
    expect(prepared[0].name).toMatch(/^vf_[0-9a-f]{24}$/);
  });
});

it('returns the rows of an UPDATE … RETURNING in a transaction, and of a plain query outside one', async () => {
  await dataSource.transaction(async (manager) => {
    await manager.query(`CREATE TEMP TABLE prepared_spec (id int PRIMARY KEY, n int) ON COMMIT DROP`);
    await manager.query(`INSERT INTO prepared_spec VALUES (1, 10), (2, 20)`);
    const updated = await preparedQuery(manager, `UPDATE prepared_spec SET n = n + $1 WHERE id = $2 RETURNING id, n`, [5, 2]);
    expect(updated).toEqual([{ id: 2, n: 25 }]);
  });
  expect(await preparedQuery(dataSource.manager, `SELECT $1::text AS said`, ['utenfor'])).toEqual([{ said: 'utenfor' }]);
});
