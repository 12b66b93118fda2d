import request from 'supertest';
import { randomUUID } from 'crypto';
import { DECISION_UNIT, OFFICE, System, VEILEDER, as, bearer, issueNovember, startSystem } from '@vf/testing';

// Cursor paging, one shape on every list (?limit=&cursor=, nextCursor in the answer): walking the pages
// gives every row that was there when the walk began exactly once, in order, whatever is inserted
// meanwhile; a bad cursor or limit is a 400 naming it.

let system: System;
beforeAll(async () => {
  system = await startSystem('paging');
}, 120_000);
afterAll(() => system?.stopAll());

type Page<K extends string, Row> = Record<K, Row[]> & { nextCursor: string | null };

/** Walks a list page by page; `between` runs after each page (to insert rows while walking). */
async function walk<K extends string, Row>(
  url: string,
  path: string,
  key: K,
  headers: Record<string, string>,
  limit: number | null,
  between: () => Promise<void> = async () => undefined,
): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const params = [limit ? `limit=${limit}` : '', cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
    const res = await request(url)
      .get(`${path}${params ? sep + params : ''}`)
      .set(headers);
    expect(res.status).toBe(200);
    const page = res.body as Page<K, Row>;
    expect(page[key].length).toBeLessThanOrEqual(limit ?? 50);
    rows.push(...page[key]);
    cursor = page.nextCursor;
    pages += 1;
    await between();
  } while (cursor);
  return { rows, pages };
}

