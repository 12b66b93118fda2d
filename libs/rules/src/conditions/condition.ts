import { CalendarDate } from '../calendar/calendar-date';
import { PublicHolidayName } from '../calendar/public-holidays';

/**
 * What a condition (vilkår) demands. The decision unit picks a kind and its parameters; the
 * follow-up veileder judges evidence against exactly these, and nothing else.
 */
export type ConditionKind = 'DOCUMENT' | 'ATTENDANCE' | 'JOB_APPLICATIONS' | 'ACTIVITY';
// Written as a record so that the compiler insists every kind is listed.
const KINDS: Record<ConditionKind, true> = { DOCUMENT: true, ATTENDANCE: true, JOB_APPLICATIONS: true, ACTIVITY: true };
export const CONDITION_KINDS = Object.keys(KINDS) as readonly ConditionKind[];

/** Dokumentasjonskrav: a named document must be received (e.g. the rent receipt for November). */
export interface DocumentRequirement {
  kind: 'DOCUMENT';
  documentType: string;
}

/**
 * Frammøte: attendance lists must cover every course day (Mon–Fri, not a public holiday) of the period, and the threshold
 * must hold: at most `maxUnapprovedAbsenceDays` days of unapproved absence, or at least
 * `minAttendedShare` (0–1) of the days attendance was expected (course days less approved absence)
 * attended. Exactly one of the two is set.
 */
export interface AttendanceRequirement {
  kind: 'ATTENDANCE';
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  maxUnapprovedAbsenceDays?: number;
  minAttendedShare?: number;
}

/**
 * Jobbsøking: at least `applicationsPerWeek` applications in each ISO week (Europe/Oslo) the period
 * touches. A first or last week only partly in the period asks for its share: the number × the
 * weekdays (Mon–Fri) of that week in the period ÷ 5, rounded to the nearest whole number (a tie
 * cannot occur: the fraction is a multiple of 1/5).
 */
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

/** Godkjent fravær: sick with a doctor's note, strong welfare reasons, a job interview, approved by NAV. */
export type ApprovedAbsenceReason = 'ILL_WITH_NOTE' | 'STRONG_WELFARE_REASONS' | 'JOB_INTERVIEW' | 'APPROVED_BY_NAV';
export const APPROVED_ABSENCE_REASONS: readonly ApprovedAbsenceReason[] = [
  'ILL_WITH_NOTE',
  'STRONG_WELFARE_REASONS',
  'JOB_INTERVIEW',
  'APPROVED_BY_NAV',
];

export interface AttendanceEntry {
  date: CalendarDate;
  status: AttendanceStatus;
  /** Required for APPROVED_ABSENCE, absent otherwise. */
  reason?: ApprovedAbsenceReason;
}

export type ApplicationChannel = 'EMAIL' | 'WEB_FORM' | 'LETTER' | 'IN_PERSON' | 'PHONE' | 'OTHER';
export const APPLICATION_CHANNELS: readonly ApplicationChannel[] = ['EMAIL', 'WEB_FORM', 'LETTER', 'IN_PERSON', 'PHONE', 'OTHER'];

export interface JobApplication {
  employer: string;
  position: string;
  sentOn: CalendarDate;
  channel: ApplicationChannel;
  /** Where a copy is kept, if one was handed in. */
  copyReference?: string;
}

/** Evidence as the veileder registers it. `registeredAt` is an ISO instant. */
export type EvidenceBody =
  /** A document the veileder has read and accepted, or rejected with a reason. */
  | {
      kind: 'DOCUMENT_RECEIVED';
      documentType: string;
      receivedOn: CalendarDate;
      reference?: string;
      outcome: 'ACCEPTED' | 'REJECTED';
      rejectionReason?: string;
    }
  /** "Levert tidligere / dekket av et annet dokument": fulfils with a reference to it. */
  | { kind: 'DOCUMENT_COVERED'; coveredBy: string; note: string }
  | { kind: 'ATTENDANCE_LIST'; provider: string; signedBy: string; signedOn: CalendarDate; entries: AttendanceEntry[] }
  | { kind: 'JOB_APPLICATIONS'; applications: JobApplication[] }
  | { kind: 'ACTIVITY_HELD'; heldOn: CalendarDate; note: string };

export interface Withdrawal {
  reason: string;
  actorIdent: string;
  withdrawnAt: string;
}

/** Registered evidence. Withdrawn evidence is kept, shown, and no longer counts. */
export type Evidence = EvidenceBody & {
  evidenceId: string;
  registeredAt: string;
  registeredBy: string;
  withdrawal?: Withdrawal | null;
};

/** The veileder's written judgement that the condition is met although the evidence alone does not show it. */
export interface FulfilmentJudgement {
  justification: string;
  actorIdent: string;
  actorRole: string;
  judgedAt: string;
}

export type ConditionStatus = 'OPEN' | 'FULFILLED' | 'BREACHED' | 'LIFTED' | 'ANNULLED';
const STATUSES: Record<ConditionStatus, true> = { OPEN: true, FULFILLED: true, BREACHED: true, LIFTED: true, ANNULLED: true };
export const CONDITION_STATUSES = Object.keys(STATUSES) as readonly ConditionStatus[];

/**
 * How far the evidence has come, as facts rather than words: screens word it in the reader's
 * language (the web app in Norwegian), and the attendance grid shows each day as registered.
 */
export type Progress =
  | {
      kind: 'DOCUMENT';
      documentType: string;
      state: 'WAITING' | 'ACCEPTED' | 'REJECTED' | 'COVERED';
      receivedOn: CalendarDate | null;
      rejectionReason: string | null;
      coveredBy: string | null;
    }
  | {
      kind: 'ATTENDANCE';
      courseDays: number;
      covered: number;
      present: number;
      approvedAbsence: number;
      unapprovedAbsence: number;
      maxUnapprovedAbsenceDays: number | null;
      minAttendedShare: number | null;
      /** Days present ÷ days attendance was expected; null without a share threshold. */
      attendedShare: number | null;
      /**
       * Each registered day of the period, as the latest list says it, with earlier statuses it
       * corrected. A day that is a public holiday is listed but counts for nothing.
       */
      days: Array<{ date: CalendarDate; status: AttendanceStatus; corrected: AttendanceStatus[] }>;
      /** Weekdays of the period that are public holidays: not course days. */
      holidays: Array<{ date: CalendarDate; holidays: PublicHolidayName[] }>;
    }
  | { kind: 'JOB_APPLICATIONS'; weeks: Array<{ week: string; required: number; sent: number }> }
  | { kind: 'ACTIVITY'; activity: string; heldOn: CalendarDate | null };

/** How far a condition has come, in words for the veileder and the recipient. */
export interface Assessment {
  /** Fulfilled on the evidence alone. */
  met: boolean;
  /** False when the evidence already shows the condition cannot be met (e.g. too much unapproved absence). */
  achievable: boolean;
  summary: string;
  details: string[];
  progress: Progress;
}

export function evidenceKindsFor(kind: ConditionKind): EvidenceBody['kind'][] {
  switch (kind) {
    case 'DOCUMENT':
      return ['DOCUMENT_RECEIVED', 'DOCUMENT_COVERED'];
    case 'ATTENDANCE':
      return ['ATTENDANCE_LIST'];
    case 'JOB_APPLICATIONS':
      return ['JOB_APPLICATIONS'];
    case 'ACTIVITY':
      return ['ACTIVITY_HELD'];
  }
}

export const counts = (e: Evidence) => !e.withdrawal;
