import { daysBetween, isWeekday, isoWeekKey, isoWeekOf } from '../calendar/calendar-date';
import {
  ActivityRequirement,
  Assessment,
  AttendanceRequirement,
  AttendanceStatus,
  DocumentRequirement,
  Evidence,
  JobApplication,
  JobApplicationsRequirement,
  Requirement,
} from './condition';

/** Judges a condition on its own evidence, and only its own. Pure: same input, same answer. */
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

function assessDocument(req: DocumentRequirement, evidence: readonly Evidence[]): Assessment {
  const received = evidence.filter((e) => e.kind === 'DOCUMENT_RECEIVED' && e.documentType === req.documentType);
  if (received.length === 0) {
    return { met: false, achievable: true, summary: `waiting for document "${req.documentType}"`, details: [] };
  }
  const first = received[0] as Extract<Evidence, { kind: 'DOCUMENT_RECEIVED' }>;
  return {
    met: true,
    achievable: true,
    summary: `document "${req.documentType}" received ${first.receivedOn}`,
    details: [],
  };
}

/**
 * Course days are Monday to Friday in the period. A later list's entry for a day replaces an earlier
 * one (lists are taken in registration order). Unapproved absence counts wherever it is recorded in
 * the period, weekends included.
 */
function assessAttendance(req: AttendanceRequirement, evidence: readonly Evidence[]): Assessment {
  const byDay = new Map<string, AttendanceStatus>();
  for (const e of evidence) {
    if (e.kind !== 'ATTENDANCE_LIST') continue;
    for (const entry of e.entries) byDay.set(entry.date, entry.status);
  }
  const courseDays = daysBetween(req.periodFrom, req.periodTo).filter(isWeekday);
  const covered = courseDays.filter((d) => byDay.has(d)).length;
  const count = (status: AttendanceStatus) => [...byDay.values()].filter((s) => s === status).length;
  const unapproved = count('UNAPPROVED_ABSENCE');
  const details = [
    `${covered} of ${courseDays.length} course days covered`,
    `${count('PRESENT')} present, ${count('APPROVED_ABSENCE')} approved absence, ${unapproved} unapproved absence`,
    `at most ${req.maxUnapprovedAbsenceDays} days of unapproved absence allowed`,
  ];
  if (unapproved > req.maxUnapprovedAbsenceDays) {
    return {
      met: false,
      achievable: false,
      summary: `${unapproved} days of unapproved absence, more than the ${req.maxUnapprovedAbsenceDays} allowed: cannot be met on the evidence`,
      details,
    };
  }
  if (covered < courseDays.length) {
    return {
      met: false,
      achievable: true,
      summary: `attendance covers ${covered} of ${courseDays.length} course days`,
      details,
    };
  }
  return {
    met: true,
    achievable: true,
    summary: `attendance covers all ${courseDays.length} course days with ${unapproved} days of unapproved absence (at most ${req.maxUnapprovedAbsenceDays})`,
    details,
  };
}

function applicationKey(a: JobApplication): string {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${norm(a.employer)}|${norm(a.position)}|${a.sentOn}`;
}

/** The same employer, position and date counts once. Weeks are ISO weeks of the Oslo calendar day sent. */
export function countApplicationsPerWeek(req: JobApplicationsRequirement, evidence: readonly Evidence[]): Map<string, number> {
  const weeks = new Map<string, number>();
  for (const day of daysBetween(req.periodFrom, req.periodTo)) weeks.set(isoWeekKey(isoWeekOf(day)), 0);
  const seen = new Set<string>();
  for (const e of evidence) {
    if (e.kind !== 'JOB_APPLICATIONS') continue;
    for (const a of e.applications) {
      const key = applicationKey(a);
      if (seen.has(key)) continue;
      seen.add(key);
      const week = isoWeekKey(isoWeekOf(a.sentOn));
      if (weeks.has(week)) weeks.set(week, weeks.get(week)! + 1);
    }
  }
  return weeks;
}

function assessJobApplications(req: JobApplicationsRequirement, evidence: readonly Evidence[]): Assessment {
  const weeks = countApplicationsPerWeek(req, evidence);
  const details = [...weeks].map(([week, n]) => `week ${Number(week.slice(6))} (${week}): ${n} of ${req.applicationsPerWeek} applications`);
  const short = [...weeks].filter(([, n]) => n < req.applicationsPerWeek);
  if (short.length === 0) {
    return { met: true, achievable: true, summary: `${req.applicationsPerWeek} or more applications in each of ${weeks.size} weeks`, details };
  }
  return {
    met: false,
    achievable: true,
    summary: `${weeks.size - short.length} of ${weeks.size} weeks have ${req.applicationsPerWeek} applications`,
    details,
  };
}

function assessActivity(req: ActivityRequirement, evidence: readonly Evidence[]): Assessment {
  const held = evidence.find((e) => e.kind === 'ACTIVITY_HELD') as Extract<Evidence, { kind: 'ACTIVITY_HELD' }> | undefined;
  if (!held) return { met: false, achievable: true, summary: `waiting for a veileder to record: ${req.activity}`, details: [] };
  return { met: true, achievable: true, summary: `${req.activity}: held ${held.heldOn}`, details: [held.note] };
}
