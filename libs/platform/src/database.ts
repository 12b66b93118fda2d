import { Client } from 'pg';
import { DataSourceOptions } from 'typeorm';
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
