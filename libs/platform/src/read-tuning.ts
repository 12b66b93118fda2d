import { QueryRunner } from 'typeorm';

/**
 * The services' queries are short and many: PostgreSQL's JIT compilation, which starts on plans it
 * guesses to be costly, took 40–150 ms of a 10 ms query over the scale seed. Off for the service's
 * own database (new connections), in a migration so every database gets it.
 */
export async function turnOffJit(q: QueryRunner): Promise<void> {
  await q.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$`);
}

export async function resetJit(q: QueryRunner): Promise<void> {
  await q.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET jit', current_database()); END $$`);
}
