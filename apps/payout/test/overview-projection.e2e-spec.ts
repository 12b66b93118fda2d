import request from 'supertest';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { addDays, osloDate } from '@vf/rules';
import { CompactHeldFiguresJob } from '../src/overview/compact-held-figures.job';
import { DECISION_UNIT, System, TopicWatcher, VEILEDER, as, issueNovember, startSystem } from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/** The office overview kept as payments change (not recomputed from all of them), with a date window for release latency. */
describe('office overview kept as events arrive', () => {
  let system: System;
  let released: TopicWatcher<Released>;
  const office = '0301';

  beforeAll(async () => {
    system = await startSystem('ovproj');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    await released?.stop();
    await system?.stopAll();
  });

  const overview = (query = '') => request(system.urls.payout).get(`/offices/${office}/overview${query}`).set(as(DECISION_UNIT));

  /** What counting every payment gives: the answer the overview used to compute on each call. */
  const counted = async () => {
    const [row] = await system.query<{ n: number; amount: string }>(
      'payout',
      `SELECT count(*)::int AS n, coalesce(sum(amount_ore), 0)::text AS amount FROM payment WHERE office = $1 AND status = 'HELD'`,
      [office],
    );
    return { count: row.n, amountOre: Number(row.amount) };
  };

  it('gives the held payments and release latency counting every payment would give, before and after the changes are folded', async () => {
    const decisions = await Promise.all([issueNovember(system), issueNovember(system), issueNovember(system)]);
    for (const d of decisions.slice(0, 2)) {
      await request(system.urls['follow-up'])
        .post(`/conditions/${d.c.C1}/evidence/documents`)
        .set(as(VEILEDER))
        .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
        .expect(201);
      await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    }
    await system.settled();
    const before = (await overview().expect(200)).body;
    expect(before.total.heldPayments).toEqual(await counted());
    expect(before.total.releaseLatencyMs.count).toBe(2);
    // The job folds every few seconds on its own; fold what is left now.
    await system.app('payout').get(CompactHeldFiguresJob).runOnce();
    expect(await system.count('payout', 'held_figures_change')).toBe(0);
    const after = (await overview().expect(200)).body;
    expect(after).toEqual(before);

    // A stop after the fold: the figures follow at once.
    await request(system.urls.decision)
      .post(`/decisions/${decisions[2].decisionId}/payments/${decisions[2].p.P1}/stop`)
      .set(as(DECISION_UNIT))
      .send({ reason: 'Stanset i test' })
      .expect(201);
    await system.settled();
    const stopped = (await overview().expect(200)).body;
    expect(stopped.total.heldPayments).toEqual(await counted());
    expect(stopped.total.heldPayments.count).toBe(before.total.heldPayments.count - 1);
  });

  it('counts release latency in the window asked for, the last 30 days by default', async () => {
    const today = osloDate(new Date());
    const all = (await overview().expect(200)).body;
    expect(all.releaseWindow).toEqual({ from: addDays(today, -30), to: null });
    expect(all.total.releaseLatencyMs.count).toBeGreaterThan(0);
    const none = (await overview(`?from=${addDays(today, 1)}`).expect(200)).body;
    expect(none.total.releaseLatencyMs).toMatchObject({ count: 0, median: null, p95: null });
    expect(none.total.heldPayments).toEqual(all.total.heldPayments); // the window is for latency only
    const past = (await overview(`?from=${addDays(today, -60)}&to=${addDays(today, -31)}`).expect(200)).body;
    expect(past.total.releaseLatencyMs.count).toBe(0);
    const todayOnly = (await overview(`?from=${today}&to=${today}`).expect(200)).body;
    expect(todayOnly.total.releaseLatencyMs.count).toBe(all.total.releaseLatencyMs.count);
  });

  it.each([
    ['?from=2026-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?from=2026-11-10&to=2026-11-01', 'to'],
    ['?window=30', 'window'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await overview(query).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
