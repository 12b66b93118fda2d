import request from 'supertest';
import {
  OTHER_OFFICE,
  System,
  VEILEDER,
  applications,
  as,
  attendanceList,
  issueNovember,
  registerEvidence,
  rentReceipt,
  startSystem,
} from '@vf/testing';

/** Evidence is judged against its own condition; bad evidence is refused and changes nothing. */
describe('follow-up: evidence and judgements', () => {
  let system: System;
  let conditions: Record<string, string>;
  const caseId = 'K-follow-up-1';

  beforeAll(async () => {
    system = await startSystem('followup');
    conditions = (await issueNovember(system, undefined, { caseId })).c;
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  const stored = async () => ({
    evidence: await system.count('follow-up', 'evidence'),
    events: await system.count('follow-up', 'outbox'),
    fulfilled: await system.count('follow-up', `condition WHERE status = 'FULFILLED'`),
  });
  const conditionStatus = async (conditionId: string) =>
    (await system.query<{ status: string }>('follow-up', 'SELECT status FROM condition WHERE id = $1', [conditionId]))[0]?.status;
  const post = (path: string, body: object) => request(system.urls['follow-up']).post(path).set(as(VEILEDER)).send(body);

  it('refuses evidence for an unknown condition with 404', async () => {
    const before = await stored();
    const res = await post('/conditions/6f1c8d0e-0000-4000-8000-000000000000/evidence/documents', {
      documentType: 'X',
      receivedOn: '2026-11-20',
      outcome: 'ACCEPTED',
    }).expect(404);
    expect(res.body.errors).toEqual([{ field: 'conditionId', reason: 'no condition with this id' }]);
    expect(await stored()).toEqual(before);
  });

  it('refuses an attendance entry outside the period with 422, naming the entry, and stores nothing', async () => {
    const before = await stored();
    const list = attendanceList('2026-11-02', '2026-11-27');
    list.entries.push({ date: '2026-11-30', status: 'PRESENT' });
    const res = await post(`/conditions/${conditions.C2}/evidence/attendance-lists`, list).expect(422);
    expect(res.body.errors).toEqual([
      { field: `entries[${list.entries.length - 1}].date`, reason: "is outside the condition's period 2026-11-02 to 2026-11-27" },
    ]);
    expect(await stored()).toEqual(before);
  });

  it('refuses evidence of the wrong kind or document, and a malformed entry', async () => {
    await post(`/conditions/${conditions.C1}/evidence/job-applications`, {
      applications: [{ employer: 'A', position: 'B', sentOn: '2026-11-10', channel: 'EMAIL' }],
    }).expect(422);
    const wrongDoc = await post(`/conditions/${conditions.C1}/evidence/documents`, {
      documentType: 'POWER_BILL',
      receivedOn: '2026-11-20',
      outcome: 'ACCEPTED',
    }).expect(422);
    expect(wrongDoc.body.errors[0].field).toBe('documentType');
    const badStatus = await post(`/conditions/${conditions.C2}/evidence/attendance-lists`, {
      provider: 'AE',
      signedBy: 'Kari',
      signedOn: '2026-11-27',
      entries: [{ date: '2026-11-02', status: 'SICK' }],
    }).expect(400);
    expect(badStatus.body.errors[0].field).toBe('entries[0].status');
  });

  it('keeps unapproved absence over the threshold open, and says it cannot be met', async () => {
    const res = await post(
      `/conditions/${conditions.C2}/evidence/attendance-lists`,
      attendanceList('2026-11-02', '2026-11-27', ['2026-11-03', '2026-11-04', '2026-11-05']),
    ).expect(201);
    expect(res.body.condition).toMatchObject({ status: 'OPEN', achievable: false });
    expect(res.body.condition.summary).toMatch(/3 days of unapproved absence, more than the 2 allowed/);
  });

  it('takes a justified judgement once, with the veileder as actor, and refuses a second with 409', async () => {
    const short = await post(`/conditions/${conditions.C3}/fulfilment-judgements`, { justification: 'ok' }).expect(400);
    expect(short.body.errors[0].field).toBe('justification');
    const before = await stored();
    const judged = await post(`/conditions/${conditions.C3}/fulfilment-judgements`, {
      justification: 'Few vacancies in the period; effort documented.',
    }).expect(201);
    expect(judged.body).toMatchObject({ status: 'FULFILLED', fulfilledBy: 'VEILEDER_JUDGEMENT', judgement: { actorIdent: VEILEDER } });
    // One event: condition-fulfilled, which carries the condition's snapshot (condition-progress.v2 has no copy of it).
    const judgedOnce = { evidence: before.evidence, events: before.events + 1, fulfilled: before.fulfilled + 1 };
    expect(await stored()).toEqual(judgedOnce);
    await post(`/conditions/${conditions.C3}/fulfilment-judgements`, { justification: 'Trying to fulfil it twice now.' }).expect(409);
    expect(await stored()).toEqual(judgedOnce);
  });

  describe('registrations sent at the same time (written by group commit)', () => {
    const groupedWrites = async () => {
      const text = (await request(system.urls['follow-up']).get('/metrics').expect(200)).text;
      const figure = (name: string) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`vilkarsflyt_grouped_write_size_${name}{`) && l.includes('use_case="register-evidence"'))
            ?.split(' ')
            .pop() ?? 0,
        );
      return { transactions: figure('count'), requests: figure('sum') };
    };
    const keyRows = (key: string) =>
      system.query<{ response: string | null }>('follow-up', 'SELECT response FROM idempotency_key WHERE key = $1', [key]);
    const evidenceOf = async (conditionId: string) =>
      (await system.query<{ id: string }>('follow-up', 'SELECT id FROM evidence WHERE condition_id = $1', [conditionId])).map((r) => r.id);

    it('judges and answers each on its own, in fewer transactions than requests', async () => {
      const cases = await Promise.all(Array.from({ length: 8 }, () => issueNovember(system)));
      const elsewhere = await issueNovember(system, undefined, { office: OTHER_OFFICE });
      const [first, second] = cases;
      const keyed = { ...as(VEILEDER), 'Idempotency-Key': `group-${first.caseId}` };
      const refusedKey = `refused-${first.caseId}`;
      const outside = attendanceList('2026-11-02', '2026-11-27');
      outside.entries.push({ date: '2026-11-30', status: 'PRESENT' });
      const evidenceBefore = await system.count('follow-up', 'evidence');
      const before = await groupedWrites();

      const refusedTwice = () =>
        registerEvidence(system, second.c.C2, 'attendance-lists', outside, { ...as(VEILEDER), 'Idempotency-Key': refusedKey });
      const [receipts, twice, weeks, [unknown, forbidden, refused, refusedAgain]] = await Promise.all([
        Promise.all(cases.slice(1).map((k) => registerEvidence(system, k.c.C1, 'documents', rentReceipt()))),
        Promise.all([1, 2].map(() => registerEvidence(system, first.c.C1, 'documents', rentReceipt(), keyed))),
        Promise.all(
          ['2026-11-09', '2026-11-16'].map((monday) => registerEvidence(system, first.c.C3, 'job-applications', applications(monday, 5))),
        ),
        Promise.all([
          registerEvidence(system, '6f1c8d0e-0000-4000-8000-000000000000', 'documents', rentReceipt()),
          registerEvidence(system, elsewhere.c.C1, 'documents', rentReceipt()),
          refusedTwice(),
          refusedTwice(), // the same key, sent before the first was answered: judged itself, as the first was refused
        ]),
      ]);

      for (const res of receipts) expect([res.status, res.body.condition.status]).toEqual([201, 'FULFILLED']);
      // The same key twice: one registration, and both answered with it.
      expect(twice.map((r) => r.status)).toEqual([201, 201]);
      expect(twice[0].body.evidenceId).toBe(twice[1].body.evidenceId);
      expect(await evidenceOf(first.c.C1)).toEqual([twice[0].body.evidenceId]);
      expect(JSON.parse((await keyRows(keyed['Idempotency-Key']))[0].response!).evidenceId).toBe(twice[0].body.evidenceId);
      // Two weeks for one condition: judged one after the other, whichever came first.
      expect(weeks.map((r) => r.status)).toEqual([201, 201]);
      expect(weeks.map((r) => r.body.condition.status).sort()).toEqual(['FULFILLED', 'OPEN']);
      expect(await conditionStatus(first.c.C3)).toBe('FULFILLED');
      expect((await evidenceOf(first.c.C3)).sort()).toEqual(weeks.map((r) => r.body.evidenceId).sort());
      // The refused: each its own status and fields, nothing stored, and the key given back.
      expect([unknown.status, unknown.body.errors]).toEqual([404, [{ field: 'conditionId', reason: 'no condition with this id' }]]);
      expect(forbidden.status).toBe(403);
      for (const res of [refused, refusedAgain]) {
        expect(res.status).toBe(422);
        expect(res.body.errors[0].field).toBe(`entries[${outside.entries.length - 1}].date`);
      }
      expect(await keyRows(refusedKey)).toEqual([]);
      expect(await evidenceOf(elsewhere.c.C1)).toEqual([]);
      expect(await evidenceOf(second.c.C2)).toEqual([]);
      expect(await system.count('follow-up', 'evidence')).toBe(evidenceBefore + 7 + 1 + 2);

      // 15 requests reached the handler (14 if the second keyed one came after the first was stored:
      // the interceptor answers that one itself).
      const after = await groupedWrites();
      const requests = after.requests - before.requests;
      expect([14, 15]).toContain(requests);
      expect(after.transactions - before.transactions).toBeLessThan(requests);
    });

    it("keeps one request's failure its own: the others of its group are registered", async () => {
      const cases = await Promise.all(Array.from({ length: 6 }, () => issueNovember(system)));
      // A real failure in the database, which no rule foresees, for one piece of evidence only.
      await system.query('follow-up', `ALTER TABLE evidence ADD CONSTRAINT no_poison CHECK (body->>'reference' IS DISTINCT FROM 'poison')`);
      try {
        const answers = await Promise.all(
          cases.map((k, i) =>
            registerEvidence(system, k.c.C1, 'documents', { ...rentReceipt(), reference: i === 2 ? 'poison' : `ref-${i}` }),
          ),
        );
        expect(answers.map((r) => r.status)).toEqual([201, 201, 500, 201, 201, 201]);
        for (const [i, k] of cases.entries()) expect(await conditionStatus(k.c.C1)).toBe(i === 2 ? 'OPEN' : 'FULFILLED');
      } finally {
        await system.query('follow-up', 'ALTER TABLE evidence DROP CONSTRAINT no_poison');
      }
    });
  });
});
