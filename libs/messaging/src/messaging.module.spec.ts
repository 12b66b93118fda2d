import fc from 'fast-check';
import { EntityManager } from 'typeorm';
import { EventEnvelope, EventTopic, TOPICS } from '@vf/contracts';
import { BatchTopicHandler, TopicDispatcher, TopicHandler, independentRuns, mergeTopicHandlers, topicsOf } from './messaging.module';

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

describe('events every handler passes over', () => {
  const passing = (pass: boolean) =>
    new (class implements TopicHandler<typeof TOPICS.paymentStatusV1> {
      async handle() {
        calls.push('handled');
      }
      passesOver = () => pass;
    })();
  const event = { payload: {} } as EventEnvelope<never>;

  it('passes over an event only when every handler of its topic does, and never on a topic without handlers', () => {
    const status = TOPICS.paymentStatusV1;
    expect(new TopicDispatcher(new Map([[status, [passing(true), passing(true)]]])).passesOver(status, event)).toBe(true);
    expect(new TopicDispatcher(new Map([[status, [passing(true), passing(false)]]])).passesOver(status, event)).toBe(false);
    expect(new TopicDispatcher(new Map([[status, [passing(true), new First()]]])).passesOver(status, event)).toBe(false);
    expect(new TopicDispatcher(new Map([[status, [passing(true)]]])).passesOver(TOPICS.paymentReleasedV1, event)).toBe(false);
  });
});

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

describe('independent runs', () => {
  const keys: Record<string, string[]> = { a: ['d1', 'c1'], b: ['d2', 'c2'], c: ['d3', 'c1'], d: ['d4', 'c4'], e: ['d1', 'c5'] };
  const touches = (e: string) => keys[e];

  it('given events of distinct keys, when split, then they make one run in their order', () => {
    expect(independentRuns(['a', 'b', 'd'], touches)).toEqual([['a', 'b', 'd']]);
  });

  it('given an event touching a key of an earlier one in the run, when split, then a new run begins at it', () => {
    expect(independentRuns(['a', 'b', 'c', 'd', 'e'], touches)).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(independentRuns(['a', 'a'], touches)).toEqual([['a'], ['a']]);
    expect(independentRuns([], touches)).toEqual([]);
  });

  it('given more independent events than a run holds, when split, then runs end at the size', () => {
    expect(independentRuns(['a', 'b', 'd'], touches, 2)).toEqual([['a', 'b'], ['d']]);
  });

  it('keeps every event once and in order, and no run touches a key twice (property)', () => {
    const event = fc.record({ d: fc.integer({ min: 0, max: 7 }), c: fc.integer({ min: 0, max: 7 }) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (events, maxRun) => {
        const runs = independentRuns(events, (e) => [`d${e.d}`, `c${e.c}`], maxRun);
        expect(runs.flat()).toEqual(events);
        expect(runs.every((run) => run.length > 0 && run.length <= maxRun)).toBe(true);
        for (const run of runs) {
          const keys = run.flatMap((e) => [`d${e.d}`, `c${e.c}`]);
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
    );
  });
});

describe('a topic whose handlers take batches', () => {
  type Ev = EventEnvelope<{ caseId: string }>;
  const log: string[] = [];
  class Batching implements BatchTopicHandler<typeof TOPICS.paymentStatusV1> {
    constructor(private readonly name: string) {}
    touches(e: Ev) {
      return [e.payload.caseId];
    }
    async handle(e: Ev) {
      log.push(`${this.name}:${e.payload.caseId}`);
    }
    async handleBatch(events: Ev[]) {
      log.push(`${this.name}:[${events.map((e) => e.payload.caseId).join(',')}]`);
    }
  }
  const ev = (caseId: string) => ({ payload: { caseId }, correlationId: 'c' }) as unknown as EventEnvelope<never>;

  it('given independent events, when dispatched, then each handler takes the run in turn; a shared key starts a new run', async () => {
    log.length = 0;
    const dispatcher = new TopicDispatcher(
      new Map([[TOPICS.paymentStatusV1, [new Batching('gate'), new Batching('innsyn')] as TopicHandler<EventTopic>[]]]),
    );
    expect(await dispatcher.handleMany(TOPICS.paymentStatusV1, [ev('A'), ev('B'), ev('A'), ev('C')], {} as EntityManager)).toBe(4);
    expect(log).toEqual(['gate:[A,B]', 'innsyn:[A,B]', 'gate:[A,C]', 'innsyn:[A,C]']);
  });

  it('given one handler of the topic that does not take batches, when dispatched, then every event goes alone through both', async () => {
    log.length = 0;
    calls.length = 0;
    const dispatcher = new TopicDispatcher(
      new Map([[TOPICS.paymentStatusV1, [new Batching('gate'), new First()] as TopicHandler<EventTopic>[]]]),
    );
    expect(await dispatcher.handleMany(TOPICS.paymentStatusV1, [ev('A'), ev('B')], {} as EntityManager)).toBe(0);
    expect(log).toEqual(['gate:A', 'gate:B']);
    expect(calls).toEqual(['first', 'first']);
  });
});
