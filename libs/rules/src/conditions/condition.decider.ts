import { CalendarDate, compareDates, isWithin, osloDate } from '../calendar/calendar-date';
import { Decider } from '../decider';
import { FieldError, RuleViolation } from '../errors/rule-violation';
import { assessEvidence } from './assess-evidence';
import { Assessment, ConditionStatus, Evidence, FulfilmentJudgement, Requirement, Withdrawal, evidenceKindsFor } from './condition';

/**
 * One condition as follow-up sees it. Its lifecycle:
 *
 *   OPEN --evidence meets it / veileder's judgement--> FULFILLED
 *   OPEN --deadline passes (end of the deadline day, Oslo)--> BREACHED
 *   BREACHED --veileder's judgement--> FULFILLED
 *   FULFILLED (on evidence) --evidence withdrawn or corrected so it no longer holds--> OPEN
 *   BREACHED --decision unit moves the deadline--> OPEN (or FULFILLED, if the evidence already meets it)
 *   any but ANNULLED --decision unit lifts it--> LIFTED;  any --decision revoked--> ANNULLED
 *
 * A fulfilment by judgement stands whatever happens to the evidence afterwards.
 */
export interface ConditionState {
  conditionId: string;
  requirement: Requirement;
  deadline: CalendarDate;
  status: ConditionStatus;
  evidence: Evidence[];
  fulfilledAt: string | null;
  fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT' | null;
  judgement: FulfilmentJudgement | null;
  breachedAt: string | null;
}

export type ConditionCommand =
  | { type: 'RegisterEvidence'; evidence: Evidence }
  | { type: 'WithdrawEvidence'; evidenceId: string; withdrawal: Withdrawal }
  | { type: 'JudgeFulfilled'; judgement: FulfilmentJudgement }
  /** From the deadline job: `now` is the instant of the scan. */
  | { type: 'CheckDeadline'; now: Date }
  /** The decision unit's amendments, carried out here. */
  | { type: 'Lift'; at: string; reason: string }
  | { type: 'MoveDeadline'; deadline: CalendarDate; at: string; reason: string }
  | { type: 'Annul'; at: string; reason: string };

export type ConditionEvent =
  | { type: 'EvidenceRegistered'; conditionId: string; evidence: Evidence }
  | { type: 'EvidenceWithdrawn'; conditionId: string; evidenceId: string; withdrawal: Withdrawal }
  | {
      type: 'ConditionFulfilled';
      conditionId: string;
      fulfilledAt: string;
      fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT';
      summary: string;
      judgement: FulfilmentJudgement | null;
    }
  | { type: 'ConditionReopened'; conditionId: string; reopenedAt: string; reason: string; summary: string }
  | { type: 'ConditionBreached'; conditionId: string; breachedAt: string; deadline: CalendarDate; summary: string }
  | { type: 'ConditionLifted'; conditionId: string; at: string; reason: string }
  | { type: 'DeadlineMoved'; conditionId: string; from: CalendarDate; to: CalendarDate; at: string; reason: string }
  | { type: 'ConditionAnnulled'; conditionId: string; at: string; reason: string };

export const MIN_JUSTIFICATION_LENGTH = 10;
export const MIN_REASON_LENGTH = 5;

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
    breachedAt: null,
  };
}

/** A deadline is a day in Oslo: it has passed once that day has ended there. */
export function deadlinePassed(deadline: CalendarDate, now: Date): boolean {
  return compareDates(osloDate(now), deadline) > 0;
}

