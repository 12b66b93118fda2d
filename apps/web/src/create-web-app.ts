import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'fs';
import { join } from 'path';
import { configureHttp } from '@vf/platform';
import { WebModule } from './web.module';
import { WebConfig } from './web.config';

interface Req {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
}
interface Res {
  setHeader(name: string, value: string): void;
  sendFile(path: string): void;
}

/** The page may load only its own scripts and styles, talk only to its own origin, and not be framed. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * Builds the web app: the built browser app from `staticDir` (any other page path gets index.html,
 * the browser app routes), /auth for sign-in and /api/<service>/ for the services.
 */
export async function createWebApp(config: WebConfig, logger?: LogLevel[] | false): Promise<INestApplication> {
  const index = join(config.staticDir, 'index.html');
  if (!existsSync(index)) throw new Error(`no built browser app at ${config.staticDir} (run: npm run build:web)`);
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forConfig(config), { logger });
  app.disable('x-powered-by');
  app.use((_req: Req, res: Res, next: () => void) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    next();
  });
  app.useStaticAssets(config.staticDir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Req, res: Res, next: () => void) => {
    const page = req.method === 'GET' && !/^\/(api|auth)(\/|$)/.test(req.path) && (req.headers.accept ?? '').includes('text/html');
    if (!page) return next();
    res.setHeader('cache-control', 'no-store');
    res.sendFile(index);
  });
  configureHttp(app);
  await app.init();
  return app;
}
