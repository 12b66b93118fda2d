import { EntityManager } from 'typeorm';
import { EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicDispatcher, TopicHandler, mergeTopicHandlers, topicsOf } from './messaging.module';

const calls: string[] = [];
class First implements TopicHandler<typeof TOPICS.paymentStatusV1> {
  async handle() {
    calls.push('first');
  }
}
class Second implements TopicHandler<typeof TOPICS.paymentStatusV1> {
  async handle() {
    calls.push('second');
  }
}
class Other implements TopicHandler<typeof TOPICS.paymentReleasedV1> {
  async handle() {
    calls.push('other');
  }
}

describe('several handlers for one topic', () => {
  it('merges handler maps, keeping every topic and each topic’s handlers in order', () => {
    const merged = mergeTopicHandlers(
      { [TOPICS.paymentStatusV1]: First },
      { [TOPICS.paymentStatusV1]: Second, [TOPICS.paymentReleasedV1]: Other },
    );
    expect(topicsOf(merged).sort()).toEqual([TOPICS.paymentReleasedV1, TOPICS.paymentStatusV1].sort());
    expect(merged[TOPICS.paymentStatusV1]).toEqual([First, Second]);
    expect(merged[TOPICS.paymentReleasedV1]).toEqual([Other]);
  });

  it('runs the handlers of a topic one after the other, and refuses a topic it has none for', async () => {
    calls.length = 0;
    const dispatcher = new TopicDispatcher(new Map([[TOPICS.paymentStatusV1, [new First(), new Second()]]]));
    const event = { payload: {} } as EventEnvelope<never>;
    await dispatcher.handle(TOPICS.paymentStatusV1, event, {} as EntityManager);
    expect(calls).toEqual(['first', 'second']);
    await expect(dispatcher.handle(TOPICS.paymentReleasedV1, event, {} as EntityManager)).rejects.toThrow('no handler');
  });
});
