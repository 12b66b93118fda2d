import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { TOPICS } from '@vf/contracts';
import { kafkaLogCreator } from '@vf/platform';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    // INFO: joins, rebalances and reconnects are worth a line; written in the services' JSON format.
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

export const createProducer = (kafka: Kafka) =>
  // Not kafkajs' idempotent mode: it wants unlimited retries. Duplicates from a retry carry the same
  // eventId and are dropped by every consumer; one request in flight keeps the order per partition.
  kafka.producer({ maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });

/** Creates every topic of the contracts that does not exist yet (auto-creation is off on our broker). */
export async function ensureTopics(kafka: Kafka, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(TOPICS).filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
        });
      } catch (error) {
        // Another service may have created them at the same moment; only a topic still missing is an error.
        const now = new Set(await admin.listTopics());
        if (missing.some((t) => !now.has(t))) throw error;
      }
    }
  } finally {
    await admin.disconnect();
  }
}
