import { DynamicModule, INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { AddressInfo } from 'net';
import { EventTopic } from '@vf/contracts';
import { createKafka, ensureTopics } from '@vf/messaging';
import { DEV_AUDIENCE, DEV_ISSUER, ServiceConfig, ServiceName, createServiceApp, loadServiceConfig } from '@vf/platform';
import { testKeys } from './tokens';

/** How the harness starts a service: its Nest module for a configuration, and the topics it consumes. */
export interface ServiceDefinition {
  module: (config: ServiceConfig) => DynamicModule;
  consumes: EventTopic[];
}

/**
 * The services under test, given by the caller (jest's e2e setup, test/e2e-setup.ts), so that this
 * library depends on no app. Each app exports its module and CONSUMED_TOPICS.
 */
let definitions: Record<ServiceName, ServiceDefinition> | null = null;
export function useServices(services: Record<ServiceName, ServiceDefinition>): void {
  definitions = services;
}
function services(): Record<ServiceName, ServiceDefinition> {
  if (!definitions) throw new Error('no services: call useServices(...) first (test/e2e-setup.ts does so for jest)');
  return definitions;
}

const SERVICES: ServiceName[] = ['decision', 'follow-up', 'payout'];

export const brokers = () => (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

export class System {
  readonly urls = {} as Record<ServiceName, string>;
  private readonly apps = new Map<string, INestApplication>();

  constructor(
    readonly name: string,
    readonly configs: Record<ServiceName, ServiceConfig>,
    private readonly startOffsets: Record<ServiceName, GroupOffsets>,
  ) {}

  /** Starts a service; instance 2, 3 … is another instance on the same database and consumer group. */
  async start(service: ServiceName, instance = 1): Promise<void> {
    const config = this.configs[service];
    const app = await createServiceApp(services()[service].module(config), config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    if (instance === 1) {
      this.urls[service] = `http://127.0.0.1:${port}`;
      // The others ask this one over HTTP (what-if previews): they learn where it listens now.
      for (const c of Object.values(this.configs)) c.peerUrls[service] = this.urls[service];
    }
    this.apps.set(instance === 1 ? service : `${service}#${instance}`, app);
  }

  /** A running service instance, e.g. to run one of its jobs with a chosen `now`. */
  app(service: ServiceName | `${ServiceName}#${number}`): INestApplication {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running`);
    return app;
  }

  /** Rewinds a stopped service's consumer group to where this system started: its events all come again. */
  async rewind(service: ServiceName): Promise<void> {
    if (this.apps.has(service)) throw new Error(`stop ${service} before rewinding its consumer group`);
    const kafka = createKafka({ brokers: brokers(), clientId: `e2e-rewind-${this.name}` });
    await commitGroupOffsets(kafka, this.configs[service].consumerGroup, services()[service].consumes, this.startOffsets[service]);
  }

  /** Waits until a service's consumer group has committed the end of every partition it reads. */
  async caughtUp(service: ServiceName, timeoutMs = 20_000): Promise<void> {
    const admin = createKafka({ brokers: brokers(), clientId: `e2e-lag-${this.name}` }).admin();
    await admin.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let lag = 0;
        for (const topic of services()[service].consumes) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId: this.configs[service].consumerGroup, topics: [topic] });
          for (const end of ends) {
            const at = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            lag += Math.max(0, Number(end.high) - Math.max(0, Number(at)));
          }
        }
        if (lag === 0) return;
        if (Date.now() > deadline) throw new Error(`${service} still ${lag} messages behind after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Waits until the whole system is quiet: every outbox published and every consumer group at the end
   * of its topics, twice in a row (a consumer may write to its outbox as it catches up).
   */
  async settled(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    while (quietRounds < 2) {
      if (Date.now() > deadline) throw new Error(`system not settled within ${timeoutMs} ms`);
      let pending = 0;
      for (const s of SERVICES) pending += await this.count(s, 'outbox_pending');
      if (pending > 0) {
        quietRounds = 0;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      for (const s of SERVICES) if (services()[s].consumes.length) await this.caughtUp(s, deadline - Date.now());
      quietRounds += 1;
    }
  }

  async stop(service: ServiceName | `${ServiceName}#${number}`): Promise<void> {
    await this.apps.get(service)?.close();
    this.apps.delete(service);
  }

  async stopAll(): Promise<void> {
    for (const s of [...this.apps.keys()].reverse()) await this.stop(s as ServiceName);
  }

  async count(service: ServiceName, sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.query<{ n: number }>(service, `SELECT count(*)::int AS n FROM ${sql}`, params);
    return row.n;
  }

  /** A plain SQL client on a service's database, for assertions on what was stored. */
  async query<T = Record<string, unknown>>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.configs[service].databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export type GroupOffsets = Array<{ topic: string; partition: number; offset: string }>;

/**
 * Commits offsets for a consumer group that has no running member, so its next consumer starts
 * there: the given ones, or else the current end of each topic. Returns what it committed.
 * (kafkajs' admin.resetOffsets does the same but waits a full fetch cycle per topic.)
 */
export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  topics: EventTopic[],
  offsets?: GroupOffsets,
): Promise<GroupOffsets> {
  if (topics.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await joined;
    const target =
      offsets ??
      (
        await Promise.all(
          topics.map(async (topic) =>
            (await admin.fetchTopicOffsets(topic)).map((o) => ({ topic, partition: o.partition, offset: o.high })),
          ),
        )
      ).flat();
    await consumer.commitOffsets(target);
    return target;
  } finally {
    await consumer.disconnect();
    await admin.disconnect();
  }
}

/** Starts all three services for one test file. `name`: lower-case letters and digits. */
export async function startSystem(name: string): Promise<System> {
  const runId = `${name}_${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    // E2E_DB_TAG keeps two checkouts' test runs on one PostgreSQL apart (e.g. parallel worktrees).
    DB_PREFIX: `vf_e2e_${process.env.E2E_DB_TAG ?? ''}${name}`,
    KAFKA_BROKERS: brokers().join(','),
    JOB_INTERVAL_MS: '200',
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    AUTH_PUBLIC_KEY_PEM: testKeys.publicKeyPem,
    AUTH_JWKS_URL: undefined,
    AUTH_PUBLIC_KEY_FILE: undefined,
    DECISION_CONSUMER_GROUP: `e2e.${runId}.decision`,
    FOLLOW_UP_CONSUMER_GROUP: `e2e.${runId}.follow-up`,
    PAYOUT_CONSUMER_GROUP: `e2e.${runId}.payout`,
  };
  const configs = Object.fromEntries(SERVICES.map((s) => [s, loadServiceConfig(s, env)])) as Record<ServiceName, ServiceConfig>;
  const kafka = createKafka({ brokers: brokers(), clientId: `e2e-${runId}` });
  await ensureTopics(kafka);
  for (const s of SERVICES) await recreateDatabase(configs[s].databaseUrl);
  const startOffsets = Object.fromEntries(
    await Promise.all(SERVICES.map(async (s) => [s, await commitGroupOffsets(kafka, configs[s].consumerGroup, services()[s].consumes)])),
  ) as Record<ServiceName, GroupOffsets>;
  const system = new System(name, configs, startOffsets);
  for (const s of SERVICES) await system.start(s);
  return system;
}