/** Checks evidence against its own condition. Throws RuleViolation naming the field and the reason. */
export function checkEvidence(requirement: Requirement, evidence: Evidence): void {
  const accepted = evidenceKindsFor(requirement.kind);
  if (!accepted.includes(evidence.kind)) {
    throw RuleViolation.invalid('kind', `a ${requirement.kind} condition takes ${accepted.join(' or ')} evidence, not ${evidence.kind}`);
  }
  const errors: FieldError[] = [];
  const outside = (from: CalendarDate, to: CalendarDate) => `is outside the condition's period ${from} to ${to}`;
  if (evidence.kind === 'DOCUMENT_RECEIVED' && requirement.kind === 'DOCUMENT') {
    if (evidence.documentType !== requirement.documentType) {
      errors.push({ field: 'documentType', reason: `this condition requires the document "${requirement.documentType}"` });
    }
    if (evidence.outcome === 'REJECTED' && !evidence.rejectionReason?.trim()) {
      errors.push({ field: 'rejectionReason', reason: 'a rejected document needs the reason, for the recipient' });
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
      if (entry.status === 'APPROVED_ABSENCE' && !entry.reason) {
        errors.push({ field: `entries[${i}].reason`, reason: 'approved absence needs its reason' });
      }
      if (entry.status !== 'APPROVED_ABSENCE' && entry.reason) {
        errors.push({ field: `entries[${i}].reason`, reason: 'only approved absence has a reason' });
      }
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

/** Fulfilled on evidence and no longer holding after a change: reopen, and say why. */
function reopenIfNoLongerMet(state: ConditionState, evidence: Evidence[], at: string, reason: string): ConditionEvent[] {
  if (state.status !== 'FULFILLED' || state.fulfilledBy !== 'EVIDENCE') return [];
  const assessment = assessEvidence(state.requirement, evidence);
  if (assessment.met) return [];
  return [{ type: 'ConditionReopened', conditionId: state.conditionId, reopenedAt: at, reason, summary: assessment.summary }];
}

const CLOSED: readonly ConditionStatus[] = ['LIFTED', 'ANNULLED'];

export function decideCondition(command: ConditionCommand, state: ConditionState): ConditionEvent[] {
  if (CLOSED.includes(state.status) && ['RegisterEvidence', 'WithdrawEvidence', 'JudgeFulfilled'].includes(command.type)) {
    throw RuleViolation.conflict('conditionId', `the condition is ${state.status.toLowerCase()}`);
  }
  switch (command.type) {
    case 'RegisterEvidence': {
      checkEvidence(state.requirement, command.evidence);
      const registered: ConditionEvent = { type: 'EvidenceRegistered', conditionId: state.conditionId, evidence: command.evidence };
      const evidence = [...state.evidence, command.evidence];
      // After the deadline, evidence is kept and shown, but only a judgement fulfils a breached condition.
      if (state.status === 'BREACHED') return [registered];
      if (state.status === 'FULFILLED') {
        return [
          registered,
          ...reopenIfNoLongerMet(state, evidence, command.evidence.registeredAt, 'a later list corrected the attendance'),
        ];
      }
      const assessment = assessEvidence(state.requirement, evidence);
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
    case 'WithdrawEvidence': {
      const target = state.evidence.find((e) => e.evidenceId === command.evidenceId);
      if (!target) throw RuleViolation.invalid('evidenceId', 'no such evidence on this condition');
      if (target.withdrawal) throw RuleViolation.conflict('evidenceId', `already withdrawn ${target.withdrawal.withdrawnAt}`);
      if (command.withdrawal.reason.trim().length < MIN_REASON_LENGTH) {
        throw RuleViolation.invalid('reason', `must say why, in at least ${MIN_REASON_LENGTH} characters`);
      }
      const evidence = state.evidence.map((e) => (e.evidenceId === command.evidenceId ? { ...e, withdrawal: command.withdrawal } : e));
      return [
        { type: 'EvidenceWithdrawn', conditionId: state.conditionId, evidenceId: command.evidenceId, withdrawal: command.withdrawal },
        ...reopenIfNoLongerMet(state, evidence, command.withdrawal.withdrawnAt, `evidence withdrawn: ${command.withdrawal.reason}`),
      ];
    }
    case 'JudgeFulfilled': {
      if (state.status === 'FULFILLED') {
        throw RuleViolation.conflict('conditionId', `the condition is already fulfilled (${state.fulfilledAt})`);
      }
      if (command.judgement.justification.trim().length < MIN_JUSTIFICATION_LENGTH) {
        throw RuleViolation.invalid('justification', `must explain the judgement in at least ${MIN_JUSTIFICATION_LENGTH} characters`);
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
    case 'Lift':
      if (CLOSED.includes(state.status)) return [];
      return [{ type: 'ConditionLifted', conditionId: state.conditionId, at: command.at, reason: command.reason }];
    case 'Annul':
      if (state.status === 'ANNULLED') return [];
      return [{ type: 'ConditionAnnulled', conditionId: state.conditionId, at: command.at, reason: command.reason }];
    case 'MoveDeadline': {
      if (CLOSED.includes(state.status) || command.deadline === state.deadline) return [];
      const moved: ConditionEvent = {
        type: 'DeadlineMoved',
        conditionId: state.conditionId,
        from: state.deadline,
        to: command.deadline,
        at: command.at,
        reason: command.reason,
      };
      if (state.status !== 'BREACHED') return [moved];
      // The breach is answered: the condition is open again, and met at once if the late evidence meets it.
      const assessment = assessEvidence(state.requirement, state.evidence);
      if (!assessment.met) return [moved];
      return [
        moved,
        {
          type: 'ConditionFulfilled',
          conditionId: state.conditionId,
          fulfilledAt: command.at,
          fulfilledBy: 'EVIDENCE',
          summary: assessment.summary,
          judgement: null,
        },
      ];
    }
    case 'CheckDeadline': {
      if (state.status !== 'OPEN' || !deadlinePassed(state.deadline, command.now)) return [];
      const assessment = assessEvidence(state.requirement, state.evidence);
      return [
        {
          type: 'ConditionBreached',
          conditionId: state.conditionId,
          breachedAt: command.now.toISOString(),
          deadline: state.deadline,
          summary: `deadline ${state.deadline} passed; on the evidence: ${assessment.summary}`,
        },
      ];
    }
  }
}

export function evolveCondition(state: ConditionState, event: ConditionEvent): ConditionState {
  switch (event.type) {
    case 'EvidenceRegistered':
      return { ...state, evidence: [...state.evidence, event.evidence] };
    case 'EvidenceWithdrawn':
      return {
        ...state,
        evidence: state.evidence.map((e) => (e.evidenceId === event.evidenceId ? { ...e, withdrawal: event.withdrawal } : e)),
      };
    case 'ConditionFulfilled':
      return { ...state, status: 'FULFILLED', fulfilledAt: event.fulfilledAt, fulfilledBy: event.fulfilledBy, judgement: event.judgement };
    case 'ConditionReopened':
      return { ...state, status: 'OPEN', fulfilledAt: null, fulfilledBy: null, judgement: null };
    case 'ConditionBreached':
      return { ...state, status: 'BREACHED', breachedAt: event.breachedAt };
    case 'ConditionLifted':
      return { ...state, status: 'LIFTED' };
    case 'ConditionAnnulled':
      return { ...state, status: 'ANNULLED' };
    case 'DeadlineMoved':
      // A breach answered by a new deadline: open again. A breach already judged away keeps its record.
      return state.status === 'BREACHED'
        ? { ...state, deadline: event.to, status: 'OPEN', breachedAt: null }
        : { ...state, deadline: event.to };
  }
}

export const conditionDecider: Decider<ConditionState, ConditionCommand, ConditionEvent> = {
  decide: decideCondition,
  evolve: evolveCondition,
};

/** What to show for a condition: the assessment of its evidence, with the veileder's judgement or the breach on top. */
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
  if (state.status === 'LIFTED' || state.status === 'ANNULLED') {
    return {
      ...assessment,
      status: state.status,
      summary: state.status === 'LIFTED' ? 'lifted by the decision unit' : 'annulled: the decision was revoked',
      details: [`on the evidence: ${assessment.summary}`, ...assessment.details],
    };
  }
  if (state.status === 'BREACHED') {
    return {
      ...assessment,
      status: state.status,
      summary: `deadline ${state.deadline} passed without the condition being met; awaiting the decision unit`,
      details: [`on the evidence: ${assessment.summary}`, ...assessment.details],
    };
  }
  return { ...assessment, status: state.status };
}
