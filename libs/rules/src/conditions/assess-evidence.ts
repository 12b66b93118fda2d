import { CalendarDate, daysBetween, isWeekday, isoWeekKey, isoWeekOf } from '../calendar/calendar-date';
import { PublicHolidayName, isPublicHoliday, publicHolidaysOn } from '../calendar/public-holidays';
import {
  ActivityRequirement,
  Assessment,
  AttendanceRequirement,
  AttendanceStatus,
  DocumentRequirement,
  Evidence,
  JobApplication,
  JobApplicationsRequirement,
  Progress,
  Requirement,
  counts,
} from './condition';

type Of<K extends Evidence['kind']> = Extract<Evidence, { kind: K }>;
const ofKind = <K extends Evidence['kind']>(evidence: readonly Evidence[], kind: K): Of<K>[] =>
  evidence.filter((e): e is Of<K> => e.kind === kind && counts(e));

/** Judges a condition on its own evidence, and only its own. Withdrawn evidence does not count. Pure. */
export function assessEvidence(requirement: Requirement, evidence: readonly Evidence[]): Assessment {
  switch (requirement.kind) {
    case 'DOCUMENT':
      return assessDocument(requirement, evidence);
    case 'ATTENDANCE':
      return assessAttendance(requirement, evidence);
    case 'JOB_APPLICATIONS':
      return assessJobApplications(requirement, evidence);
    case 'ACTIVITY':
      return assessActivity(requirement, evidence);
  }
}

/** Accepted, or covered by another document, fulfils; a rejection keeps it open and says why. */
function assessDocument(req: DocumentRequirement, evidence: readonly Evidence[]): Assessment {
  const progress = (
    state: 'WAITING' | 'ACCEPTED' | 'REJECTED' | 'COVERED',
    receivedOn: string | null = null,
    rejectionReason: string | null = null,
    coveredBy: string | null = null,
  ) => ({ kind: 'DOCUMENT', documentType: req.documentType, state, receivedOn, rejectionReason, coveredBy }) as const;
  const received = ofKind(evidence, 'DOCUMENT_RECEIVED');
  const accepted = received.find((e) => e.outcome === 'ACCEPTED');
  if (accepted) {
    return {
      met: true,
      achievable: true,
      summary: `document "${req.documentType}" received ${accepted.receivedOn} and accepted`,
      details: [],
      progress: progress('ACCEPTED', accepted.receivedOn),
    };
  }
  const covered = ofKind(evidence, 'DOCUMENT_COVERED')[0];
  if (covered) {
    return {
      met: true,
      achievable: true,
      summary: `document "${req.documentType}" covered by ${covered.coveredBy}`,
      details: [covered.note],
      progress: progress('COVERED', null, null, covered.coveredBy),
    };
  }
  const rejected = received.filter((e) => e.outcome === 'REJECTED');
  if (rejected.length > 0) {
    const last = rejected[rejected.length - 1];
    return {
      met: false,
      achievable: true,
      summary: `document "${req.documentType}" received ${last.receivedOn} but rejected: ${last.rejectionReason}`,
      details: rejected.map((r) => `received ${r.receivedOn}, rejected: ${r.rejectionReason}`),
      progress: progress('REJECTED', last.receivedOn, last.rejectionReason ?? null),
    };
  }
  return {
    met: false,
    achievable: true,
    summary: `waiting for document "${req.documentType}"`,
    details: [],
    progress: progress('WAITING'),
  };
}

export interface AttendanceDay {
  date: CalendarDate;
  status: AttendanceStatus;
  /** Earlier statuses of the day that later lists corrected, oldest first. */
  corrected: AttendanceStatus[];
}

/**
 * The attendance of each day as the lists, taken in registration order, say it: a later list's entry
 * for a day replaces the earlier one, which is kept as a correction.
 */
