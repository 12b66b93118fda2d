import { Logger as TypeOrmLogger } from 'typeorm';
import { serviceLogger } from './logging';

/**
 * TypeORM's errors and migrations in our JSON format. Queries are logged without their parameters:
 * those may hold a fødselsnummer.
 */
export class JsonTypeOrmLogger implements TypeOrmLogger {
  logQuery(): void {}
  logQueryError(error: string | Error, query: string): void {
    const message = `query failed: ${error instanceof Error ? error.message : error}`;
    // A deadlock or serialization conflict is broken by PostgreSQL and the transaction tried again
    // (the batched consumer does so): worth a warning, not an error.
    const code = typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    if (code === '40P01' || code === '40001')
      serviceLogger().warn({ context: 'typeorm', query, code }, `${message} (transient: a consumer tries its batch again)`);
    else serviceLogger().error({ context: 'typeorm', query }, message);
  }
  logQuerySlow(time: number, query: string): void {
    serviceLogger().warn({ context: 'typeorm', query, durationMs: time }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    serviceLogger().debug({ context: 'typeorm' }, message);
  }
  logMigration(message: string): void {
    serviceLogger().info({ context: 'typeorm.migration' }, message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    serviceLogger()[level === 'warn' ? 'warn' : 'debug']({ context: 'typeorm' }, String(message));
  }
}
