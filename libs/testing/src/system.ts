import { DynamicModule, INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { AddressInfo } from 'net';
import { EventTopic, TOPICS } from '@vf/contracts';
import { createKafka, ensureTopics } from '@vf/messaging';
import { ServiceConfig, ServiceName, createServiceApp, loadServiceConfig } from '@vf/platform';
import { AppModule as DecisionModule } from '../../../apps/decision/src/app.module';
import { AppModule as FollowUpModule } from '../../../apps/follow-up/src/app.module';
import { AppModule as PayoutModule } from '../../../apps/payout/src/app.module';

/**
 * The whole system for an end-to-end test: the three real services, each with its own fresh
 * PostgreSQL database, on ephemeral HTTP ports, talking over the real Kafka broker in KAFKA_BROKERS.
 * Each test file gets its own databases and consumer groups; the groups start at the current end of
 * the topics, so events from earlier test files are not replayed into the fresh databases.
 */
const MODULES: Record<ServiceName, (c: ServiceConfig) => DynamicModule> = {
  decision: (c) => DecisionModule.forConfig(c),
  'follow-up': (c) => FollowUpModule.forConfig(c),
  payout: (c) => PayoutModule.forConfig(c),
};
const CONSUMES: Record<ServiceName, EventTopic[]> = {
  decision: [],
  'follow-up': [TOPICS.decisionIssuedV1],
  payout: [TOPICS.decisionIssuedV1, TOPICS.conditionFulfilledV1],
};
const SERVICES: ServiceName[] = ['decision', 'follow-up', 'payout'];

export const brokers = () => (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

export class System {
  readonly urls = {} as Record<ServiceName, string>;
  private readonly apps = new Map<ServiceName, INestApplication>();

  constructor(
    readonly name: string,
    readonly configs: Record<ServiceName, ServiceConfig>,
  ) {}

  async start(service: ServiceName): Promise<void> {
    const config = this.configs[service];
    const app = await createServiceApp(MODULES[service](config), config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    this.urls[service] = `http://127.0.0.1:${port}`;
    this.apps.set(service, app);
  }

  async stop(service: ServiceName): Promise<void> {
    await this.apps.get(service)?.close();
    this.apps.delete(service);
  }

  async stopAll(): Promise<void> {
    for (const s of [...this.apps.keys()].reverse()) await this.stop(s);
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

/**
 * Commits the current end of each topic as the group's offset, so the group's first consumer starts
 * there. (kafkajs' admin.resetOffsets does the same but waits a full fetch cycle per topic.)
 */
async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: EventTopic[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await joined;
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await consumer.commitOffsets(ends.flatMap(({ topic, offsets }) => offsets.map((o) => ({ topic, partition: o.partition, offset: o.high }))));
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
    DB_PREFIX: `vf_e2e_${name}`,
    KAFKA_BROKERS: brokers().join(','),
    DECISION_CONSUMER_GROUP: `e2e.${runId}.decision`,
    FOLLOW_UP_CONSUMER_GROUP: `e2e.${runId}.follow-up`,
    PAYOUT_CONSUMER_GROUP: `e2e.${runId}.payout`,
  };
  const configs = Object.fromEntries(SERVICES.map((s) => [s, loadServiceConfig(s, env)])) as Record<ServiceName, ServiceConfig>;
  const kafka = createKafka({ brokers: brokers(), clientId: `e2e-${runId}` });
  await ensureTopics(kafka);
  for (const s of SERVICES) await recreateDatabase(configs[s].databaseUrl);
  await Promise.all(SERVICES.map((s) => startGroupAtEnd(kafka, configs[s].consumerGroup, CONSUMES[s])));
  const system = new System(name, configs);
  for (const s of SERVICES) await system.start(s);
  return system;
}
