import { createPublicKey } from 'crypto';
import { readFileSync } from 'fs';
import { AuthConfig, loadAuthConfig } from './auth/auth-config';
import { PINO_LEVELS } from './observability/logging';

/** Service settings from the environment, with defaults that fit `npm run start:all` on one machine. */
export type ServiceName = 'decision' | 'follow-up' | 'payout';

export interface ServiceConfig {
  service: ServiceName;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  /** Consumer group; one per service, shared by its instances. */
  consumerGroup: string;
  auth: AuthConfig;
  /** How often scheduled jobs (deadlines, due payments) look for work. */
  jobIntervalMs: number;
  /**
   * On SIGTERM, how long the service says "not ready" while still serving, before it stops taking
   * requests: the time the platform needs to stop routing to it (SHUTDOWN_DRAIN_MS, default 0).
   */
  shutdownDrainMs: number;
  /** The other services' HTTP addresses, for read-only questions (what-if previews). */
  peerUrls: Record<ServiceName, string>;
}

/** Every problem with the configuration, one line each, naming the variable and what is wrong (never its value). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const DEFAULT_PORTS: Record<ServiceName, number> = { decision: 3001, 'follow-up': 3002, payout: 3003 };

function envName(service: ServiceName, key: string): string {
  return `${service.replace('-', '_').toUpperCase()}_${key}`;
}

/** `DECISION_URL`, `FOLLOW_UP_URL`, `PAYOUT_URL` (the names the web app uses), else 127.0.0.1 on the service's port. */
function peerUrl(service: ServiceName, env: NodeJS.ProcessEnv, problems: string[]): string {
  const name = envName(service, 'URL');
  const value = env[name];
  if (value !== undefined) {
    try {
      if (!/^https?:$/.test(new URL(value).protocol)) throw new Error();
    } catch {
      problems.push(`${name}: must be an http(s) URL`);
    }
  }
  return (value ?? `http://127.0.0.1:${env[envName(service, 'PORT')] ?? DEFAULT_PORTS[service]}`).replace(/\/$/, '');
}

const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
const wholeNumber = (v: string) => (/^\d{1,9}$/.test(v.trim()) ? Number(v) : NaN);

function postgresUrl(name: string, value: string, problems: string[], needsDatabase: boolean): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name}: must be a postgres:// URL`);
    return;
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) problems.push(`${name}: must be a postgres:// URL`);
  else if (needsDatabase && !/^\/[a-z0-9_]+$/.test(url.pathname))
    problems.push(`${name}: the database name must be lower-case letters, digits and _`);
}

/**
 * The service's settings, every variable checked at once. Throws a ConfigError listing each missing or
 * malformed variable; the service's main prints them one a line and exits 1.
 */
