import { AuthConfig, loadAuthConfig } from './auth/auth-config';

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
  /** The other services' HTTP addresses, for read-only questions (what-if previews). */
  peerUrls: Record<ServiceName, string>;
}

const DEFAULT_PORTS: Record<ServiceName, number> = { decision: 3001, 'follow-up': 3002, payout: 3003 };

function envName(service: ServiceName, key: string): string {
  return `${service.replace('-', '_').toUpperCase()}_${key}`;
}

/** `DECISION_URL`, `FOLLOW_UP_URL`, `PAYOUT_URL` (the names the web app uses), else 127.0.0.1 on the service's port. */
function peerUrl(service: ServiceName, env: NodeJS.ProcessEnv): string {
  return (env[envName(service, 'URL')] ?? `http://127.0.0.1:${env[envName(service, 'PORT')] ?? DEFAULT_PORTS[service]}`).replace(/\/$/, '');
}

export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const pgBase = env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const dbPrefix = env.DB_PREFIX ?? 'vilkarsflyt';
  const port = Number(env[envName(service, 'PORT')] ?? DEFAULT_PORTS[service]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${envName(service, 'PORT')} must be a port number`);
  return {
    service,
    port,
    databaseUrl: env[envName(service, 'DATABASE_URL')] ?? `${pgBase}/${dbPrefix}_${service.replace('-', '_')}`,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    consumerGroup: env[envName(service, 'CONSUMER_GROUP')] ?? `vilkarsflyt.${service}`,
    auth: loadAuthConfig(env),
    jobIntervalMs: Number(env.JOB_INTERVAL_MS ?? 15_000),
    peerUrls: {
      decision: peerUrl('decision', env),
      'follow-up': peerUrl('follow-up', env),
      payout: peerUrl('payout', env),
    },
  };
}
