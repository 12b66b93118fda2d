import { CalendarDate } from '../calendar/calendar-date';

/**
 * What a condition (vilkår) demands. The decision unit picks a kind and its parameters; the
 * follow-up veileder judges evidence against exactly these, and nothing else.
 */
export type ConditionKind = 'DOCUMENT' | 'ATTENDANCE' | 'JOB_APPLICATIONS' | 'ACTIVITY';
export const CONDITION_KINDS: readonly ConditionKind[] = ['DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'];

/** Dokumentasjonskrav: a named document must be received (e.g. the rent receipt for November). */
export interface DocumentRequirement {
  kind: 'DOCUMENT';
  documentType: string;
}

/** Frammøte: an attendance list must cover every course day (Mon–Fri) of the period,
 *  with at most `maxUnapprovedAbsenceDays` days of unapproved absence. */
export interface AttendanceRequirement {
  kind: 'ATTENDANCE';
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  maxUnapprovedAbsenceDays: number;
}

/** Jobbsøking: at least `applicationsPerWeek` applications in each ISO week (Europe/Oslo) that the period touches. */
export interface JobApplicationsRequirement {
  kind: 'JOB_APPLICATIONS';
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  applicationsPerWeek: number;
}

/** A meeting, a doctor's visit or another activity: a veileder records that it happened. */
export interface ActivityRequirement {
  kind: 'ACTIVITY';
  activity: string;
}

export type Requirement = DocumentRequirement | AttendanceRequirement | JobApplicationsRequirement | ActivityRequirement;

export type AttendanceStatus = 'PRESENT' | 'APPROVED_ABSENCE' | 'UNAPPROVED_ABSENCE';
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['PRESENT', 'APPROVED_ABSENCE', 'UNAPPROVED_ABSENCE'];

export interface AttendanceEntry {
  date: CalendarDate;
  status: AttendanceStatus;
}

export interface JobApplication {
  employer: string;
  position: string;
  sentOn: CalendarDate;
}

/** Evidence as the veileder registers it. `registeredAt` is an ISO instant. */
export type EvidenceBody =
  | { kind: 'DOCUMENT_RECEIVED'; documentType: string; receivedOn: CalendarDate; reference?: string }
  | { kind: 'ATTENDANCE_LIST'; provider: string; entries: AttendanceEntry[] }
  | { kind: 'JOB_APPLICATIONS'; applications: JobApplication[] }
  | { kind: 'ACTIVITY_HELD'; heldOn: CalendarDate; note: string };

export type Evidence = EvidenceBody & { evidenceId: string; registeredAt: string; registeredBy: string };

/** The veileder's written judgement that the condition is met although the evidence alone does not show it. */
export interface FulfilmentJudgement {
  justification: string;
  actorIdent: string;
  actorRole: string;
  judgedAt: string;
}

export type ConditionStatus = 'OPEN' | 'FULFILLED';

/** How far a condition has come, in words for the veileder and the recipient. */
export interface Assessment {
  /** Fulfilled on the evidence alone. */
  met: boolean;
  /** False when the evidence already shows the condition cannot be met (e.g. too much unapproved absence). */
  achievable: boolean;
  summary: string;
  details: string[];
}

export function evidenceKindFor(kind: ConditionKind): EvidenceBody['kind'] {
  switch (kind) {
    case 'DOCUMENT':
      return 'DOCUMENT_RECEIVED';
    case 'ATTENDANCE':
      return 'ATTENDANCE_LIST';
    case 'JOB_APPLICATIONS':
      return 'JOB_APPLICATIONS';
    case 'ACTIVITY':
      return 'ACTIVITY_HELD';
  }
}
