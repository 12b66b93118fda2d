import { Logger as TypeOrmLogger } from 'typeorm';
import { serviceLogger } from './logging';

/**
 * TypeORM's errors and migrations in our JSON format. Queries are logged without their parameters:
 * those may hold a fødselsnummer.
 */
export class JsonTypeOrmLogger implements TypeOrmLogger {
  logQuery(): void {}
  logQueryError(error: string | Error, query: string): void {
    serviceLogger().error({ context: 'typeorm', query }, `query failed: ${error instanceof Error ? error.message : error}`);
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
