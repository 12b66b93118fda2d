import request from 'supertest';
import { System, VEILEDER, as, attendanceList, issueNovember, startSystem } from '@vf/testing';

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
    const judgedOnce = { evidence: before.evidence, events: before.events + 2, fulfilled: before.fulfilled + 1 }; // condition-fulfilled and condition-progress
    expect(await stored()).toEqual(judgedOnce);
    await post(`/conditions/${conditions.C3}/fulfilment-judgements`, { justification: 'Trying to fulfil it twice now.' }).expect(409);
    expect(await stored()).toEqual(judgedOnce);
  });
});
