import { randomUUID } from 'crypto';
import { KafkaMessage } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { ConditionBreachedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { Cause, IdempotentConsumer, appendManyToOutbox, appendToOutbox, collectingOutbox } from '@vf/messaging';
import { breach, dropConsumerDatabase, eachEvent, freshConsumerDatabase } from './consumer-fixture';

// The outbox collected per transaction, on a real database: what a consumer's batch publishes is
// written once its handlers are done, in the order published, each event id once; a failed batch
// writes nothing.

const DB = 'vf_e2e_outbox_collect';
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await freshConsumerDatabase(DB);
}, 60_000);

afterAll(async () => {
  await dropConsumerDatabase(dataSource, DB);
});

const cause = (): Cause => ({ causationId: randomUUID(), correlationId: randomUUID(), now: new Date(), actor: null });
const breachEvent = (caseId: string, eventId = randomUUID()) => {
  const { payload } = breach(caseId, randomUUID());
  return { topic: TOPICS.conditionBreachedV1, key: payload.decisionId, payload, eventId };
};
/** The cases of the outbox rows of this run, in the relay's order (seq). */
const stored = async (run: string, via: Pick<EntityManager, 'query'> = dataSource): Promise<string[]> =>
  (
    await via.query(`SELECT value->'payload'->>'caseId' AS "caseId" FROM outbox WHERE value->'payload'->>'caseId' LIKE $1 ORDER BY seq`, [
      `${run}-%`,
    ])
  ).map((r: { caseId: string }) => r.caseId);

it('given a collecting transaction, when events are appended, then they are written when the work ends, in order, each id once', async () => {
  const run = randomUUID().slice(0, 8);
  const repeated = randomUUID();
  await dataSource.transaction(async (manager) => {
    const seenInside = await collectingOutbox(manager, async () => {
      await appendToOutbox(manager, 'follow-up', cause(), breachEvent(`${run}-1`));
      await appendToOutbox(manager, 'follow-up', cause(), breachEvent(`${run}-2`, repeated));
      await appendManyToOutbox(manager, 'follow-up', [
        { cause: cause(), event: breachEvent(`${run}-3`) },
        { cause: cause(), event: breachEvent(`${run}-2-again`, repeated) }, // the same id: the first counts
        { cause: cause(), event: breachEvent(`${run}-4`) },
      ]);
      // A collection inside another leaves the writing to the outer one.
      await collectingOutbox(manager, () => appendToOutbox(manager, 'follow-up', cause(), breachEvent(`${run}-5`)));
      return stored(run, manager);
    });
    expect(seenInside).toEqual([]);
    expect(await stored(run, manager)).toEqual([`${run}-1`, `${run}-2`, `${run}-3`, `${run}-4`, `${run}-5`]);
  });
  expect(await stored(run)).toEqual([`${run}-1`, `${run}-2`, `${run}-3`, `${run}-4`, `${run}-5`]);
});

it('given collected events, when the work fails, then none is written and the transaction writes the next event at once', async () => {
  const run = randomUUID().slice(0, 8);
  await dataSource.transaction(async (manager) => {
    await expect(
      collectingOutbox(manager, async () => {
        await appendToOutbox(manager, 'follow-up', cause(), breachEvent(`${run}-lost`));
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');
    expect(await stored(run, manager)).toEqual([]);
    await appendToOutbox(manager, 'follow-up', cause(), breachEvent(`${run}-direct`));
    expect(await stored(run, manager)).toEqual([`${run}-direct`]);
  });
  expect(await stored(run)).toEqual([`${run}-direct`]);
});

it('refuses to collect or append outside a transaction', async () => {
  const manager = dataSource.manager;
  await expect(collectingOutbox(manager, async () => undefined)).rejects.toThrow('inside a transaction');
  await expect(appendToOutbox(manager, 'follow-up', cause(), breachEvent('x-outside'))).rejects.toThrow('inside a transaction');
});

it('given a batch whose handlers each publish, when handled, then the outbox holds their events in batch order after it, not during', async () => {
  const run = randomUUID().slice(0, 8);
  const events = Array.from({ length: 12 }, (_, i) => breach(`${run}-in-${String(i).padStart(2, '0')}`, randomUUID()));
  const seenDuring: number[] = [];
  const handle = eachEvent(async (_t: string, event: EventEnvelope, manager: EntityManager) => {
    const caseId = (event.payload as ConditionBreachedV1).caseId;
    seenDuring.push((await stored(run, manager)).length);
    await appendToOutbox(manager, 'payout', cause(), breachEvent(caseId.replace('-in-', '-out-')));
  });
  const logger = { log: () => undefined, error: () => undefined };
  const consumer = new IdempotentConsumer(undefined as never, dataSource, undefined as never, {
    groupId: `e2e.collect.${run}`,
    topics: [TOPICS.conditionBreachedV1],
    handle,
    logger,
  });
  const messages = events.map(
    (e, i) =>
      ({ offset: String(i), key: null, value: Buffer.from(JSON.stringify(e)), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage,
  );
  await consumer.processBatch(TOPICS.conditionBreachedV1, 0, messages);
  expect(seenDuring).toEqual(events.map(() => 0));
  expect(await stored(run)).toEqual(events.map((_, i) => `${run}-out-${String(i).padStart(2, '0')}`));
});
