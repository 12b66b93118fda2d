import request from 'supertest';
import { randomUUID } from 'crypto';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { addDays, osloDate } from '@vf/rules';
import { DataSource } from 'typeorm';
import { PaymentsPageQuery, paymentsPage, paymentsPageQuery } from '../src/payments/list-payments/list-payments.store';
import { ReleaseDuePaymentsJob } from '../src/payments/release-due/release-due-payments.job';
import {
  DECISION_UNIT,
  OFFICE,
  OTHER_OFFICE,
  System,
  TopicWatcher,
  VEILEDER,
  amend,
  as,
  bearer,
  eventually,
  heldUntil,
  issueNovember,
  november2026Decision,
  payment,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;
const TEAM = bearer('Z700007', 'payment-team', []);

interface ListedPayment {
  paymentId: string;
  caseId: string;
  office: string;
  status: string;
  dueDate: string;
  releasedAt: string | null;
  attempts: Array<{
    attempt: number;
    idempotencyKey: string;
    releasedAt: string;
    amountOre: number;
    settlement: null | { outcome: string };
  }>;
}

/** The payment list across offices, each payment's history of release attempts, and the latency histogram. */
describe('payment list, release attempts and latency histogram', () => {
  let system: System;
  let released: TopicWatcher<Released>;

  beforeAll(async () => {
    system = await startSystem('paylists');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    await released?.stop();
    await system?.stopAll();
  });

  const list = (query: string, headers: Record<string, string> = TEAM) => request(system.urls.payout).get(`/payments${query}`).set(headers);
  const settle = (paymentId: string, body: object) =>
    request(system.urls.payout).post(`/payments/${paymentId}/settlement`).set(TEAM).send(body);

  /** A decision of another office (1201), issued by that office's decision unit; P3 goes at once. */
  async function issueElsewhere(dueDate: string) {
    const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    body.office = OTHER_OFFICE;
    body.payments.push({
      ref: 'P3',
      purpose: 'ELECTRICITY',
      amountOre: 120_000,
      dueDate,
      payee: { type: 'RECIPIENT', nationalId: body.recipientNationalId },
    });
    const res = await request(system.urls.decision)
      .post('/decisions')
      .set(bearer(DECISION_UNIT, 'decision-unit', [OTHER_OFFICE]))
      .send(body)
      .expect(201);
    const p3 = res.body.payments.find((p: { ref: string }) => p.ref === 'P3').paymentId as string;
    await released.waitFor((e) => e.payload.paymentId === p3);
    return { caseId: body.caseId, p3 };
  }

  /** A decision of office 0301 whose P3 (no conditions) is released at once. */
  async function issueWithFreePayment(dueDate = '2026-12-01') {
    const d = await issueNovember(system, (b) => {
      b.payments.push({
        ref: 'P3',
        purpose: 'ELECTRICITY',
        amountOre: 120_000,
        dueDate,
        payee: { type: 'RECIPIENT', nationalId: b.recipientNationalId },
      });
    });
    await released.waitFor((e) => e.payload.paymentId === d.p.P3);
    await eventually(async () => (await payment(system, d.p.P3)).status === 'RELEASED', 20_000, 'P3 released');
    return d;
  }

  it('shows each release attempt with its own settlement: released, failed, released again, paid', async () => {
    const d = await issueWithFreePayment();
    const paymentId = d.p.P3;
    const first = (await released.waitFor((e) => e.payload.paymentId === paymentId)).value.payload;
    expect((await payment(system, paymentId)).attempts).toEqual([
      { attempt: 1, idempotencyKey: first.idempotencyKey, releasedAt: first.releasedAt, amountOre: 120_000, settlement: null },
    ]);

    await settle(paymentId, { idempotencyKey: first.idempotencyKey, outcome: 'FAILED', reason: 'the account is closed' }).expect(200);
    const failed = await payment(system, paymentId);
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toEqual([
      {
        attempt: 1,
        idempotencyKey: first.idempotencyKey,
        releasedAt: first.releasedAt,
        amountOre: 120_000,
        settlement: { outcome: 'FAILED', reference: null, paidOn: null, reason: 'the account is closed', reportedAt: expect.any(String) },
      },
    ]);

    // The decision unit learns of the failure from payment-status, then releases it again.
    await eventually(
      async () => {
        const decision = (await request(system.urls.decision).get(`/decisions/${d.decisionId}`).set(as(DECISION_UNIT)).expect(200)).body;
        return decision.payments.find((p: { paymentId: string }) => p.paymentId === paymentId).status === 'FAILED';
      },
      20_000,
      'the decision unit knows the payment failed',
    );
    await amend(system, d.decisionId, `payments/${paymentId}/release-again`, { reason: 'The recipient gave a new account number' }).expect(
      201,
    );
    const second = (await released.waitFor((e) => e.payload.paymentId === paymentId && e.payload.attempt === 2)).value.payload;
    await eventually(async () => (await payment(system, paymentId)).status === 'RELEASED', 20_000, 'released again');
    const again = await payment(system, paymentId);
    expect(again.attempts).toHaveLength(2);
    expect(again.attempts[0]).toEqual(failed.attempts[0]);
    expect(again.attempts[1]).toEqual({
      attempt: 2,
      idempotencyKey: second.idempotencyKey,
      releasedAt: second.releasedAt,
      amountOre: 120_000,
      settlement: null,
    });
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);

    // A report naming the first release no longer applies; the second one is paid.
    await settle(paymentId, { idempotencyKey: first.idempotencyKey, outcome: 'PAID', reference: 'UTB-1', paidOn: '2026-12-01' }).expect(
      409,
    );
    await settle(paymentId, {
      idempotencyKey: second.idempotencyKey,
      outcome: 'PAID',
      reference: 'UTB-2026-0099',
      paidOn: '2026-12-03',
    }).expect(200);
    const paid = await payment(system, paymentId);
    expect(paid).toMatchObject({ status: 'PAID', releases: 2, settlement: { outcome: 'PAID', reference: 'UTB-2026-0099' } });
    expect(paid.attempts.map((a: ListedPayment['attempts'][number]) => [a.attempt, a.settlement?.outcome ?? null])).toEqual([
      [1, 'FAILED'],
      [2, 'PAID'],
    ]);
    expect(paid.attempts[1].settlement).toEqual({
      outcome: 'PAID',
      reference: 'UTB-2026-0099',
      paidOn: '2026-12-03',
      reason: null,
      reportedAt: expect.any(String),
    });

    // Every payment view carries the same history.
    const byCase = (await request(system.urls.payout).get(`/cases/${d.caseId}/payments`).set(as(VEILEDER)).expect(200)).body.payments;
    const byDecision = (await request(system.urls.payout).get(`/decisions/${d.decisionId}/payments`).set(as(DECISION_UNIT)).expect(200))
      .body.payments;
    const listed = (await list('?status=PAID').expect(200)).body.payments;
    for (const views of [byCase, byDecision, listed]) {
      expect(views.find((p: ListedPayment) => p.paymentId === paymentId).attempts).toEqual(paid.attempts);
    }
    // A payment never released has no attempts.
    expect((await payment(system, d.p.P1)).attempts).toEqual([]);
  });

  it('lists payments of the given statuses by due date, then release time, then id, with the total before paging', async () => {
    const early = addDays(osloDate(new Date()), -20);
    const own = [await issueWithFreePayment(early), await issueWithFreePayment(early)];
    const other = await issueElsewhere(addDays(early, -1));
    await system.settled();

    const all = (await list('?status=HELD,RELEASED,PAID,FAILED,STOPPED,CANCELLED&limit=200').expect(200)).body;
    const inDb = await system.count('payout', 'payment');
    expect(all.total).toBe(inDb);
    expect(all.payments).toHaveLength(inDb);
    const key = (p: ListedPayment) => [p.dueDate, p.releasedAt ?? '\uffff', p.paymentId];
    const sorted = [...all.payments].sort((a: ListedPayment, b: ListedPayment) => {
      const [x, y] = [key(a), key(b)];
      return x[0].localeCompare(y[0]) || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || (x[2] < y[2] ? -1 : 1);
    });
    expect(all.payments.map((p: ListedPayment) => p.paymentId)).toEqual(sorted.map((p: ListedPayment) => p.paymentId));
    // The other office's payment is due first; the two released the same day follow in release order.
    const ids = all.payments.map((p: ListedPayment) => p.paymentId);
    expect(ids.slice(0, 3)).toEqual([other.p3, own[0].p.P3, own[1].p.P3]);
    expect(all.payments[0]).toMatchObject({
      paymentId: other.p3,
      office: OTHER_OFFICE,
      caseId: other.caseId,
      status: 'RELEASED',
      dueDate: addDays(early, -1),
    });
    expect(all.payments[1]).toMatchObject({ office: OFFICE, attempts: [expect.objectContaining({ attempt: 1, amountOre: 120_000 })] });
    expect(all.payments[1].payee.nationalId).toMatch(/\*/); // the same masked view as GET /payments/:id
    expect(all.payments[1]).toEqual({ ...(await payment(system, own[0].p.P3)), office: OFFICE });

    // Only the statuses asked for.
    const held = (await list('?status=HELD').expect(200)).body;
    expect(held.total).toBe(await system.count('payout', `payment WHERE status = 'HELD'`));
    expect(held.payments.every((p: ListedPayment) => p.status === 'HELD')).toBe(true);
    expect(held.payments.length).toBeGreaterThan(0);

    // Pages put together give the whole list; the total stays; the last page says there is no more.
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { total: number; payments: ListedPayment[]; nextCursor: string | null } = (
        await list(`?status=HELD,RELEASED,PAID,FAILED,STOPPED,CANCELLED&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body;
      expect(page.total).toBe(inDb);
      expect(page.payments.length).toBeLessThanOrEqual(2);
      pages.push(...page.payments.map((p) => p.paymentId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(ids);
    // Default page size 50.
    expect((await list('?status=HELD,RELEASED,PAID').expect(200)).body.payments.length).toBe(
      Math.min(50, await system.count('payout', `payment WHERE status IN ('HELD', 'RELEASED', 'PAID')`)),
    );
  });

  it('shows the payment team every office, everyone else only the offices in their token', async () => {
    await system.settled();
    const statuses = '?status=HELD,RELEASED,PAID,FAILED,STOPPED,CANCELLED&limit=200';
    const offices = (body: { payments: ListedPayment[] }) => [...new Set(body.payments.map((p) => p.office))].sort();
    const team = (await list(statuses).expect(200)).body;
    expect(offices(team)).toEqual([OFFICE, OTHER_OFFICE]);

    for (const role of ['veileder', 'decision-unit', 'auditor']) {
      const own = (await list(statuses, bearer('Z300003', role, [OFFICE])).expect(200)).body;
      expect(offices(own)).toEqual([OFFICE]);
      expect(own.total).toBe(await system.count('payout', `payment WHERE office = $1`, [OFFICE]));
      const elsewhere = (await list(statuses, bearer('Z300003', role, [OTHER_OFFICE])).expect(200)).body;
      expect(offices(elsewhere)).toEqual([OTHER_OFFICE]);
      expect(elsewhere.total).toBe(await system.count('payout', `payment WHERE office = $1`, [OTHER_OFFICE]));
    }
    const both = (await list(statuses, bearer('Z300003', 'auditor', [OFFICE, OTHER_OFFICE])).expect(200)).body;
    expect(both.total).toBe(team.total);
    expect((await list(statuses, bearer('Z300003', 'veileder', ['0999'])).expect(200)).body).toEqual({
      total: 0,
      payments: [],
      nextCursor: null,
    });
    expect((await list(statuses, bearer('Z300003', 'veileder', [])).expect(200)).body).toEqual({
      total: 0,
      payments: [],
      nextCursor: null,
    });
  });

  it.each([
    ['', 'status'],
    ['?status=', 'status'],
    ['?status=SENT', 'status'],
    ['?status=held', 'status'],
    ['?status=HELD,', 'status'],
    ['?status=HELD&status=PAID', 'status'],
    ['?status=HELD&limit=0', 'limit'],
    ['?status=HELD&limit=201', 'limit'],
    ['?status=HELD&limit=ten', 'limit'],
    ['?status=HELD&limit=1.5', 'limit'],
    ['?status=HELD&offset=2', 'offset'],
    ['?status=HELD&cursor=eyJsIjoicGF5bWVudHMiLCJrIjpbIjIwMjYtMTMiLG51bGwsIngiXX0', 'cursor'],
    ['?status=HELD&office=0301', 'office'],
  ])('refuses GET /payments%s with a 400 naming %s', async (query, field) => {
    const res = await list(query).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'invalid request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('refuses the list without a token, and to a role it does not know', async () => {
    await request(system.urls.payout).get('/payments?status=HELD').expect(401);
    await list('?status=HELD', bearer('Z300003', 'recipient')).expect(403);
  });

  it('buckets each release latency in the overview histogram, per veileder and in total', async () => {
    const veileder = 'Z555555';
    const tomorrow = addDays(osloDate(new Date()), 1);
    // P1 goes as soon as C1 is met; P3, also gated by C1, waits for its not-before day.
    const d = await issueNovember(system, (b) => {
      (b as Record<string, unknown>).veilederIdent = veileder;
      b.payments.push(heldUntil(b, tomorrow));
      b.conditions[0].gates.push('P3');
    });
    await registerEvidence(system, d.c.C1, 'documents', rentReceipt()).expect(201);
    await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    await system.settled();
    expect(await payment(system, d.p.P3)).toMatchObject({ status: 'HELD', waitingFor: [], waitingForDate: tomorrow });

    // Tomorrow comes: more than a day after C1 was met, the job releases P3.
    const later = new Date(Date.now() + 24 * 3600 * 1000);
    expect(await system.app('payout').get(ReleaseDuePaymentsJob).runOnce(later)).toBe(1);
    await released.waitFor((e) => e.payload.paymentId === d.p.P3);
    await system.settled();
    expect((await payment(system, d.p.P3)).attempts).toEqual([
      expect.objectContaining({ attempt: 1, releasedAt: later.toISOString(), amountOre: 392_500 }),
    ]);

    const overview = (await request(system.urls.payout).get(`/offices/${OFFICE}/overview`).set(as(DECISION_UNIT)).expect(200)).body;
    const mine = overview.byVeileder.find((v: { veilederIdent: string }) => v.veilederIdent === veileder).releaseLatencyMs;
    expect(mine.count).toBe(2);
    expect(mine.histogram.map((b: { label: string; upToMs: number | null }) => [b.label, b.upToMs])).toEqual([
      ['under 1 sek', 1_000],
      ['1–10 sek', 10_000],
      ['10 sek–1 min', 60_000],
      ['1–10 min', 600_000],
      ['10 min–1 t', 3_600_000],
      ['1 t–1 døgn', 86_400_000],
      ['over 1 døgn', null],
    ]);
    const counts = Object.fromEntries(mine.histogram.map((b: { label: string; count: number }) => [b.label, b.count]));
    expect(counts['over 1 døgn']).toBe(1);
    expect(counts['under 1 sek'] + counts['1–10 sek']).toBe(1); // P1, released as C1 was met
    expect(mine.p95).toBeGreaterThan(24 * 3600 * 1000);
    for (const figures of [overview.total, ...overview.byVeileder]) {
      const { count, histogram } = figures.releaseLatencyMs;
      expect(histogram.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(count);
    }
    expect(overview.total.releaseLatencyMs.histogram.find((b: { label: string }) => b.label === 'over 1 døgn').count).toBe(1);
  });

  it('reads a page of the list from the index, each status in its order, not every payment of the statuses asked for', async () => {
    await system.settled();
    // 3,000 more released payments, as a month of releases leaves them for the payment team: copies of
    // a released one, due over 30 days, released a minute apart.
    const [{ id: model }] = await system.query<{ id: string }>('payout', `SELECT id FROM payment WHERE status = 'RELEASED' LIMIT 1`);
    const copies = await system.query<{ id: string }>(
      'payout',
      `INSERT INTO payment (id, decision_id, case_id, ref, office, veileder_ident, purpose, amount_ore, due_date, payee, status, gates,
         released_at, releases, attempts)
       SELECT gen_random_uuid(), decision_id, case_id, 'X' || n, office, veileder_ident, purpose, amount_ore, DATE '2026-12-01' + n % 30,
         payee, status, gates, released_at - n * interval '1 minute', releases, attempts
       FROM payment, generate_series(1, 3000) AS n WHERE id = $1 RETURNING id`,
      [model],
    );
    // Statistics as autovacuum keeps them in production (off on the test database): never analysed, the
    // planner takes the table for a few pages and would as soon sort what it found.
    await system.query('payout', 'ANALYZE payment');
    const manager = system.app('payout').get(DataSource).manager;
    /** Rows of `payment` the statement reads, from its plan as run: index entries and heap rows alike. */
    const rowsRead = async (query: PaymentsPageQuery) => {
      const [sql, params] = paymentsPageQuery(manager, query).getQueryAndParameters();
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = await manager.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const read = (node: PlanNode): number =>
        (node['Relation Name'] === 'payment' ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'] : 0) +
        (node.Plans ?? []).reduce((sum, child) => sum + read(child), 0);
      return read(plan.Plan);
    };
    try {
      const all = await system.count('payout', `payment WHERE status IN ('HELD', 'RELEASED', 'PAID')`);
      expect(all).toBeGreaterThan(3000);
      const first = await paymentsPage(manager, { statuses: ['RELEASED'], offices: null, after: null, take: 51 });
      const deep = first[first.length - 1];
      // Each status's first 51 from the index, then the page's 51 by id; reading them all would be over
      // 3,000. After a cursor the index is entered at the cursor's due day, whose 100 payments before it
      // are read and passed over.
      const cases: Array<[string, PaymentsPageQuery, number]> = [
        ['the payment team, first page', { statuses: ['RELEASED'], offices: null, after: null, take: 51 }, 2 * 51],
        ['three statuses', { statuses: ['HELD', 'RELEASED', 'PAID'], offices: null, after: null, take: 51 }, 4 * 51],
        [
          'after a cursor',
          { statuses: ['RELEASED'], offices: null, after: [deep.payment.dueDate, deep.releasedAt, deep.payment.id], take: 51 },
          2 * 51 + 100,
        ],
      ];
      for (const [what, query, most] of cases) {
        const read = await rowsRead(query);
        expect({ what, read: read <= most ? `at most ${most}` : read }).toEqual({ what, read: `at most ${most}` });
      }
      // The page after the cursor is the next 51 of the whole list, in its order.
      const both = await paymentsPage(manager, { statuses: ['RELEASED'], offices: null, after: null, take: 102 });
      const next = await paymentsPage(manager, cases[2][1]);
      expect(next.map((r) => r.payment.id)).toEqual(both.slice(51).map((r) => r.payment.id));
    } finally {
      await system.query('payout', `DELETE FROM payment WHERE id = ANY($1::uuid[])`, [copies.map((c) => c.id)]);
    }
  });
});

type PlanNode = {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
};
