import {
  BeforeApplicationShutdown,
  Controller,
  DynamicModule,
  Get,
  Header,
  Inject,
  Injectable,
  Module,
  OnModuleDestroy,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard';
import { JsonLogger, serviceLogger } from './logging';
import { OBSERVABILITY, Observability } from './observability';

/**
 * GET /metrics, Prometheus' text format. Not behind the token check, like /health: on NAV's platform
 * (NAIS) Prometheus scrapes the pod directly inside the cluster, and the ingress does not route
 * /metrics. The figures name no person (no fødselsnummer, no case id, no decision id).
 */
@ApiExcludeController() // for the platform, not the API's clients: described in docs/observability.md
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(OBSERVABILITY) private readonly observability: Observability) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async metrics(@Res({ passthrough: true }) res: { type(t: string): void }): Promise<string> {
    const registry = this.observability.metrics.registry;
    res.type(registry.contentType);
    return registry.metrics();
  }
}

/**
 * Liveness and readiness for the platform. Live: the process answers. Ready: the database answers,
 * the Kafka producer is connected, the consumer has joined its group, and the service is not
 * draining for shutdown. `/health` (the database only) stays as it was for the scripts.
 */
@ApiExcludeController() // for the platform, not the API's clients: described in docs/observability.md
@Controller('health')
export class HealthProbesController {
  constructor(
    @Inject(OBSERVABILITY) private readonly observability: Observability,
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) res: { status(code: number): void }) {
    const checks = [
      () => {
        const session = this.indicator.check('shutdown');
        return this.observability.draining ? session.down({ reason: 'draining for shutdown' }) : session.up();
      },
      async () => {
        const session = this.indicator.check('database');
        try {
          await withTimeout(this.dataSource.query('SELECT 1'), 2000);
          return session.up();
        } catch (e) {
          return session.down({ reason: (e as Error).message });
        }
      },
      ...[...this.observability.readiness].map(([name, check]) => async () => {
        const session = this.indicator.check(name);
        const result = await check();
        return result.up ? session.up() : session.down({ reason: result.reason ?? 'down' });
      }),
    ];
    try {
      return await this.health.check(checks);
    } catch (e) {
      // Terminus' own body (which check is down and why) rather than the generic error shape.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      return e.getResponse();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Marks the service draining as soon as shutdown begins, and keeps serving for SHUTDOWN_DRAIN_MS while
 * /health/ready says 503, so the platform stops routing to it before the HTTP server stops taking
 * requests (Nest closes it after this hook, then the consumer finishes its batch and leaves).
 */
@Injectable()
class DrainOnShutdown implements OnModuleDestroy, BeforeApplicationShutdown {
  constructor(@Inject(OBSERVABILITY) private readonly observability: Observability) {}
  onModuleDestroy(): void {
    this.observability.draining = true;
  }
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.observability.draining = true;
    const ms = this.observability.drainMs;
    serviceLogger(this.observability.service).info(
      { context: 'shutdown', signal },
      `shutting down${signal ? ` on ${signal}` : ''}: not ready${ms ? `, still serving for ${ms} ms` : ''}`,
    );
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** Terminus logs a failed check; in our JSON format, not its colored text. */
class TerminusLogger extends JsonLogger {}

@Module({})
export class ObservabilityModule {
  static forService(observability: Observability): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: TerminusLogger, errorLogStyle: 'json' })],
      controllers: [MetricsController, HealthProbesController],
      providers: [{ provide: OBSERVABILITY, useValue: observability }, DrainOnShutdown],
      exports: [OBSERVABILITY],
    };
  }
}