export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const problems: string[] = [];

  const portName = envName(service, 'PORT');
  const port = env[portName] === undefined ? DEFAULT_PORTS[service] : wholeNumber(env[portName]!);
  if (!isPort(port)) problems.push(`${portName}: must be a port number (0-65535)`);

  const pgBase = env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  if (env.PG_URL !== undefined) postgresUrl('PG_URL', env.PG_URL, problems, false);
  const dbPrefix = env.DB_PREFIX ?? 'vilkarsflyt';
  if (!/^[a-z0-9_]{1,40}$/.test(dbPrefix)) problems.push('DB_PREFIX: must be 1-40 lower-case letters, digits and _');
  const dbName = envName(service, 'DATABASE_URL');
  const databaseUrl = env[dbName] ?? `${pgBase.replace(/\/+$/, '')}/${dbPrefix}_${service.replace('-', '_')}`;
  if (env[dbName] !== undefined) postgresUrl(dbName, env[dbName]!, problems, true);

  const kafkaBrokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  if (kafkaBrokers.some((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b) || !isPort(Number(b.split(':')[1])))) {
    problems.push('KAFKA_BROKERS: must be host:port, or several separated by commas');
  }

  const groupName = envName(service, 'CONSUMER_GROUP');
  const consumerGroup = env[groupName] ?? `vilkarsflyt.${service}`;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(consumerGroup)) problems.push(`${groupName}: must be 1-200 letters, digits, '.', '_' or '-'`);

  const jobIntervalMs = env.JOB_INTERVAL_MS === undefined ? 15_000 : wholeNumber(env.JOB_INTERVAL_MS);
  if (!(jobIntervalMs >= 10)) problems.push('JOB_INTERVAL_MS: must be a whole number of milliseconds, at least 10');

  const shutdownDrainMs = env.SHUTDOWN_DRAIN_MS === undefined ? 0 : wholeNumber(env.SHUTDOWN_DRAIN_MS);
  if (!(shutdownDrainMs <= 60_000)) problems.push('SHUTDOWN_DRAIN_MS: must be a whole number of milliseconds, at most 60000');

  for (const name of ['LOG_LEVEL', 'LOG_FILE_LEVEL'] as const) {
    const v = env[name];
    if (
      v !== undefined &&
      !PINO_LEVELS.includes(v.trim() as (typeof PINO_LEVELS)[number]) &&
      !(name === 'LOG_LEVEL' && v.trim() === 'silent')
    ) {
      problems.push(`${name}: must be one of ${PINO_LEVELS.join(', ')}${name === 'LOG_LEVEL' ? ', silent' : ''}`);
    }
  }
  if (
    env.LOG_LEVELS !== undefined &&
    env.LOG_LEVELS.split(',').some((l) => !['fatal', 'error', 'warn', 'log', 'debug', 'verbose'].includes(l.trim()))
  ) {
    problems.push('LOG_LEVELS: must be a comma-separated list of fatal, error, warn, log, debug, verbose');
  }

  const peerUrls = {
    decision: peerUrl('decision', env, problems),
    'follow-up': peerUrl('follow-up', env, problems),
    payout: peerUrl('payout', env, problems),
  };

  problems.push(...authProblems(env));
  if (problems.length) throw new ConfigError(problems);
  return { service, port, databaseUrl, kafkaBrokers, consumerGroup, auth: loadAuthConfig(env), jobIntervalMs, shutdownDrainMs, peerUrls };
}

/** The token settings (see auth-config.ts), a line per variable that is missing or malformed. */
function authProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (!env.AUTH_ISSUER) problems.push('AUTH_ISSUER: missing');
  if (!env.AUTH_AUDIENCE) problems.push('AUTH_AUDIENCE: missing');
  const { AUTH_JWKS_URL: jwks, AUTH_PUBLIC_KEY_PEM: pem, AUTH_PUBLIC_KEY_FILE: file } = env;
  if (!jwks && !pem && !file) problems.push('AUTH_JWKS_URL: missing (or, in development, AUTH_PUBLIC_KEY_PEM or AUTH_PUBLIC_KEY_FILE)');
  if (jwks) {
    try {
      if (!/^https?:$/.test(new URL(jwks).protocol)) throw new Error();
    } catch {
      problems.push('AUTH_JWKS_URL: must be an http(s) URL');
    }
  }
  const publicKey = (name: string, text: string) => {
    try {
      createPublicKey(text);
    } catch {
      problems.push(`${name}: must hold a PEM public key`);
    }
  };
  if (pem) publicKey('AUTH_PUBLIC_KEY_PEM', pem);
  else if (file) {
    let text: string | null = null;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      problems.push('AUTH_PUBLIC_KEY_FILE: cannot be read');
    }
    if (text !== null) publicKey('AUTH_PUBLIC_KEY_FILE', text);
  }
  const tolerance = env.AUTH_CLOCK_TOLERANCE_SECONDS;
  if (tolerance !== undefined && !(wholeNumber(tolerance) <= 300))
    problems.push('AUTH_CLOCK_TOLERANCE_SECONDS: must be a whole number of seconds, at most 300');
  return problems;
}
