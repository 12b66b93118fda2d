import fc from 'fast-check';
import { given } from '../decider';
import { GateCommand, gateDecider, unknownGate } from './gate.decider';

const blank = unknownGate('C1', 'D1');
const issued: GateCommand = {
  type: 'LearnIssued',
  ref: 'C1',
  text: 'Lever kvittering for husleie',
  deadline: '2026-11-30',
  office: '0301',
  veilederIdent: 'Z123456',
};
const met = (at = '2026-11-20T10:00:00Z'): GateCommand => ({ type: 'Resolve', how: 'MET', at, summary: 'receipt accepted' });
const lifted = (at = '2026-11-22T10:00:00Z'): GateCommand => ({ type: 'Resolve', how: 'LIFTED', at, summary: null });
const reopen: GateCommand = { type: 'Reopen', summary: 'evidence withdrawn' };
const progress = (at: string, status = 'OPEN', deadline = '2026-11-30'): GateCommand => ({
  type: 'RecordProgress',
  progress: { status, deadline, summary: `as of ${at}`, achievable: true, at, office: '0301' },
});

describe('gate decider: what payout knows of one condition', () => {
  it('learns the condition from the decision, open, with its text and deadline', () => {
    const { state, types } = given(gateDecider, blank).when(issued);
    expect(types).toEqual(['GateConditionLearned']);
    expect(state).toMatchObject({ known: true, status: 'OPEN', text: 'Lever kvittering for husleie', deadline: '2026-11-30' });
  });

  it('keeps a deadline and a status follow-up reported before the decision arrived', () => {
    const { state } = given(gateDecider, blank, progress('2026-11-21T08:00:00Z', 'BREACHED', '2026-12-07')).when(issued);
    expect(state).toMatchObject({ deadline: '2026-12-07', status: 'BREACHED', text: 'Lever kvittering for husleie' });
  });

  it('the first resolution counts: a later lift changes the status shown, not when or how it was met', () => {
    const { state, types } = given(gateDecider, blank, issued, met('2026-11-20T10:00:00Z')).when(lifted('2026-11-25T10:00:00Z'));
    expect(types).toEqual(['GateConditionResolvedAgain']);
    expect(state.resolution).toEqual({ how: 'MET', at: '2026-11-20T10:00:00Z' });
    expect(state.status).toBe('LIFTED');
  });

  it('reopens only a condition met on evidence; a lift stands, and an unresolved one has nothing to reopen', () => {
    expect(given(gateDecider, blank, issued, met()).when(reopen).state).toMatchObject({ resolution: null, status: 'OPEN' });
    expect(given(gateDecider, blank, issued, lifted()).when(reopen).events).toEqual([]);
    expect(given(gateDecider, blank, issued).when(reopen).events).toEqual([]);
  });

  it('moves the deadline of a known condition only', () => {
    expect(given(gateDecider, blank, issued).when({ type: 'MoveDeadline', deadline: '2026-12-14' }).state.deadline).toBe('2026-12-14');
    expect(given(gateDecider, blank).when({ type: 'MoveDeadline', deadline: '2026-12-14' }).events).toEqual([]);
  });

  it('whatever order progress snapshots arrive in, the newest is the one kept', () => {
    const instants = fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(instants, (offsets) => {
        const snapshots = offsets.map((o) => progress(new Date(Date.UTC(2026, 10, 20) + o * 1000).toISOString()));
        const state = given(gateDecider, blank, issued, ...snapshots).state;
        const newest = Math.max(...offsets);
        expect(state.progressAt).toBe(new Date(Date.UTC(2026, 10, 20) + newest * 1000).toISOString());
      }),
    );
  });

  it('whatever order resolutions arrive in, the first one decided is the one kept', () => {
    const resolutions = fc.array(
      fc.record({ how: fc.constantFrom('MET' as const, 'LIFTED' as const), minute: fc.integer({ min: 0, max: 59 }) }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(resolutions, (rs) => {
        const commands: GateCommand[] = rs.map(({ how, minute }) => ({
          type: 'Resolve',
          how,
          at: `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`,
          summary: null,
        }));
        const state = given(gateDecider, blank, issued, ...commands).state;
        expect(state.resolution).toEqual({ how: rs[0].how, at: (commands[0] as { at: string }).at });
        expect(state.status).toBe(rs.at(-1)!.how === 'MET' ? 'FULFILLED' : 'LIFTED');
      }),
    );
  });
});
