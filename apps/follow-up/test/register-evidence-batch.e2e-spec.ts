import request from 'supertest';
import {
  System,
  VEILEDER,
  amend,
  applications,
  as,
  attendanceList,
  bearer,
  eventually,
  issueNovember,
  payment,
  rentReceipt,
  startSystem,
} from '@vf/testing';

/** Many pieces of evidence in one request: each judged as a single registration would be, all kept or none. */
describe('follow-up: evidence in batches', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem('evidencebatch');
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  const stored = async () => ({
    evidence: await system.count('follow-up', 'evidence'),
    events: await system.count('follow-up', 'outbox'),
    journal: await system.count('follow-up', 'journal_entry'),
  });
  const batch = (items: object[], headers: Record<string, string> = as(VEILEDER)) =>
    request(system.urls['follow-up']).post('/evidence-batches').set(headers).send({ items });
  const conditionStatus = async (conditionId: string) =>
    (await system.query<{ status: string }>('follow-up', 'SELECT status FROM condition WHERE id = $1', [conditionId]))[0]?.status;
  const unknownCondition = '6f1c8d0e-0000-4000-8000-000000000000';

  it('registers evidence for several cases and conditions at once, in order, and each payment is released', async () => {
    const a = await issueNovember(system);
    const b = await issueNovember(system);
    const res = await batch([
      { conditionId: a.c.C1, kind: 'documents', evidence: rentReceipt() },
      { conditionId: a.c.C2, kind: 'attendance-lists', evidence: attendanceList('2026-11-02', '2026-11-27') },
      { conditionId: a.c.C3, kind: 'job-applications', evidence: applications('2026-11-09', 5) },
      { conditionId: a.c.C3.toUpperCase(), kind: 'job-applications', evidence: applications('2026-11-16', 5) },
      { conditionId: b.c.C1, kind: 'documents', evidence: rentReceipt() },
    ]).expect(201);

    expect(res.body.items.map((i: { condition: { conditionId: string; status: string } }) => i.condition)).toMatchObject([
      { conditionId: a.c.C1, status: 'FULFILLED' },
      { conditionId: a.c.C2, status: 'FULFILLED' },
      // The same condition twice: the first week alone does not meet it, the second, judged after it, does.
      { conditionId: a.c.C3, status: 'OPEN' },
      { conditionId: a.c.C3, status: 'FULFILLED' },
      { conditionId: b.c.C1, status: 'FULFILLED' },
    ]);
    expect(new Set(res.body.items.map((i: { evidenceId: string }) => i.evidenceId)).size).toBe(5);
    expect(res.body.items[3].condition.evidence).toHaveLength(2);

    // Stored as judged, though written set-based: evidence in the batch's order, the condition as its
    // last item left it, and its journal in order.
    const ids: string[] = res.body.items.map((i: { evidenceId: string }) => i.evidenceId);
    const rows = await system.query<{ id: string; kind: string; body_kind: string; sql_null: boolean }>(
      'follow-up',
      `SELECT id, kind, body->>'kind' AS body_kind, withdrawal IS NULL AS sql_null FROM evidence WHERE id = ANY($1::uuid[]) ORDER BY seq`,
      [ids],
    );
    expect(rows.map((r) => r.id)).toEqual(ids);
    // Each body with its row, and no withdrawal stored as SQL NULL (not the JSON value null).
    expect(rows.every((r) => r.kind === r.body_kind && r.sql_null)).toBe(true);
    expect(await conditionStatus(a.c.C3)).toBe('FULFILLED');
    const journal = await system.query<{ action: string; evidence_id: string | null }>(
      'follow-up',
      `SELECT action, evidence_id FROM journal_entry WHERE condition_id = $1 AND action <> 'CONDITION_SET' ORDER BY seq`,
      [a.c.C3],
    );
    expect(journal).toEqual([
      { action: 'EVIDENCE_REGISTERED', evidence_id: ids[2] },
      { action: 'EVIDENCE_REGISTERED', evidence_id: ids[3] },
      { action: 'CONDITION_FULFILLED', evidence_id: null },
    ]);

    for (const paymentId of [a.p.P1, a.p.P2, b.p.P1]) {
      await eventually(async () => (await payment(system, paymentId)).status === 'RELEASED', 20_000, `${paymentId} released`);
    }
    expect(await payment(system, b.p.P2)).toMatchObject({ status: 'HELD' });
  });

  it('refuses the whole batch when one item is refused, names every refused item, and stores nothing', async () => {
    const d = await issueNovember(system);
    const before = await stored();
    const late = attendanceList('2026-11-02', '2026-11-27');
    late.entries.push({ date: '2026-11-30', status: 'PRESENT' });
    const res = await batch([
      { conditionId: d.c.C1, kind: 'documents', evidence: rentReceipt() },
      { conditionId: unknownCondition, kind: 'documents', evidence: rentReceipt() },
      { conditionId: d.c.C2, kind: 'attendance-lists', evidence: late },
      { conditionId: d.c.C1, kind: 'job-applications', evidence: applications('2026-11-09', 1) },
    ]).expect(404);
    expect(res.body.errors).toEqual([
      { field: 'items[1].conditionId', reason: 'no condition with this id' },
      {
        field: `items[2].evidence.entries[${late.entries.length - 1}].date`,
        reason: "is outside the condition's period 2026-11-02 to 2026-11-27",
      },
      { field: 'items[3].kind', reason: expect.stringContaining('a DOCUMENT condition takes') },
    ]);
    expect(await stored()).toEqual(before);
    expect(await payment(system, d.p.P1)).toMatchObject({ status: 'HELD' });
  });

  it('answers a rule refusal with its own status when it comes first, and a condition of another office with 403', async () => {
    const d = await issueNovember(system);
    const other = await issueNovember(system, undefined, { office: '1103' });
    await amend(system, d.decisionId, `conditions/${d.c.C1}/lifting`, {
      reason: 'Utleier bekrefter at husleien er betalt direkte.',
    }).expect(201);
    await eventually(async () => (await conditionStatus(d.c.C1)) === 'LIFTED', 20_000, 'C1 lifted');
    const before = await stored();

    const lifted = await batch([
      { conditionId: d.c.C1, kind: 'documents', evidence: rentReceipt() },
      { conditionId: unknownCondition, kind: 'documents', evidence: rentReceipt() },
    ]).expect(409);
    expect(lifted.body.errors).toEqual([
      { field: 'items[0].conditionId', reason: 'the condition is lifted' },
      { field: 'items[1].conditionId', reason: 'no condition with this id' },
    ]);
    const foreign = await batch([
      { conditionId: d.c.C3, kind: 'job-applications', evidence: applications('2026-11-09', 5) },
      { conditionId: other.c.C1, kind: 'documents', evidence: rentReceipt() },
    ]).expect(403);
    expect(foreign.body.errors).toEqual([{ field: 'items[1].office', reason: 'not among the offices you work for' }]);
    expect(await stored()).toEqual(before);
  });

  it('refuses a malformed batch with 400, naming each field by its path in the batch', async () => {
    const d = await issueNovember(system);
    const before = await stored();
    const bad = await batch([
      {
        conditionId: d.c.C2,
        kind: 'attendance-lists',
        evidence: { ...attendanceList('2026-11-02', '2026-11-06'), entries: [{ date: '2026-11-02', status: 'SICK' }] },
      },
      { conditionId: d.c.C1, kind: 'documents', evidence: { ...rentReceipt(), colour: 'blue' } },
      { conditionId: 'not-a-uuid', kind: 'letters', evidence: rentReceipt() },
    ]).expect(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['items[2].conditionId', 'items[2].kind']));
    const again = await batch([
      {
        conditionId: d.c.C2,
        kind: 'attendance-lists',
        evidence: { ...attendanceList('2026-11-02', '2026-11-06'), entries: [{ date: '2026-11-02', status: 'SICK' }] },
      },
      { conditionId: d.c.C1, kind: 'documents', evidence: { ...rentReceipt(), colour: 'blue' } },
    ]).expect(400);
    expect(again.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'items[0].evidence.entries[0].status',
      'items[1].evidence.colour',
    ]);
    // An own `constructor` key inside an undeclared object of an item's evidence was a 500: the
    // request pipe's fast path kept it, and class-transformer failed on it reading the evidence.
    const undeclared = JSON.parse('{"constructor":[]}'); // an own key, sent as such
    const refused = await batch([{ conditionId: d.c.C1, kind: 'documents', evidence: { ...rentReceipt(), undeclared } }]).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'items[0].evidence.undeclared', reason: expect.any(String) }]);

    const tooMany = Array.from({ length: 201 }, () => ({ conditionId: d.c.C1, kind: 'documents', evidence: rentReceipt() }));
    expect((await batch(tooMany).expect(400)).body.errors).toEqual([{ field: 'items', reason: expect.stringContaining('200') }]);
    expect((await batch([]).expect(400)).body.errors[0].field).toBe('items');
    expect(await stored()).toEqual(before);
  });

  it('answers a retry with the same Idempotency-Key as the first time, and registers once', async () => {
    const d = await issueNovember(system);
    const headers = { ...as(VEILEDER), 'Idempotency-Key': `batch-${d.caseId}` };
    const items = [
      { conditionId: d.c.C1, kind: 'documents', evidence: rentReceipt() },
      { conditionId: d.c.C3, kind: 'job-applications', evidence: applications('2026-11-09', 5) },
    ];
    const first = await batch(items, headers).expect(201);
    const before = await stored();
    const retry = await batch(items, headers).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await stored()).toEqual(before);
  });

  it('takes concurrent batches over the same conditions in opposite orders, without deadlock, each piece once', async () => {
    const a = await issueNovember(system);
    const b = await issueNovember(system);
    const one = (conditionId: string, employer: string) => ({
      conditionId,
      kind: 'job-applications',
      evidence: applications('2026-11-09', 1, employer),
    });
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        batch([one(a.c.C3, `A${round}`), one(b.c.C3, `B${round}`)]),
        batch([one(b.c.C3, `C${round}`), one(a.c.C3, `D${round}`)]),
      ]);
      expect(answers.map((r) => r.status)).toEqual([201, 201]);
    }
    const count = (conditionId: string) => system.count('follow-up', 'evidence WHERE condition_id = $1', [conditionId]);
    expect([await count(a.c.C3), await count(b.c.C3)]).toEqual([10, 10]);
  });

  it('is for veiledere only', async () => {
    const d = await issueNovember(system);
    await batch([{ conditionId: d.c.C1, kind: 'documents', evidence: rentReceipt() }], bearer('Z100001', 'decision-unit')).expect(403);
  });
});