const dupes = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('cursor paging', () => {
  it('walks the worklist with no duplicates and no gaps while items arrive before, at and after the cursor', async () => {
    const office = '4401';
    const headers = bearer('Z100001', 'decision-unit', [office]);
    // 120 items on 10 instants given to the microsecond: many ties, broken by id.
    const insert = (n: number, at: string) =>
      system.query(
        'decision',
        `INSERT INTO worklist_item (id, kind, office, case_id, decision_id, condition_id, payment_id, summary, raised_at, status)
         SELECT gen_random_uuid(), 'CONDITION_BREACHED', $1, 'K-W' || n, gen_random_uuid(), gen_random_uuid(), null, 'breached', $2::timestamptz, 'OPEN'
         FROM generate_series(1, $3) n RETURNING id`,
        [office, at, n],
      );
    const instants = Array.from({ length: 10 }, (_, i) => `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00.123456Z`);
    const before: string[] = [];
    for (const at of instants) before.push(...(await insert(12, at)).map((r) => r.id as string));
    let round = 0;
    const { rows, pages } = await walk<'items', { itemId: string; raisedAt: string }>(
      system.urls.decision,
      '/worklist',
      'items',
      headers,
      7,
      async () => {
        round += 1;
        await insert(1, '2026-11-01T00:00:00.000001Z'); // behind every cursor
        await insert(1, instants[Math.min(9, Math.floor(round / 2))]); // on the instant being walked
        await insert(1, '2026-12-31T00:00:00Z'); // ahead
      },
    );
    const ids = rows.map((r) => r.itemId);
    expect(dupes(ids)).toEqual([]);
    expect(before.filter((id) => !ids.includes(id))).toEqual([]); // every item there at the start, once
    expect(pages).toBeGreaterThanOrEqual(18);
    const times = rows.map((r) => r.raisedAt);
    expect(times).toEqual([...times].sort()); // oldest first throughout
  });

  it("pages a case's conditions, payments and journal (50 by default, 200 at most) and keeps them whole", async () => {
    const { caseId, c, p } = await issueNovember(system);
    const target = `K-P${randomUUID().slice(0, 6)}`;
    // A case with 130 conditions and 130 payments, copied row for row from a real one through the real schema.
    await system.query(
      'follow-up',
      `INSERT INTO condition
       SELECT (jsonb_populate_record(NULL::condition, to_jsonb(c) || jsonb_build_object(
                 'id', gen_random_uuid(), 'case_id', $2::text, 'ref', 'V' || n, 'deadline', c.deadline + (n % 5)))).*
       FROM condition c, generate_series(1, 130) n WHERE c.id = $1`,
      [c.C3, target],
    );
    await system.query(
      'follow-up',
      `INSERT INTO journal_entry (case_id, office, decision_id, condition_id, at, action, what)
       SELECT $1, $2, gen_random_uuid(), null, '2026-11-20T10:00:00Z'::timestamptz + (n % 7) * interval '1 microsecond', 'NOTE', 'note ' || n
       FROM generate_series(1, 130) n`,
      [target, OFFICE],
    );
    await system.query(
      'payout',
      `INSERT INTO payment
       SELECT (jsonb_populate_record(NULL::payment, to_jsonb(p) || jsonb_build_object(
                 'id', gen_random_uuid(), 'case_id', $2::text, 'ref', 'P' || n, 'due_date', p.due_date + (n % 3)))).*
       FROM payment p, generate_series(1, 130) n WHERE p.id = $1`,
      [p.P1, target],
    );
    const veileder = as(VEILEDER);
    const conditions = await walk<'conditions', { conditionId: string; deadline: string }>(
      system.urls['follow-up'],
      `/cases/${target}/conditions`,
      'conditions',
      veileder,
      null,
      () => system.query('follow-up', `UPDATE condition SET ref = ref WHERE case_id = $1`, [target]).then(() => undefined),
    );
    expect(conditions.pages).toBe(3); // 50 + 50 + 30
    expect(conditions.rows).toHaveLength(130);
    expect(dupes(conditions.rows.map((r) => r.conditionId))).toEqual([]);
    const deadlines = conditions.rows.map((r) => r.deadline);
    expect(deadlines).toEqual([...deadlines].sort());

    const payments = await walk<'payments', { paymentId: string; dueDate: string }>(
      system.urls.payout,
      `/cases/${target}/payments`,
      'payments',
      veileder,
      200,
    );
    expect(payments.pages).toBe(1);
    expect(payments.rows).toHaveLength(130);
    const paged = await walk<'payments', { paymentId: string }>(system.urls.payout, `/cases/${target}/payments`, 'payments', veileder, 9);
    expect(paged.rows.map((r) => r.paymentId)).toEqual(payments.rows.map((r) => r.paymentId));

    const journal = await walk<'entries', { what: string; at: string }>(
      system.urls['follow-up'],
      `/cases/${target}/journal`,
      'entries',
      veileder,
      11,
    );
    expect(journal.rows).toHaveLength(130);
    expect(new Set(journal.rows.map((r) => r.what)).size).toBe(130);

    // The original case still answers in one page, and an unknown case is still the same 403 as another office's.
    const own = (await request(system.urls['follow-up']).get(`/cases/${caseId}/conditions`).set(veileder).expect(200)).body;
    expect(own.nextCursor).toBeNull();
    const unknown = await request(system.urls['follow-up']).get(`/cases/K-NONE-${randomUUID()}/conditions`).set(veileder).expect(403);
    const other = await request(system.urls['follow-up'])
      .get(`/cases/${target}/conditions`)
      .set(bearer('Z200002', 'veileder', ['1201']));
    expect(other.status).toBe(403);
    expect(other.body).toEqual(unknown.body);
  });

  it('refuses a made-up cursor, another list’s cursor, and a limit out of range on every list, naming the field', async () => {
    const { caseId, decisionId } = await issueNovember(system);
    const decisionUnit = as(DECISION_UNIT);
    const lists: Array<[string, string, string]> = [
      [system.urls.decision, '/worklist?', 'items'],
      [system.urls.decision, '/decisions?', 'decisions'],
      [system.urls.decision, `/cases/${caseId}/decisions?`, 'decisions'],
      [system.urls.decision, `/decisions/${decisionId}/journal?`, 'entries'],
      [system.urls['follow-up'], `/offices/${OFFICE}/cases?`, 'cases'],
      [system.urls['follow-up'], `/cases/${caseId}/conditions?`, 'conditions'],
      [system.urls['follow-up'], `/cases/${caseId}/journal?`, 'entries'],
      [system.urls.payout, '/payments?status=HELD&', 'payments'],
      [system.urls.payout, `/cases/${caseId}/payments?`, 'payments'],
      [system.urls.payout, `/decisions/${decisionId}/payments?`, 'payments'],
    ];
    const cursorOfAnother = (await request(system.urls.decision).get('/decisions?limit=1').set(decisionUnit).expect(200)).body.nextCursor;
    expect(cursorOfAnother).toEqual(expect.any(String));
    for (const [url, path, key] of lists) {
      const ok = await request(url).get(`${path}limit=1`).set(decisionUnit);
      expect([path, ok.status, Array.isArray(ok.body[key]), 'nextCursor' in ok.body]).toEqual([path, 200, true, true]);
      for (const [query, field] of [
        ['cursor=not-a-cursor', 'cursor'],
        [`cursor=${Buffer.from('{"l":"x","k":[]}').toString('base64url')}`, 'cursor'],
        ...(path.startsWith('/decisions?') ? [] : [[`cursor=${cursorOfAnother}`, 'cursor']]),
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['offset=10', 'offset'],
      ]) {
        const res = await request(url).get(`${path}${query}`).set(decisionUnit);
        expect([path, query, res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([path, query, 400, [field]]);
        if (field === 'cursor') expect(JSON.stringify(res.body)).not.toContain(query.split('=')[1].slice(0, 12)); // never echoed
      }
    }
  });
});