export function attendanceByDay(evidence: readonly Evidence[]): Map<CalendarDate, AttendanceDay> {
  const days = new Map<CalendarDate, AttendanceDay>();
  for (const list of ofKind(evidence, 'ATTENDANCE_LIST')) {
    for (const entry of list.entries) {
      const before = days.get(entry.date);
      const corrected = before ? (before.status === entry.status ? before.corrected : [...before.corrected, before.status]) : [];
      days.set(entry.date, { date: entry.date, status: entry.status, corrected });
    }
  }
  return days;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The weekdays of a period that are public holidays, and so not course days, with the holidays' names. */
export function holidaysInPeriod(from: CalendarDate, to: CalendarDate): Array<{ date: CalendarDate; holidays: PublicHolidayName[] }> {
  return daysBetween(from, to)
    .filter((d) => isWeekday(d) && isPublicHoliday(d))
    .map((date) => ({ date, holidays: publicHolidaysOn(date) }));
}

/**
 * Course days are Monday to Friday in the period, less public holidays; days without an entry are
 * unknown. An entry on a public holiday is accepted and shown, but counts for nothing. Unapproved
 * absence counts wherever else it is recorded in the period. With a share threshold, the share is
 * days present ÷ days attendance was expected (course days less approved absence).
 */
function assessAttendance(req: AttendanceRequirement, evidence: readonly Evidence[]): Assessment {
  const days = attendanceByDay(evidence);
  const weekdays = daysBetween(req.periodFrom, req.periodTo).filter(isWeekday);
  const holidays = holidaysInPeriod(req.periodFrom, req.periodTo);
  const courseDays = weekdays.filter((d) => !isPublicHoliday(d));
  const known = courseDays.filter((d) => days.has(d));
  const unknown = courseDays.length - known.length;
  const inPeriod = [...days.values()].filter((d) => d.date >= req.periodFrom && d.date <= req.periodTo);
  const counted = inPeriod.filter((d) => !isPublicHoliday(d.date));
  const ignored = inPeriod.filter((d) => isPublicHoliday(d.date));
  const count = (status: AttendanceStatus) => counted.filter((d) => d.status === status).length;
  const present = count('PRESENT');
  const approved = count('APPROVED_ABSENCE');
  const unapproved = count('UNAPPROVED_ABSENCE');
  const details = [
    `${known.length} of ${courseDays.length} course days covered`,
    `${present} present, ${approved} approved absence, ${unapproved} unapproved absence`,
    ...(holidays.length > 0
      ? [`not course days (public holidays): ${holidays.map((h) => `${h.date} ${h.holidays.join(' and ')}`).join(', ')}`]
      : []),
    ...ignored
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => `${d.date}: ${d.status} registered on a public holiday, not counted`),
    ...inPeriod
      .filter((d) => d.corrected.length > 0)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => `${d.date}: corrected from ${d.corrected.join(', then ')} to ${d.status}`),
  ];

  let holds: boolean;
  let cannotBeMet: string | null = null;
  let threshold: string;
  let attendedShare: number | null = null;
  if (req.minAttendedShare !== undefined) {
    const expected = courseDays.length - approved;
    const share = expected === 0 ? 1 : present / expected;
    attendedShare = share;
    const best = expected === 0 ? 1 : (present + unknown) / expected;
    threshold = `attended ${pct(share)} of expected days, at least ${pct(req.minAttendedShare)} required`;
    holds = share >= req.minAttendedShare;
    if (best < req.minAttendedShare) {
      cannotBeMet = `even with every unknown day attended the share would be ${pct(best)}, below the ${pct(req.minAttendedShare)} required: cannot be met on the evidence`;
    }
  } else {
    const max = req.maxUnapprovedAbsenceDays ?? 0;
    threshold = `${unapproved} days of unapproved absence, at most ${max} allowed`;
    holds = unapproved <= max;
    if (!holds) cannotBeMet = `${unapproved} days of unapproved absence, more than the ${max} allowed: cannot be met on the evidence`;
  }
  details.push(threshold);

  const progress: Progress = {
    kind: 'ATTENDANCE',
    courseDays: courseDays.length,
    covered: known.length,
    present,
    approvedAbsence: approved,
    unapprovedAbsence: unapproved,
    maxUnapprovedAbsenceDays: req.minAttendedShare === undefined ? (req.maxUnapprovedAbsenceDays ?? 0) : null,
    minAttendedShare: req.minAttendedShare ?? null,
    attendedShare,
    days: inPeriod.sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ date: d.date, status: d.status, corrected: d.corrected })),
    holidays,
  };
  if (cannotBeMet) return { met: false, achievable: false, summary: cannotBeMet, details, progress };
  if (unknown > 0)
    return {
      met: false,
      achievable: true,
      summary: `attendance covers ${known.length} of ${courseDays.length} course days`,
      details,
      progress,
    };
  if (!holds) return { met: false, achievable: true, summary: threshold, details, progress };
  return {
    met: true,
    achievable: true,
    summary: `attendance covers all ${courseDays.length} course days; ${threshold}`,
    details,
    progress,
  };
}

