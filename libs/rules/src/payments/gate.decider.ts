import { CalendarDate } from '../calendar/calendar-date';
import { Decider } from '../decider';
import { GateResolution } from './payment';

/** How a condition stopped holding payments: met, or lifted by the decision unit; `at` is when. */
export type ConditionResolution = GateResolution & { how: 'MET' | 'LIFTED' };

/** A snapshot of a condition as follow-up last described it (condition-progress). */
export interface GateProgress {
  status: string;
  deadline: CalendarDate;
  summary: string;
  achievable: boolean;
  at: string;
  office: string;
}

/**
 * A condition as payout knows it, for the payments it gates (port: vilkår som holder igjen
 * utbetalinger). Events about one condition come on several topics and in any order: the decision
 * (its text), follow-up's fulfilment, reopening and progress, the decision unit's lift. The rules:
 *  - the first resolution counts: a later one changes the shown status, never when or how it was met;
 *  - only a condition met on evidence reopens (a lift stands);
 *  - the newest progress snapshot wins, an older one arriving late is ignored;
 *  - what the decision says (text, deadline) fills in, but never overwrites a deadline follow-up already moved.
 */
export interface GateState {
  conditionId: string;
  decisionId: string;
  /** Whether payout has heard of the condition at all (a row exists). */
  known: boolean;
  ref: string | null;
  text: string | null;
  deadline: CalendarDate | null;
  resolution: ConditionResolution | null;
  /** Payments a condition added after the decision gates. */
  addedGates: string[];
  status: string | null;
  summary: string | null;
  achievable: boolean | null;
  progressAt: string | null;
  office: string | null;
  veilederIdent: string | null;
}

export function unknownGate(conditionId: string, decisionId: string): GateState {
  return {
    conditionId,
    decisionId,
    known: false,
    ref: null,
    text: null,
    deadline: null,
    resolution: null,
    addedGates: [],
    status: null,
    summary: null,
    achievable: null,
    progressAt: null,
    office: null,
    veilederIdent: null,
  };
}

export type GateCommand =
  /** decision-issued: the condition as the decision sets it. */
  | { type: 'LearnIssued'; ref: string; text: string; deadline: CalendarDate; office: string; veilederIdent: string | null }
  /** decision-amended: a condition added later, with the payments it holds back. */
  | { type: 'LearnAdded'; ref: string; text: string; deadline: CalendarDate; gates: string[] }
  | { type: 'Resolve'; how: 'MET' | 'LIFTED'; at: string; summary: string | null }
  | { type: 'Reopen'; summary: string }
  | { type: 'RecordProgress'; progress: GateProgress }
  | { type: 'MoveDeadline'; deadline: CalendarDate };

export type GateEvent =
  | { type: 'GateConditionLearned'; ref: string; text: string; deadline: CalendarDate; office: string | null; veilederIdent: string | null }
  | { type: 'GateConditionAdded'; ref: string; text: string; deadline: CalendarDate; gates: string[] }
  | { type: 'GateConditionResolved'; resolution: ConditionResolution; summary: string | null }
  /** Resolved again (e.g. met, then lifted): the status shown changes, the first resolution stands. */
  | { type: 'GateConditionResolvedAgain'; how: 'MET' | 'LIFTED'; summary: string | null }
  | { type: 'GateConditionReopened'; summary: string }
  | { type: 'GateConditionProgressed'; progress: GateProgress }
  | { type: 'GateConditionDeadlineMoved'; deadline: CalendarDate };

const shownStatus = (how: 'MET' | 'LIFTED') => (how === 'MET' ? 'FULFILLED' : 'LIFTED');

export function decideGate(command: GateCommand, state: GateState): GateEvent[] {
  switch (command.type) {
    case 'LearnIssued': {
      const { type: _t, ...learned } = command;
      return [{ type: 'GateConditionLearned', ...learned }];
    }
    case 'LearnAdded': {
      const { type: _t, ...added } = command;
      return [{ type: 'GateConditionAdded', ...added }];
    }
    case 'Resolve':
      if (state.resolution) return [{ type: 'GateConditionResolvedAgain', how: command.how, summary: command.summary }];
      return [{ type: 'GateConditionResolved', resolution: { how: command.how, at: command.at }, summary: command.summary }];
    case 'Reopen':
      return state.resolution?.how === 'MET' ? [{ type: 'GateConditionReopened', summary: command.summary }] : [];
    case 'RecordProgress':
      if (state.progressAt !== null && Date.parse(state.progressAt) > Date.parse(command.progress.at)) return [];
      return [{ type: 'GateConditionProgressed', progress: command.progress }];
    case 'MoveDeadline':
      return state.known ? [{ type: 'GateConditionDeadlineMoved', deadline: command.deadline }] : [];
  }
}

export function evolveGate(state: GateState, event: GateEvent): GateState {
  const s = { ...state, known: true };
  switch (event.type) {
    case 'GateConditionLearned':
      return {
        ...s,
        ref: event.ref,
        text: event.text,
        deadline: state.deadline ?? event.deadline,
        office: event.office,
        veilederIdent: event.veilederIdent,
        status: state.status ?? 'OPEN',
      };
    case 'GateConditionAdded':
      return { ...s, ref: event.ref, text: event.text, deadline: event.deadline, addedGates: event.gates };
    case 'GateConditionResolved':
      return { ...s, resolution: event.resolution, status: shownStatus(event.resolution.how), summary: event.summary ?? state.summary };
    case 'GateConditionResolvedAgain':
      return { ...s, status: shownStatus(event.how), summary: event.summary ?? state.summary };
    case 'GateConditionReopened':
      return { ...s, resolution: null, status: 'OPEN', summary: event.summary };
    case 'GateConditionProgressed': {
      const p = event.progress;
      return {
        ...s,
        status: p.status,
        deadline: p.deadline,
        summary: p.summary,
        achievable: p.achievable,
        progressAt: p.at,
        office: state.office ?? p.office,
      };
    }
    case 'GateConditionDeadlineMoved':
      return { ...s, deadline: event.deadline };
  }
}

export const gateDecider: Decider<GateState, GateCommand, GateEvent> = { decide: decideGate, evolve: evolveGate };
