import { createHash } from 'crypto';
import { Client } from 'pg';
import { DataSourceOptions, EntityManager, QueryRunner } from 'typeorm';
import { JsonTypeOrmLogger } from './observability/typeorm-logger';

/** Creates the service's database if it does not exist. Each service owns its own database. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name must be lower-case letters, digits and _: ${name}`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created by another instance meanwhile
      });
    }
  } finally {
    await admin.end();
  }
}

/** TypeORM settings: schema only through migrations, run at start-up; never `synchronize`. */
export function dataSourceOptions(
  databaseUrl: string,
  entities: DataSourceOptions['entities'],
  migrations: DataSourceOptions['migrations'],
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'migration'],
    logger: new JsonTypeOrmLogger(),
    // Connections are kept for a minute when idle (pg's default is 10 s): under bursty load a pool that
    // shrinks between bursts makes PostgreSQL start and warm a new backend for each connection again.
    extra: { max: 10, idleTimeoutMillis: 60_000 },
  };
}

/** Statement names by SQL text; at most MAX_PREPARED texts are named, any further run unnamed. */
const statementNames = new Map<string, string>();
const MAX_PREPARED = 200;

function statementName(text: string): string | null {
  const known = statementNames.get(text);
  if (known) return known;
  if (statementNames.size >= MAX_PREPARED) return null;
  const name = `vf_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  statementNames.set(text, name);
  return name;
}

type PgClient = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };

/**
 * Runs a statement of the hot path as a named prepared statement on the transaction's connection:
 * PostgreSQL parses and plans it once per connection, not at every execution. Under load that was
 * almost half of PostgreSQL's CPU per piece of evidence (docs/throughput.md). For fixed SQL texts
 * with parameters, run inside a transaction (outside one it runs as a plain query). Returns the rows.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  on: EntityManager | QueryRunner,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const runner = on instanceof EntityManager ? on.queryRunner : on;
  const name = statementName(text);
  if (runner?.isTransactionActive && name !== null) {
    const client = (await runner.connect()) as PgClient;
    return (await client.query({ name, text, values })).rows as T[];
  }
  const plain = runner ?? (on as EntityManager).connection.createQueryRunner();
  try {
    return (await plain.query(text, values, true)).records as T[];
  } finally {
    if (!runner) await plain.release();
  }
}
