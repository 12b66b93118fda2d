import { Consumer } from 'kafkajs';
import { randomUUID } from 'crypto';
import { EventEnvelope } from '@vf/contracts';
import { createKafka } from '@vf/messaging';
import { brokers } from './system';

export interface Seen<T> {
  topic: string;
  key: string | null;
  value: T;
  receivedAt: number;
}

/**
 * Reads a topic from its very beginning with a throw-away consumer group and keeps every message,
 * so a test can wait for an event (never a fixed sleep) and count what the topic holds.
 */
export class TopicWatcher<T = EventEnvelope> {
  readonly seen: Seen<T>[] = [];
  private consumer: Consumer | null = null;
  private waiters: Array<() => void> = [];

  constructor(private readonly topic: string) {}

  async start(): Promise<this> {
    const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-watcher' });
    const consumer = kafka.consumer({ groupId: `e2e.watcher.${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        let value: T;
        try {
          value = JSON.parse(message.value?.toString() ?? 'null') as T;
        } catch {
          return; // a poison message another test sent on purpose: not an event to wait for
        }
        if (value === null) return;
        this.seen.push({ topic, key: message.key?.toString() ?? null, value, receivedAt: Date.now() });
        this.waiters.forEach((w) => w());
      },
    });
    await joined;
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** Resolves with the first message that matches, waiting up to `timeoutMs`. */
  async waitFor(match: (value: T) => boolean, timeoutMs = 20_000): Promise<Seen<T>> {
    const found = () => this.seen.find((s) => match(s.value));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = found();
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message on ${this.topic} within ${timeoutMs} ms (saw ${this.seen.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  matching(match: (value: T) => boolean): Seen<T>[] {
    return this.seen.filter((s) => match(s.value));
  }
}

/** Polls `probe` until it returns something truthy; for state that is only visible over HTTP. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