function applicationKey(a: JobApplication): string {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${norm(a.employer)}|${norm(a.position)}|${a.sentOn}`;
}

export interface WeekStatus {
  week: string;
  required: number;
  sent: number;
}

/**
 * Per ISO week the period touches: how many applications it requires (prorated for a partial first
 * or last week) and how many distinct ones were sent. The same employer, position and date counts once.
 */
export function applicationWeeks(req: JobApplicationsRequirement, evidence: readonly Evidence[]): WeekStatus[] {
  const weeks = new Map<string, WeekStatus & { weekdays: number }>();
  for (const day of daysBetween(req.periodFrom, req.periodTo)) {
    const week = isoWeekKey(isoWeekOf(day));
    const w = weeks.get(week) ?? { week, required: 0, sent: 0, weekdays: 0 };
    if (isWeekday(day)) w.weekdays += 1;
    weeks.set(week, w);
  }
  const seen = new Set<string>();
  for (const e of ofKind(evidence, 'JOB_APPLICATIONS')) {
    for (const a of e.applications) {
      const key = applicationKey(a);
      if (seen.has(key)) continue;
      seen.add(key);
      const w = weeks.get(isoWeekKey(isoWeekOf(a.sentOn)));
      if (w) w.sent += 1;
    }
  }
  return [...weeks.values()].map(({ week, sent, weekdays }) => ({
    week,
    sent,
    required: Math.floor((req.applicationsPerWeek * weekdays) / 5 + 0.5),
  }));
}

function assessJobApplications(req: JobApplicationsRequirement, evidence: readonly Evidence[]): Assessment {
  const weeks = applicationWeeks(req, evidence);
  const details = weeks.map((w) => `week ${Number(w.week.slice(6))} (${w.week}): ${w.sent} of ${w.required} applications`);
  const short = weeks.filter((w) => w.sent < w.required);
  const progress: Progress = { kind: 'JOB_APPLICATIONS', weeks };
  if (short.length === 0) {
    return { met: true, achievable: true, summary: `the required applications sent in each of ${weeks.length} weeks`, details, progress };
  }
  return {
    met: false,
    achievable: true,
    summary: `${weeks.length - short.length} of ${weeks.length} weeks have the required applications`,
    details,
    progress,
  };
}

function assessActivity(req: ActivityRequirement, evidence: readonly Evidence[]): Assessment {
  const held = ofKind(evidence, 'ACTIVITY_HELD')[0];
  const progress: Progress = { kind: 'ACTIVITY', activity: req.activity, heldOn: held?.heldOn ?? null };
  if (!held) return { met: false, achievable: true, summary: `waiting for a veileder to record: ${req.activity}`, details: [], progress };
  return { met: true, achievable: true, summary: `${req.activity}: held ${held.heldOn}`, details: [held.note], progress };
}
