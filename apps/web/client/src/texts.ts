// The words the screens use. Keep in step with the glossary in README.md.
import type { Progress, PublicHolidayName } from '@vf/rules';
import { ACTIVITY_EXCEPTION_CODES, ACTIVITY_EXCEPTION_CODE_LIST, CONDITION_CATEGORIES, CONDITION_CATEGORY_CODES } from '@vf/rules';
import { formatDate } from './format';

export const ROLE_LABELS: Record<string, string> = {
  'decision-unit': 'Vedtaksavdeling',
  veileder: 'Oppfølgingsveileder',
  'payment-team': 'Fellestjenesten (utbetaling)',
  auditor: 'Revisor (kun lesetilgang)',
};

export const PURPOSES: Array<{ value: string; label: string }> = [
  { value: 'RENT', label: 'Husleie' },
  { value: 'LIVING_COSTS', label: 'Livsopphold' },
  { value: 'ELECTRICITY', label: 'Strøm' },
  { value: 'DEPOSIT', label: 'Depositum' },
  { value: 'OTHER', label: 'Annet' },
];
export const purposeLabel = (p: string) => PURPOSES.find((x) => x.value === p)?.label ?? p;

export const CONDITION_KIND_LABELS: Record<string, string> = {
  DOCUMENT: 'Dokumentasjon',
  ATTENDANCE: 'Oppmøte på kurs eller tiltak',
  JOB_APPLICATIONS: 'Jobbsøking',
  ACTIVITY: 'Aktivitet',
};

export const CONDITION_STATUS: Record<string, { label: string; color: 'info' | 'success' | 'danger' | 'neutral' | 'warning' }> = {
  OPEN: { label: 'Ikke oppfylt ennå', color: 'info' },
  FULFILLED: { label: 'Oppfylt', color: 'success' },
  BREACHED: { label: 'Brutt – fristen er passert', color: 'danger' },
  LIFTED: { label: 'Opphevet', color: 'neutral' },
  ANNULLED: { label: 'Bortfalt (vedtaket er opphevet)', color: 'neutral' },
};

export const PAYMENT_STATUS: Record<string, { label: string; color: 'info' | 'success' | 'danger' | 'neutral' | 'warning' }> = {
  HELD: { label: 'Holdes tilbake', color: 'warning' },
  RELEASED: { label: 'Sendt til utbetaling', color: 'info' },
  PAID: { label: 'Utbetalt', color: 'success' },
  FAILED: { label: 'Utbetaling feilet', color: 'danger' },
  STOPPED: { label: 'Stanset', color: 'neutral' },
  CANCELLED: { label: 'Annullert (vedtaket er opphevet)', color: 'neutral' },
};

export const ATTENDANCE_LABELS: Record<string, string> = {
  PRESENT: 'Til stede',
  APPROVED_ABSENCE: 'Godkjent fravær',
  UNAPPROVED_ABSENCE: 'Ugyldig fravær',
};

export const ABSENCE_REASONS: Array<{ value: string; label: string }> = [
  { value: 'ILL_WITH_NOTE', label: 'Syk med legeerklæring' },
  { value: 'STRONG_WELFARE_REASONS', label: 'Sterke velferdsgrunner' },
  { value: 'JOB_INTERVIEW', label: 'Jobbintervju' },
  { value: 'APPROVED_BY_NAV', label: 'Godkjent av Nav' },
];

export const CHANNELS: Array<{ value: string; label: string }> = [
  { value: 'EMAIL', label: 'E-post' },
  { value: 'WEB_FORM', label: 'Nettskjema' },
  { value: 'LETTER', label: 'Brev' },
  { value: 'IN_PERSON', label: 'Oppmøte' },
  { value: 'PHONE', label: 'Telefon' },
  { value: 'OTHER', label: 'Annet' },
];

export const WORKLIST_KINDS: Record<string, string> = {
  BREACH: 'Brudd på vilkår',
  RELEASE_QUESTIONED: 'Utbetaling må vurderes',
  PAYMENT_FAILED: 'Utbetaling feilet',
};

export const RESOLUTION_LABELS: Record<string, string> = { MET: 'oppfylt', LIFTED: 'opphevet', REDUCED: 'redusert etter brudd' };

const pct = (share: number) => `${Math.round(share * 1000) / 10}`.replace('.', ',') + ' %';

/** Norwegian public holidays, as the calendar names them. */
export const HOLIDAY_LABELS: Record<PublicHolidayName, string> = {
  NEW_YEARS_DAY: '1. nyttårsdag',
  MAUNDY_THURSDAY: 'Skjærtorsdag',
  GOOD_FRIDAY: 'Langfredag',
  EASTER_SUNDAY: '1. påskedag',
  EASTER_MONDAY: '2. påskedag',
  MAY_DAY: '1. mai',
  CONSTITUTION_DAY: '17. mai',
  ASCENSION_DAY: 'Kristi himmelfartsdag',
  WHIT_SUNDAY: '1. pinsedag',
  WHIT_MONDAY: '2. pinsedag',
  CHRISTMAS_DAY: '1. juledag',
  BOXING_DAY: '2. juledag',
};
export const holidayLabel = (names: PublicHolidayName[]) => names.map((n) => HOLIDAY_LABELS[n]).join(' og ');

