import { All, Controller, Logger, Param, Req, Res } from '@nestjs/common';
import { NotFound } from '@vf/platform';
import { SessionStore } from '../session/session.store';
import { InjectWebConfig } from '../web-config.provider';
import { SERVICE_KEYS, ServiceKey, WebConfig } from '../web.config';

interface ProxyRequest {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
interface ProxyResponse {
  status(code: number): ProxyResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string | Buffer): unknown;
  json(body: unknown): unknown;
}

/** Request headers the services may need besides the token. */
const FORWARDED = ['accept', 'content-type', 'idempotency-key', 'x-correlation-id'];
/** Answer headers the browser may need. */
const RETURNED = ['content-type', 'content-disposition', 'x-correlation-id', 'idempotent-replayed'];

/**
 * The browser's one way to the services: /api/<service>/<path> goes to that service's <path> with the
 * signed-in user's token. The services decide what the user may do; this only carries the request.
 */
@Controller('api')
export class ApiProxyController {
  private readonly logger = new Logger('proxy');

  constructor(
    private readonly sessions: SessionStore,
    @InjectWebConfig() private readonly config: WebConfig,
  ) {}

  @All(':service/*path')
  async forward(@Param('service') service: string, @Req() req: ProxyRequest, @Res() res: ProxyResponse): Promise<void> {
    if (!(SERVICE_KEYS as readonly string[]).includes(service)) throw new NotFound('service', `must be one of ${SERVICE_KEYS.join(', ')}`);
    const session = await this.sessions.require(req);
    const path = req.originalUrl.slice(`/api/${service}`.length);
    const headers: Record<string, string> = { authorization: `Bearer ${session.token}` };
    for (const h of FORWARDED) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const hasBody = !['GET', 'HEAD'].includes(req.method);
    let upstream: Response;
    try {
      upstream = await fetch(this.config.services[service as ServiceKey] + path, {
        method: req.method,
        headers,
        body: hasBody ? JSON.stringify(req.body ?? {}) : undefined,
        signal: AbortSignal.timeout(this.config.upstreamTimeoutMs),
      });
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError';
      this.logger.warn(`${service} ${timedOut ? 'did not answer in time' : 'could not be reached'}`);
      res.status(timedOut ? 504 : 502).json({
        statusCode: timedOut ? 504 : 502,
        message: timedOut ? 'the service did not answer in time' : 'the service could not be reached',
        errors: [{ field: 'service', reason: `${service} is unavailable` }],
      });
      return;
    }
    res.status(upstream.status);
    for (const h of RETURNED) {
      const v = upstream.headers.get(h);
      if (v) res.setHeader(h, v);
    }
    res.setHeader('cache-control', 'no-store');
    res.send(Buffer.from(await upstream.arrayBuffer()));
  }
}
