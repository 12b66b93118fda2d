import { INestApplication } from '@nestjs/common';
import { AsyncResource } from 'async_hooks';
import { CORRELATION_HEADER, acceptCorrelationId, withContext } from './context';
import { serviceLogger } from './logging';
import { Observability } from './observability';

interface Req {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  route?: { path?: string };
  baseUrl?: string;
}
interface Res {
  statusCode: number;
  setHeader(name: string, value: string): void;
  on(event: 'finish', listener: () => void): void;
}

/** Probes and scrapes are logged at debug only: they come every few seconds. */
const QUIET = new Set(['/metrics', '/health', '/health/live', '/health/ready']);

/**
 * The first middleware of a service: takes the caller's X-Correlation-ID (or makes one), returns it,
 * runs the rest of the request in its context (so every log line and every event the request causes
 * carries it), and on the answer writes one access log line and the request's metrics. The line
 * names the route pattern, never the path itself, which could hold a value someone sent.
 */
export function observeHttp(app: INestApplication, observability: Observability): void {
  const logger = serviceLogger(observability.service);
  app.use((req: Req, res: Res, next: () => void) => {
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_HEADER]);
    res.setHeader('X-Correlation-ID', correlationId);
    const started = process.hrtime.bigint();
    withContext({ service: observability.service, correlationId, metrics: observability.metrics }, () => {
      res.on(
        'finish',
        AsyncResource.bind(() => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
          const status = res.statusCode;
          observability.metrics.httpDuration.observe({ method: req.method, route, status: String(status) }, seconds);
          // A probe that says 503 is news (not ready, or draining), not a failure of the service.
          const level = QUIET.has(route) ? (status >= 300 ? 'warn' : 'debug') : status >= 500 ? 'error' : 'info';
          logger[level](
            { context: 'http', method: req.method, route, status, durationMs: Math.round(seconds * 1000) },
            `${req.method} ${route} ${status}`,
          );
        }),
      );
      next();
    });
  });
}
