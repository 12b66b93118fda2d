import { DynamicModule, INestApplication, LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ServiceConfig } from './config';
import { ensureDatabase } from './database';
import { configureHttp } from './http';
import { serveOpenApi } from './openapi';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVELS=error,warn keeps a test run quiet; the default is Nest's. Bodies are never logged. */
function logLevels(): LogLevel[] | undefined {
  const wanted = process.env.LOG_LEVELS?.split(',').map((l) => l.trim());
  return wanted ? LEVELS.filter((l) => wanted.includes(l)) : undefined;
}

/**
 * Builds a service: its database is created if missing, migrations run as TypeORM connects, the
 * outbox relay and consumer start. Resolves when the app is ready to listen.
 */
export async function createServiceApp(module: DynamicModule, config: ServiceConfig): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  const app = await NestFactory.create(module, { logger: logLevels() });
  configureHttp(app);
  serveOpenApi(app, config.service);
  await app.init();
  return app;
}

export async function runService(module: DynamicModule, config: ServiceConfig): Promise<void> {
  const app = await createServiceApp(module, config);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(config.port, host);
  new Logger(config.service).log(`${config.service} listening on http://${host}:${config.port}`);
}
