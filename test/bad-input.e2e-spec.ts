import request from 'supertest';
import { DECISION_UNIT, System, as, bearer, issueNovember, november2026Decision, registerEvidence, startSystem } from '@vf/testing';

// Bad input found by trying it as a new user would (issue #11): each gets a 400 naming the field,
// never a 500, and changes nothing.

let system: System;
beforeAll(async () => {
  system = await startSystem('badinput');
}, 120_000);
afterAll(() => system?.stopAll());

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('bad input', () => {
  it('refuses control characters (NUL) in any string, naming the field, and stores nothing', async () => {
    const { c } = await issueNovember(system);
    const before = await system.count('follow-up', 'evidence');
    const res = await registerEvidence(system, c.C3, 'job-applications', {
      applications: [{ employer: 'Rema\u00001000', position: 'Lager\u0007', sentOn: '2026-11-10', channel: 'EMAIL' }],
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(['applications[0].employer', 'applications[0].position']));
    expect(await system.count('follow-up', 'evidence')).toBe(before);

    const decision = november2026Decision('K-NUL1');
    decision.conditions[0].text = 'Lever\u0000 kvittering';
    const issued = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(decision);
    expect(issued.status).toBe(400);
    expect(fieldsOf(issued.body)).toContain('conditions[0].text');
  });

  it('refuses an array where an object belongs', async () => {
    const { c } = await issueNovember(system);
    const res = await registerEvidence(system, c.C3, 'job-applications', { applications: [[[]]] });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('applications');
  });

  it('refuses a 100,000-character idempotency key in a settlement report', async () => {
    const { p } = await issueNovember(system);
    const res = await request(system.urls.payout)
      .post(`/payments/${p.P1}/settlement`)
      .set(bearer('Z300003', 'payment-team'))
      .send({ idempotencyKey: 'k'.repeat(100_000), outcome: 'FAILED', reason: 'x' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('idempotencyKey');
  });
});
