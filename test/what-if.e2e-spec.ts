import request from 'supertest';
import { TOPICS } from '@vf/contracts';
import { createKafka } from '@vf/messaging';
import { ServiceName } from '@vf/platform';
import { addDays, daysBetween, isCourseDay, osloDate } from '@vf/rules';
import {
  DECISION_UNIT,
  System,
  VEILEDER,
  amend,
  as,
  attendanceList,
  bearer,
  brokers,
  eventually,
  issueNovember,
  payment,
  startSystem,
} from '@vf/testing';

/**
 * "What would happen if" (`?dryRun=true`) across the three services, and public holidays in a real
 * attendance condition. Real PostgreSQL and Kafka: a dry run must leave every table of every
 * database and every topic exactly as it was.
 */
describe('what would happen if, and public holidays', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem('whatif');
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  /** Every table of the three databases (row count and a hash of every row) and the end offset of every topic. */
  async function snapshot(): Promise<Record<string, string>> {
    await system.settled();
    const out: Record<string, string> = {};
    for (const s of ['decision', 'follow-up', 'payout'] as ServiceName[]) {
      const tables = await system.query<{ t: string }>(
        s,
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      );
      expect(tables.length).toBeGreaterThan(3);
      for (const { t } of tables) {
        const [row] = await system.query<{ n: number; h: string }>(
          s,
          `SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM "${t}" x`,
        );
        out[`${s}.${t}`] = `${row.n}:${row.h}`;
      }
    }
    const admin = createKafka({ brokers: brokers(), clientId: 'e2e-whatif-offsets' }).admin();
    await admin.connect();
    try {
      for (const topic of Object.values(TOPICS)) {
        const offsets = await admin.fetchTopicOffsets(topic);
        out[`topic ${topic}`] = offsets.map((o) => `${o.partition}:${o.high}`).join(',');
      }
    } finally {
      await admin.disconnect();
    }
    return out;
  }

  const followUp = (path: string, body: object) => request(system.urls['follow-up']).post(path).set(as(VEILEDER)).send(body);
  const receipt = { documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' };
  const tenApplications = {
    applications: [...daysBetween('2026-11-09', '2026-11-13'), ...daysBetween('2026-11-16', '2026-11-20')].flatMap((sentOn, i) => [
      { employer: `Arbeidsgiver ${i}`, position: 'Lager', sentOn, channel: 'EMAIL' },
    ]),
  };

  it('a veileder asks what a document would do: the condition would be fulfilled and P1 released with 8 500,00 kr; nothing changes', async () => {
    const d = await issueNovember(system);
    const before = await snapshot();
    const res = await followUp(`/conditions/${d.c.C1}/evidence/documents?dryRun=true`, receipt).expect(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      statusBefore: 'OPEN',
      condition: { conditionId: d.c.C1, status: 'FULFILLED', summary: 'document "RENT_RECEIPT_2026_11" received 2026-11-20 and accepted' },
      gateChanges: ['MET'],
      paymentsUnavailable: null,
      paymentsNotKnownToPayout: [],
      payments: [
        { paymentId: d.p.P1, ref: 'P1', outcome: 'RELEASED', releasedAmountOre: 850_000, statusNow: 'HELD', statusAfter: 'RELEASED' },
      ],
    });
    expect(await snapshot()).toEqual(before);
    expect((await payment(system, d.p.P1)).status).toBe('HELD');
  });

  it('attendance that fulfils C2 would not release P2 while C3 holds it, and says so by name', async () => {
    const d = await issueNovember(system);
    const before = await snapshot();
    const res = await followUp(
      `/conditions/${d.c.C2}/evidence/attendance-lists?dryRun=true`,
      attendanceList('2026-11-02', '2026-11-27'),
    ).expect(200);
    expect(res.body.condition.status).toBe('FULFILLED');
    expect(res.body.payments).toEqual([
      expect.objectContaining({
        ref: 'P2',
        outcome: 'HELD',
        releasedAmountOre: null,
        waitingFor: [{ conditionId: d.c.C3, ref: 'C3', text: expect.any(String) }],
      }),
    ]);
    expect(await snapshot()).toEqual(before);

    // Once C3 is met for real, the same question answers that P2 would go with 7 850,00 kr.
    await followUp(`/conditions/${d.c.C3}/evidence/job-applications`, tenApplications).expect(201);
    await eventually(async () => (await payment(system, d.p.P2)).waitingFor.length === 1, 20_000, 'payout knows C3 is met');
    const again = await followUp(
      `/conditions/${d.c.C2}/evidence/attendance-lists?dryRun=true`,
      attendanceList('2026-11-02', '2026-11-27'),
    ).expect(200);
    expect(again.body.payments).toEqual([expect.objectContaining({ ref: 'P2', outcome: 'RELEASED', releasedAmountOre: 785_000 })]);
  });

  it('evidence that would not fulfil says what is still lacking and releases nothing; payout is not asked', async () => {
    const d = await issueNovember(system);
    const res = await followUp(
      `/conditions/${d.c.C2}/evidence/attendance-lists?dryRun=true`,
      attendanceList('2026-11-02', '2026-11-13'),
    ).expect(200);
    expect(res.body).toMatchObject({
      condition: { status: 'OPEN', summary: 'attendance covers 10 of 20 course days' },
      gateChanges: [],
      payments: [],
    });
  });

  it('a dry run refuses what the real request refuses, and a malformed dryRun is a 400 naming it', async () => {
    const d = await issueNovember(system);
    const before = await snapshot();
    const bad = await followUp(`/conditions/${d.c.C1}/evidence/documents?dryRun=true`, { ...receipt, documentType: 'OTHER' }).expect(422);
    expect(bad.body.errors[0].field).toBe('documentType');
    const odd = await followUp(`/conditions/${d.c.C1}/evidence/documents?dryRun=yes`, receipt).expect(400);
    expect(odd.body.errors).toEqual([{ field: 'dryRun', reason: 'must be true or false' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('withdrawal and judgement take dryRun too: withdrawing the evidence that met C1 would hold nothing back once P1 is released', async () => {
    const d = await issueNovember(system);
    const registered = await followUp(`/conditions/${d.c.C1}/evidence/documents`, receipt).expect(201);
    await eventually(async () => (await payment(system, d.p.P1)).status === 'RELEASED', 20_000, 'P1 released');
    const before = await snapshot();
    const w = await followUp(`/conditions/${d.c.C1}/evidence/${registered.body.evidenceId}/withdrawal?dryRun=true`, {
      reason: 'registrert på feil sak',
    }).expect(200);
    expect(w.body).toMatchObject({
      condition: { status: 'OPEN' },
      gateChanges: ['REOPENED'],
      payments: [{ ref: 'P1', outcome: 'QUESTIONED' }],
    });
    const j = await followUp(`/conditions/${d.c.C3}/fulfilment-judgements?dryRun=true`, {
      justification: 'Søkte på flere stillinger muntlig, bekreftet av arbeidsgiver',
    }).expect(200);
    expect(j.body).toMatchObject({
      condition: { status: 'FULFILLED', fulfilledBy: 'VEILEDER_JUDGEMENT' },
      payments: [{ ref: 'P2', outcome: 'HELD' }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('the decision unit asks what a lift and a new deadline would release, and is refused a dry run it is not offered', async () => {
    const yesterday = addDays(osloDate(new Date()), -1);
    const d = await issueNovember(system, (b) => {
      b.conditions[0].deadline = yesterday;
    });
    await eventually(
      async () => (await request(system.urls['follow-up']).get(`/conditions/${d.c.C1}`).set(as(VEILEDER))).body.status === 'BREACHED',
      20_000,
      'C1 breached',
    );
    // The receipt comes late: kept, but only a new deadline (or a judgement) can fulfil the breached condition.
    await followUp(`/conditions/${d.c.C1}/evidence/documents`, receipt).expect(201);
    await eventually(
      async () =>
        (await request(system.urls.decision).get(`/decisions/${d.decisionId}`).set(as(DECISION_UNIT))).body.conditions[0].breached,
      20_000,
      'decision knows the breach',
    );
    const before = await snapshot();
    const lift = await amend(system, d.decisionId, `conditions/${d.c.C1}/lifting?dryRun=true`, {
      reason: 'Vilkåret passet ikke saken',
    }).expect(200);
    expect(lift.body).toMatchObject({
      dryRun: true,
      amendment: { kind: 'CONDITION_LIFTED' },
      payments: [{ ref: 'P1', outcome: 'RELEASED', releasedAmountOre: 850_000 }],
    });
    const later = addDays(osloDate(new Date()), 14);
    const moved = await amend(system, d.decisionId, `conditions/${d.c.C1}/deadline?dryRun=true`, {
      deadline: later,
      reason: 'Var innlagt på sykehus; ny frist om to uker',
    }).expect(200);
    expect(moved.body).toMatchObject({
      amendment: { kind: 'DEADLINE_MOVED', deadline: later },
      condition: { status: 'FULFILLED', deadline: later },
      payments: [{ ref: 'P1', outcome: 'RELEASED', releasedAmountOre: 850_000 }],
    });
    const reduced = await amend(system, d.decisionId, `payments/${d.p.P1}/reduction?dryRun=true`, {
      conditionId: d.c.C1,
      amountOre: 600_000,
      assessment: 'Brudd på vilkåret; redusert etter en konkret vurdering',
    }).expect(200);
    expect(reduced.body.payments).toEqual([
      expect.objectContaining({ ref: 'P1', outcome: 'RELEASED', amountOreAfter: 600_000, releasedAmountOre: 600_000 }),
    ]);
    const zero = await amend(system, d.decisionId, `payments/${d.p.P1}/reduction?dryRun=true`, {
      conditionId: d.c.C1,
      amountOre: 0,
      assessment: 'Brudd på vilkåret; redusert etter en konkret vurdering',
    });
    expect(zero.status).toBeGreaterThanOrEqual(400);
    expect(zero.body.errors[0].field).toBe('amountOre');
    const stop = await amend(system, d.decisionId, `payments/${d.p.P1}/stop?dryRun=true`, { reason: 'Flyttet fra kommunen' }).expect(400);
    expect(stop.body.errors).toEqual([{ field: 'dryRun', reason: 'this action offers no dry run' }]);
    expect(await snapshot()).toEqual(before);
  });

  it("payout's what-if is read-only and office-scoped: another office's veileder and the payment team are refused", async () => {
    const d = await issueNovember(system);
    const ask = (auth: Record<string, string>) =>
      request(system.urls.payout)
        .post(`/decisions/${d.decisionId}/payments/what-if`)
        .set(auth)
        .send({ changes: [{ kind: 'MET', conditionId: d.c.C1 }] });
    await ask(bearer(VEILEDER, 'veileder', ['1201'])).expect(403);
    await ask(bearer('Z300003', 'payment-team')).expect(403);
    const bad = await request(system.urls.payout)
      .post(`/decisions/${d.decisionId}/payments/what-if`)
      .set(as(VEILEDER))
      .send({ changes: [{ kind: 'REDUCED', conditionId: d.c.C1 }] })
      .expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'changes[0].paymentId',
      'changes[0].toOre',
    ]);
    const ok = await ask(as(VEILEDER)).expect(200);
    expect(ok.body.payments).toEqual([expect.objectContaining({ ref: 'P1', outcome: 'RELEASED' })]);
  });

  it('the issue example: a course 21–31 December 2026 with every day it was held registered is fulfilled, and its payment released', async () => {
    const d = await issueNovember(system, (b) => {
      b.conditions[1].requirement = { kind: 'ATTENDANCE', periodFrom: '2026-12-21', periodTo: '2026-12-31', maxUnapprovedAbsenceDays: 0 };
      b.conditions[1].gates = ['P1'];
      b.periodTo = '2026-12-31';
      b.conditions = [b.conditions[1]];
    });
    const entries = daysBetween('2026-12-21', '2026-12-31')
      .filter(isCourseDay)
      .map((date) => ({ date, status: 'PRESENT' }));
    const list = { provider: 'Oslo voksenopplæring', signedBy: 'Kari Nordmann, lærer', signedOn: '2027-01-04', entries };
    const preview = await followUp(`/conditions/${d.c.C2}/evidence/attendance-lists?dryRun=true`, list).expect(200);
    expect(preview.body.payments).toEqual([expect.objectContaining({ ref: 'P1', outcome: 'RELEASED' })]);
    const res = await followUp(`/conditions/${d.c.C2}/evidence/attendance-lists`, list).expect(201);
    expect(res.body.condition).toMatchObject({
      status: 'FULFILLED',
      summary: 'attendance covers all 8 course days; 0 days of unapproved absence, at most 0 allowed',
      progress: { courseDays: 8, holidays: [{ date: '2026-12-25', holidays: ['CHRISTMAS_DAY'] }] },
    });
    expect(res.body.condition.details).toContain('not course days (public holidays): 2026-12-25 CHRISTMAS_DAY');
    await eventually(async () => (await payment(system, d.p.P1)).status === 'RELEASED', 20_000, 'P1 released');
  });

  it('with payout down, the dry run still judges the condition and says plainly that payments are not known', async () => {
    const d = await issueNovember(system);
    await system.stop('payout');
    try {
      const res = await followUp(`/conditions/${d.c.C1}/evidence/documents?dryRun=true`, receipt).expect(200);
      expect(res.body).toMatchObject({
        condition: { status: 'FULFILLED' },
        payments: [],
        paymentsUnavailable: 'payout did not answer: which payments would be released is not known',
      });
    } finally {
      await system.start('payout');
    }
  });
});