/** "uke 47: 4 av 5 søknader", one line per fact, in the words a veileder uses. */
export function progressLines(progress: Progress | null | undefined): string[] {
  if (!progress) return [];
  switch (progress.kind) {
    case 'DOCUMENT':
      switch (progress.state) {
        case 'WAITING':
          return [`Venter på: ${progress.documentType}`];
        case 'ACCEPTED':
          return [`Mottatt ${formatDate(progress.receivedOn)} og godkjent`];
        case 'COVERED':
          return [`Dekket av tidligere levert dokument: ${progress.coveredBy}`];
        case 'REJECTED':
          return [`Mottatt ${formatDate(progress.receivedOn)}, men avvist: ${progress.rejectionReason ?? ''}`];
      }
      return [];
    case 'ATTENDANCE': {
      const lines = [
        `${progress.covered} av ${progress.courseDays} kursdager registrert`,
        `${progress.present} til stede, ${progress.approvedAbsence} godkjent fravær, ${progress.unapprovedAbsence} ugyldig fravær`,
      ];
      if (progress.holidays?.length)
        lines.push(
          `Ikke kursdager (helligdager): ${progress.holidays.map((h) => `${formatDate(h.date)} ${holidayLabel(h.holidays)}`).join(', ')}`,
        );
      if (progress.maxUnapprovedAbsenceDays !== null)
        lines.push(`Inntil ${progress.maxUnapprovedAbsenceDays} dager ugyldig fravær er tillatt`);
      if (progress.minAttendedShare !== null) {
        lines.push(
          `Oppmøte ${progress.attendedShare === null ? '–' : pct(progress.attendedShare)}, minst ${pct(progress.minAttendedShare)} kreves`,
        );
      }
      return lines;
    }
    case 'JOB_APPLICATIONS':
      return progress.weeks.map((w) => `uke ${Number(w.week.slice(6))}: ${w.sent} av ${w.required} søknader`);
    case 'ACTIVITY':
      return [progress.heldOn ? `Gjennomført ${formatDate(progress.heldOn)}` : `Venter på: ${progress.activity}`];
  }
}

/** Lower-cases the first letter for use inside a sentence, unless the word is an abbreviation ("NAV", "BUP"). */
export const inSentence = (s: string) => (s.length > 1 && s[1] === s[1].toLowerCase() ? s[0].toLowerCase() + s.slice(1) : s);

/**
 * A condition in a few words: as typed for a heading ("Kvittering for husleie"), or inside a sentence
 * ("Husleie 8 500,00 kr venter på: kvittering for husleie").
 */
export function conditionShort(c: { text?: string; requirement: Record<string, unknown> & { kind: string } }, midSentence = false): string {
  const r = c.requirement;
  const as = (s: string) => (midSentence ? inSentence(s) : s);
  switch (r.kind) {
    case 'DOCUMENT':
      return as(String(r.documentType));
    case 'ATTENDANCE':
      return as(`Oppmøte ${formatDate(String(r.periodFrom))}–${formatDate(String(r.periodTo))}`);
    case 'JOB_APPLICATIONS':
      return `${r.applicationsPerWeek} jobbsøknader per uke ${formatDate(String(r.periodFrom))}–${formatDate(String(r.periodTo))}`;
    case 'ACTIVITY':
      return as(String(r.activity));
    default:
      return c.text ?? '';
  }
}

/** KOSTRA condition categories (statistics), "06 Registrere seg som arbeidssøker …", from the rules' catalogue. */
export const CATEGORY_OPTIONS = CONDITION_CATEGORY_CODES.map((code) => ({ value: code, label: `${code} ${CONDITION_CATEGORIES[code]}` }));
export const categoryLabel = (code: string | null | undefined) =>
  code && code in CONDITION_CATEGORIES ? `${code} ${CONDITION_CATEGORIES[code as keyof typeof CONDITION_CATEGORIES]}` : null;

/** § 20 a exception codes (KOSTRA 01–04). */
export const EXCEPTION_OPTIONS = ACTIVITY_EXCEPTION_CODE_LIST.map((code) => ({
  value: code,
  label: `${code} ${ACTIVITY_EXCEPTION_CODES[code]}`,
}));

export const RELATION_LABELS: Record<string, string> = { SPOUSE: 'Ektefelle', COHABITANT: 'Samboer', RECIPIENT: 'Mottaker' };

/** Whose condition it is, in words: "Mottakeren", "Ektefellen", "Samboeren", or "Ektefellen/samboeren" when the relation is not known here. */
export function personLabel(person: string | null | undefined, relation?: string | null): string {
  if (!person || person === 'RECIPIENT') return 'Mottakeren';
  if (relation === 'SPOUSE') return 'Ektefellen';
  if (relation === 'COHABITANT') return 'Samboeren';
  return 'Ektefellen/samboeren';
}
