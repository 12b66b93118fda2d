import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, ServiceConfig, ServiceName, loadServiceConfig } from './config';
import { ensureDatabase } from './database';
import { configureHttp } from './http';
import { serveOpenApi } from './openapi';
import {
  Observability,
  ObservabilityModule,
  jsonLogger,
  observeHttp,
  serviceLogger,
  setProcessService,
  withContext,
} from './observability';

/** The root every service runs under: its own module, and /metrics and /health/live|ready beside it. */
@Module({})
class ServiceRoot {}

/**
 * Builds a service: its database is created if missing, migrations run as TypeORM connects, the
 * outbox relay and consumer start. Resolves when the app is ready to listen. Everything it starts
 * runs in the service's log context, so its lines say which service wrote them. Logs are JSON
 * (LOG_LEVEL or LOG_LEVELS; see docs/observability.md). Bodies are never logged.
 */
export async function createServiceApp(module: DynamicModule, config: ServiceConfig): Promise<INestApplication> {
  const observability = new Observability(config.service, config.shutdownDrainMs);
  return withContext({ service: config.service, metrics: observability.metrics }, async () => {
    await ensureDatabase(config.databaseUrl);
    const root: DynamicModule = { module: ServiceRoot, imports: [module, ObservabilityModule.forService(observability)] };
    const app = await NestFactory.create(root, { logger: jsonLogger });
    observeHttp(app, observability);
    configureHttp(app);
    serveOpenApi(app, config.service);
    await app.init();
    // Shutdown runs in the service's context too, whoever calls it (several services share the e2e tests' process).
    const close = app.close.bind(app);
    app.close = () => withContext({ service: config.service, metrics: observability.metrics }, () => close());
    return app;
  });
}

export async function runService(module: DynamicModule, config: ServiceConfig): Promise<void> {
  setProcessService(config.service);
  const app = await createServiceApp(module, config);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(config.port, host);
  serviceLogger(config.service).info({ context: 'bootstrap' }, `${config.service} listening on http://${host}:${config.port}`);
}

/**
 * A service's main: checks the configuration (each problem one line naming the variable, then exit
 * 1), and starts it; a failure to start is one line and exit 1 too.
 */
export function startService(service: ServiceName, module: (config: ServiceConfig) => DynamicModule): void {
  setProcessService(service);
  const logger = serviceLogger(service);
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(service);
  } catch (e) {
    const problems = e instanceof ConfigError ? e.problems : [(e as Error).message];
    for (const problem of problems) logger.fatal({ context: 'config' }, `configuration: ${problem}`);
    process.exit(1);
  }
  runService(module(config), config).catch((e: Error) => {
    logger.fatal({ context: 'bootstrap' }, `${service} failed to start: ${e.message}`);
    process.exit(1);
  });
}
