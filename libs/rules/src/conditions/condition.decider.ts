import { CalendarDate, isWithin } from '../calendar/calendar-date';
import { FieldError, RuleViolation } from '../errors/rule-violation';
import { assessEvidence } from './assess-evidence';
import {
  Assessment,
  ConditionStatus,
  Evidence,
  FulfilmentJudgement,
  Requirement,
  evidenceKindFor,
} from './condition';

/** One condition as follow-up sees it: what it demands, the evidence so far, and whether it is met. */
export interface ConditionState {
  conditionId: string;
  requirement: Requirement;
  deadline: CalendarDate;
  status: ConditionStatus;
  evidence: Evidence[];
  fulfilledAt: string | null;
  fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT' | null;
  judgement: FulfilmentJudgement | null;
}

export type ConditionCommand =
  | { type: 'RegisterEvidence'; evidence: Evidence }
  | { type: 'JudgeFulfilled'; judgement: FulfilmentJudgement };

export type ConditionEvent =
  | { type: 'EvidenceRegistered'; conditionId: string; evidence: Evidence }
  | {
      type: 'ConditionFulfilled';
      conditionId: string;
      fulfilledAt: string;
      fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT';
      summary: string;
      judgement: FulfilmentJudgement | null;
    };

export const MIN_JUSTIFICATION_LENGTH = 10;

export function initialConditionState(conditionId: string, requirement: Requirement, deadline: CalendarDate): ConditionState {
  return {
    conditionId,
    requirement,
    deadline,
    status: 'OPEN',
    evidence: [],
    fulfilledAt: null,
    fulfilledBy: null,
    judgement: null,
  };
}

/** Checks evidence against its own condition. Throws RuleViolation naming the field and the reason. */
export function checkEvidence(requirement: Requirement, evidence: Evidence): void {
  const expected = evidenceKindFor(requirement.kind);
  if (evidence.kind !== expected) {
    throw RuleViolation.invalid('kind', `a ${requirement.kind} condition takes ${expected} evidence, not ${evidence.kind}`);
  }
  const errors: FieldError[] = [];
  const outside = (from: CalendarDate, to: CalendarDate) => `is outside the condition's period ${from} to ${to}`;
  if (evidence.kind === 'DOCUMENT_RECEIVED' && requirement.kind === 'DOCUMENT') {
    if (evidence.documentType !== requirement.documentType) {
      errors.push({ field: 'documentType', reason: `this condition requires the document "${requirement.documentType}"` });
    }
  }
  if (evidence.kind === 'ATTENDANCE_LIST' && requirement.kind === 'ATTENDANCE') {
    const seen = new Set<string>();
    evidence.entries.forEach((entry, i) => {
      if (!isWithin(entry.date, requirement.periodFrom, requirement.periodTo)) {
        errors.push({ field: `entries[${i}].date`, reason: outside(requirement.periodFrom, requirement.periodTo) });
      }
      if (seen.has(entry.date)) errors.push({ field: `entries[${i}].date`, reason: 'the day appears more than once in this list' });
      seen.add(entry.date);
    });
  }
  if (evidence.kind === 'JOB_APPLICATIONS' && requirement.kind === 'JOB_APPLICATIONS') {
    evidence.applications.forEach((a, i) => {
      if (!isWithin(a.sentOn, requirement.periodFrom, requirement.periodTo)) {
        errors.push({ field: `applications[${i}].sentOn`, reason: outside(requirement.periodFrom, requirement.periodTo) });
      }
    });
  }
  if (errors.length > 0) throw new RuleViolation('INVALID', errors);
}

export function decideCondition(command: ConditionCommand, state: ConditionState): ConditionEvent[] {
  switch (command.type) {
    case 'RegisterEvidence': {
      checkEvidence(state.requirement, command.evidence);
      const registered: ConditionEvent = { type: 'EvidenceRegistered', conditionId: state.conditionId, evidence: command.evidence };
      if (state.status === 'FULFILLED') return [registered];
      const assessment = assessEvidence(state.requirement, [...state.evidence, command.evidence]);
      if (!assessment.met) return [registered];
      return [
        registered,
        {
          type: 'ConditionFulfilled',
          conditionId: state.conditionId,
          fulfilledAt: command.evidence.registeredAt,
          fulfilledBy: 'EVIDENCE',
          summary: assessment.summary,
          judgement: null,
        },
      ];
    }
    case 'JudgeFulfilled': {
      if (state.status === 'FULFILLED') {
        throw RuleViolation.conflict('conditionId', `the condition is already fulfilled (${state.fulfilledAt})`);
      }
      if (command.judgement.justification.trim().length < MIN_JUSTIFICATION_LENGTH) {
        throw RuleViolation.invalid(
          'justification',
          `must explain the judgement in at least ${MIN_JUSTIFICATION_LENGTH} characters`,
        );
      }
      const assessment = assessEvidence(state.requirement, state.evidence);
      return [
        {
          type: 'ConditionFulfilled',
          conditionId: state.conditionId,
          fulfilledAt: command.judgement.judgedAt,
          fulfilledBy: 'VEILEDER_JUDGEMENT',
          summary: `fulfilled by the veileder's judgement; on the evidence: ${assessment.summary}`,
          judgement: command.judgement,
        },
      ];
    }
  }
}

export function evolveCondition(state: ConditionState, event: ConditionEvent): ConditionState {
  switch (event.type) {
    case 'EvidenceRegistered':
      return { ...state, evidence: [...state.evidence, event.evidence] };
    case 'ConditionFulfilled':
      return {
        ...state,
        status: 'FULFILLED',
        fulfilledAt: event.fulfilledAt,
        fulfilledBy: event.fulfilledBy,
        judgement: event.judgement,
      };
  }
}

/** What to show for a condition: the assessment of its evidence, with the veileder's judgement on top if any. */
export function describeCondition(state: ConditionState): Assessment & { status: ConditionStatus } {
  const assessment = assessEvidence(state.requirement, state.evidence);
  if (state.fulfilledBy === 'VEILEDER_JUDGEMENT' && state.judgement) {
    return {
      ...assessment,
      status: state.status,
      summary: `fulfilled by ${state.judgement.actorIdent}'s judgement: ${state.judgement.justification}`,
      details: [`on the evidence: ${assessment.summary}`, ...assessment.details],
    };
  }
  return { ...assessment, status: state.status };
}
