import { CalendarDate, compareDates } from '../calendar/calendar-date';
import { ConditionKind } from '../conditions/condition';
import { ageFromNationalId } from '../identity/birth-date';
import {
  ACTIVITY_DUTY_AGE_LIMIT,
  ACTIVITY_EXCEPTION_CODES,
  ACTIVITY_EXCEPTION_CODE_LIST,
  ACTIVITY_KINDS,
  ActivityExceptionCode,
  CONDITION_CATEGORIES,
  CONDITION_CATEGORY_CODES,
  ConditionCategory,
  PersonRef,
  personOf,
} from './household';

/** One decision as the statistics need it. National ids only identify persons here; they never leave this function. */
export interface StatisticsDecision {
  decisionId: string;
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  issuedAt: string;
  revoked: boolean;
  recipientNationalId: string;
  partnerNationalId: string | null;
  activityExceptions: Array<{ person: PersonRef; code: ActivityExceptionCode }>;
  conditions: Array<{ conditionId: string; person?: PersonRef | null; category?: string | null; kind: ConditionKind }>;
}

/** A breach, a reduction (a decision after a breach) or a lift, on the day it happened (Oslo). */
export interface StatisticsEvent {
  kind: 'BREACH' | 'REDUCTION' | 'LIFT';
  decisionId: string;
  conditionId: string;
  on: CalendarDate;
}

export interface PersonsAndCount {
  /** Distinct persons. */
  persons: number;
  /** Conditions (or events), each once. */
  count: number;
}

export interface YearlyStatistics {
  office: string;
  year: number;
  /**
   * Distinct recipients (stønadsmottakere) whose decision set conditions, on them or their spouse or
   * cohabitant, in a decision whose period touches the year.
   */
  recipientsWithConditions: number;
  /** Distinct persons with a condition on themselves: a recipient, or a spouse or cohabitant. */
  personsWithConditions: number;
  /** Per KOSTRA category: persons with at least one condition of it, and the conditions. `null`: issued before categories. */
  categories: Array<{ code: ConditionCategory | null; name: string } & PersonsAndCount>;
  /** § 20 a, persons under 30 on the first day of a decision's period in the year. */
  activityDuty: {
    personsUnder30: number;
    withActivityConditions: number;
    /** Persons under 30 with an exception and no activity condition in the year; the code of their latest exception. */
    exceptions: Array<{ code: ActivityExceptionCode; name: string; persons: number }>;
    /** Persons under 30 with neither (only decisions issued before § 20 a was checked). */
    withNeither: number;
  };
  breaches: PersonsAndCount;
  reductions: PersonsAndCount;
  lifts: PersonsAndCount;
}

const inYear = (date: CalendarDate, year: number) => Number(date.slice(0, 4)) === year;
const touchesYear = (from: CalendarDate, to: CalendarDate, year: number) =>
  compareDates(from, `${year}-12-31`) <= 0 && compareDates(to, `${year}-01-01`) >= 0;

/**
 * The office's yearly figures for the municipal statistics (KOSTRA). Counts are per person, as the
 * statistics count: a person with conditions in three decisions is one recipient. A revoked decision
 * counts for nothing. Decisions count in a year their period touches; breaches, reductions and lifts in the
 * year they happened (a November decision breached in January counts its breach in January's year).
 */
export function yearlyStatistics(
  office: string,
  year: number,
  decisions: StatisticsDecision[],
  events: StatisticsEvent[],
): YearlyStatistics {
  const standing = decisions.filter((d) => !d.revoked);
  const counted = standing.filter((d) => touchesYear(d.periodFrom, d.periodTo, year));
  const personKey = (d: StatisticsDecision, ref: PersonRef) => (ref === 'PARTNER' ? d.partnerNationalId : d.recipientNationalId) ?? '';

  const recipients = new Set<string>();
  const persons = new Set<string>();
  const perCategory = new Map<ConditionCategory | null, { persons: Set<string>; count: number }>();
  const personOfCondition = new Map<string, string>();
  for (const d of standing)
    for (const c of d.conditions) personOfCondition.set(`${d.decisionId}/${c.conditionId}`, personKey(d, personOf(c)));
  for (const d of counted) {
    if (d.conditions.length > 0) recipients.add(d.recipientNationalId);
    for (const c of d.conditions) {
      const key = personKey(d, personOf(c));
      persons.add(key);
      const code = (c.category ?? null) as ConditionCategory | null;
      const entry = perCategory.get(code) ?? { persons: new Set<string>(), count: 0 };
      entry.persons.add(key);
      entry.count++;
      perCategory.set(code, entry);
    }
  }

  // § 20 a: persons under 30 on the first day of a decision's period; latest decision first for exceptions.
  const under30 = new Set<string>();
  const withActivity = new Set<string>();
  const latestException = new Map<string, { issuedAt: string; code: ActivityExceptionCode }>();
  for (const d of counted) {
    const refs: PersonRef[] = d.partnerNationalId ? ['RECIPIENT', 'PARTNER'] : ['RECIPIENT'];
    for (const ref of refs) {
      const key = personKey(d, ref);
      const age = ageFromNationalId(key, d.periodFrom);
      if (age === null || age >= ACTIVITY_DUTY_AGE_LIMIT) continue;
      under30.add(key);
      if (d.conditions.some((c) => personOf(c) === ref && ACTIVITY_KINDS.includes(c.kind))) withActivity.add(key);
      const e = d.activityExceptions.find((x) => x.person === ref);
      const before = latestException.get(key);
      if (e && (!before || before.issuedAt < d.issuedAt)) latestException.set(key, { issuedAt: d.issuedAt, code: e.code });
    }
  }
  const exceptionPersons = new Map<ActivityExceptionCode, number>();
  for (const [key, e] of latestException) {
    if (withActivity.has(key)) continue;
    exceptionPersons.set(e.code, (exceptionPersons.get(e.code) ?? 0) + 1);
  }
  const withNeither = [...under30].filter((k) => !withActivity.has(k) && !latestException.has(k)).length;

  const tally = (kind: StatisticsEvent['kind']): PersonsAndCount => {
    const who = new Set<string>();
    let count = 0;
    for (const e of events) {
      if (e.kind !== kind || !inYear(e.on, year)) continue;
      const key = personOfCondition.get(`${e.decisionId}/${e.conditionId}`);
      if (key === undefined) continue;
      who.add(key);
      count++;
    }
    return { persons: who.size, count };
  };

  const categories: YearlyStatistics['categories'] = CONDITION_CATEGORY_CODES.map((code) => ({
    code,
    name: CONDITION_CATEGORIES[code],
    persons: perCategory.get(code)?.persons.size ?? 0,
    count: perCategory.get(code)?.count ?? 0,
  }));
  const uncategorised = perCategory.get(null);
  if (uncategorised)
    categories.push({ code: null, name: 'Uten kategori', persons: uncategorised.persons.size, count: uncategorised.count });

  return {
    office,
    year,
    recipientsWithConditions: recipients.size,
    personsWithConditions: persons.size,
    categories,
    activityDuty: {
      personsUnder30: under30.size,
      withActivityConditions: withActivity.size,
      exceptions: ACTIVITY_EXCEPTION_CODE_LIST.map((code) => ({
        code,
        name: ACTIVITY_EXCEPTION_CODES[code],
        persons: exceptionPersons.get(code) ?? 0,
      })),
      withNeither,
    },
    breaches: tally('BREACH'),
    reductions: tally('REDUCTION'),
    lifts: tally('LIFT'),
  };
}

/** The statistics as CSV (semicolon-separated, as Norwegian spreadsheets expect), one figure per row. */
export function yearlyStatisticsCsv(s: YearlyStatistics): string {
  const rows: Array<[string, string, string, number | '', number | '']> = [
    ['mottakere', '', 'Mottakere med vilkår', s.recipientsWithConditions, ''],
    ['mottakere', '', 'Personer med vilkår på seg selv (medregnet ektefelle/samboer)', s.personsWithConditions, ''],
    ...s.categories.map((c): [string, string, string, number, number] => ['kategori', c.code ?? '', c.name, c.persons, c.count]),
    ['20a', '', 'Personer under 30 år', s.activityDuty.personsUnder30, ''],
    ['20a', '', 'Under 30 år med aktivitetsvilkår', s.activityDuty.withActivityConditions, ''],
    ...s.activityDuty.exceptions.map((e): [string, string, string, number, ''] => ['20a-unntak', e.code, e.name, e.persons, '']),
    ['20a', '', 'Under 30 år uten aktivitetsvilkår og uten unntak', s.activityDuty.withNeither, ''],
    ['brudd', '', 'Brudd på vilkår', s.breaches.persons, s.breaches.count],
    ['reduksjon', '', 'Reduksjon etter brudd', s.reductions.persons, s.reductions.count],
    ['oppheving', '', 'Opphevede vilkår', s.lifts.persons, s.lifts.count],
  ];
  const cell = (v: string | number) => {
    const t = String(v);
    return /[;"\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const header = `kontor;år;del;kode;beskrivelse;personer;antall`;
  return [header, ...rows.map((r) => [s.office, s.year, ...r].map(cell).join(';'))].join('\r\n') + '\r\n';
}
