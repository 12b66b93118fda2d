import { CalendarDate, addDays, osloDate } from '../calendar/calendar-date';
import { ConditionKind, ConditionStatus } from '../conditions/condition';
import { PaymentStatus } from '../payments/payment';

/**
 * The recipient's view of a case in NAV's Digisos innsyn format (`digisos-soker.json`, the
 * filformat of navikt/soknadsosialhjelp-filformat, folder json/digisos/soker). Our own types for the
 * part Vilkårsflyt emits: the case-level saksStatus and vedtakFattet, utbetaling per payment, vilkar
 * per activity condition and dokumentasjonkrav per DOCUMENT condition. The document is an
 * append-only log: a later hendelse with the same reference replaces the earlier one in innsyn.
 */
export const DIGISOS_FORMAT_VERSION = '1.0.0';

/** An instant as the format writes it: UTC with milliseconds, "2026-11-20T09:15:00.000Z". */
export type Tidspunkt = string;

export interface Avsender {
  systemnavn: string;
  systemversjon: string;
}

export interface SaksStatusHendelse {
  type: 'saksStatus';
  hendelsestidspunkt: Tidspunkt;
  /** The decision id: one sak per decision. */
  referanse: string;
  tittel: string;
  status: 'UNDER_BEHANDLING';
}

/** A file reference in Fiks dokumentlager. */
export interface DokumentlagerReferanse {
  type: 'dokumentlager';
  id: string;
}

export interface VedtakFattetHendelse {
  type: 'vedtakFattet';
  hendelsestidspunkt: Tidspunkt;
  saksreferanse: string;
  utfall: 'INNVILGET';
  /** Required by the format. Vilkårsflyt makes no letter: the id is the decision id, for the uploader to replace (docs/innsyn.md). */
  vedtaksfil: { referanse: DokumentlagerReferanse };
}

export type UtbetalingStatus = 'PLANLAGT_UTBETALING' | 'UTBETALT' | 'STOPPET' | 'ANNULLERT';

export interface UtbetalingHendelse {
  type: 'utbetaling';
  hendelsestidspunkt: Tidspunkt;
  /** The payment id. */
  utbetalingsreferanse: string;
  saksreferanse: string;
  status: UtbetalingStatus;
  /** Kroner, the current amount (a reduction shows the reduced amount). */
  belop: number;
  /** The purpose in Norwegian, e.g. "Husleie". */
  beskrivelse: string;
  forfallsdato: CalendarDate;
  /** The day the payment team reports it paid; only with UTBETALT. */
  utbetalingsdato?: CalendarDate;
  annenMottaker: boolean;
  /** "Deg" for the recipient (no fødselsnummer), the name for a third party. */
  mottaker: string;
}

export type VilkarStatus = 'RELEVANT' | 'ANNULLERT';
export type DokumentasjonkravStatus = 'RELEVANT' | 'LEVERT_TIDLIGERE' | 'ANNULLERT';

export interface VilkarHendelse {
  type: 'vilkar';
  hendelsestidspunkt: Tidspunkt;
  /** The condition id. */
  vilkarreferanse: string;
  saksreferanse: string;
  /** The payments it holds back (or held back): each names an utbetaling in the same document. */
  utbetalingsreferanse: string[];
  tittel: string;
  beskrivelse: string;
  status: VilkarStatus;
}

export interface DokumentasjonkravHendelse {
  type: 'dokumentasjonkrav';
  hendelsestidspunkt: Tidspunkt;
  dokumentasjonkravreferanse: string;
  saksreferanse: string;
  utbetalingsreferanse: string[];
  tittel: string;
  beskrivelse: string;
  /** The end of the deadline day in Oslo. */
  frist: Tidspunkt;
  status: DokumentasjonkravStatus;
}

export type Hendelse = SaksStatusHendelse | VedtakFattetHendelse | UtbetalingHendelse | VilkarHendelse | DokumentasjonkravHendelse;

export interface DigisosSoker {
  version: string;
  avsender: Avsender;
  hendelser: Hendelse[];
}

/** What Vilkårsflyt knows of a case at one moment: the input of the mapping. */
export interface InnsynDecision {
  decisionId: string;
  issuedAt: string;
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
}

export interface InnsynCondition {
  conditionId: string;
  decisionId: string;
  kind: ConditionKind;
  /** The plain-language text the decision unit wrote for the recipient. */
  text: string;
  deadline: CalendarDate;
  /** As follow-up or the decision unit last said, and when. */
  status: ConditionStatus;
  statusAt: string;
}

export interface InnsynPayment {
  paymentId: string;
  decisionId: string;
  /** The decision's own label (P1 …): orders the payments of a decision. */
  ref: string;
  purpose: string;
  amountOre: number;
  dueDate: CalendarDate;
  payee: { type: 'RECIPIENT' } | { type: 'THIRD_PARTY'; name: string };
  status: Exclude<PaymentStatus, 'NONE'>;
  paidOn: CalendarDate | null;
  /** Per gating condition: how and when it stopped holding the payment (payout's own record), or null while it holds it. */
  gates: Record<string, { how: 'MET' | 'LIFTED' | 'REDUCED'; at: string } | null>;
}

export interface InnsynCase {
  decisions: InnsynDecision[];
  conditions: InnsynCondition[];
  payments: InnsynPayment[];
}

// ---- The mapping rules: which state becomes which status (docs/innsyn.md has the table and why) ----

/**
 * Held, released and failed are all "planned" to the recipient: the money is coming and nothing has
 * reached the account. Paid is UTBETALT (with the day), stopped STOPPET, and a payment cancelled by
 * a revoked decision ANNULLERT (the format's status for what a new decision replaced; innsyn hides it).
 */
export function utbetalingStatus(status: InnsynPayment['status']): UtbetalingStatus {
  const map: Record<InnsynPayment['status'], UtbetalingStatus> = {
    HELD: 'PLANLAGT_UTBETALING',
    RELEASED: 'PLANLAGT_UTBETALING',
    FAILED: 'PLANLAGT_UTBETALING',
    PAID: 'UTBETALT',
    STOPPED: 'STOPPET',
    CANCELLED: 'ANNULLERT',
  };
  return map[status];
}

/**
 * A vilkår is RELEVANT while it is part of the decision, met or not (the format's OPPFYLT and
 * IKKE_OPPFYLT are deprecated and innsyn shows only RELEVANT); the text says where it stands. Lifted
 * or annulled (the decision revoked), it no longer applies: ANNULLERT.
 */
export function vilkarStatus(status: ConditionStatus): VilkarStatus {
  return status === 'LIFTED' || status === 'ANNULLED' ? 'ANNULLERT' : 'RELEVANT';
}

/**
 * A document the office has (received and accepted, covered by an earlier delivery, or judged
 * fulfilled) is LEVERT_TIDLIGERE: delivered through another channel than innsyn, so innsyn stops
 * asking for it. Open or overdue it is RELEVANT; lifted or annulled ANNULLERT.
 */
export function dokumentasjonkravStatus(status: ConditionStatus): DokumentasjonkravStatus {
  if (status === 'LIFTED' || status === 'ANNULLED') return 'ANNULLERT';
  return status === 'FULFILLED' ? 'LEVERT_TIDLIGERE' : 'RELEVANT';
}

// ---- Words ----

const PURPOSES: Record<string, string> = {
  RENT: 'Husleie',
  LIVING_COSTS: 'Livsopphold',
  ELECTRICITY: 'Strøm',
  DEPOSIT: 'Depositum',
  OTHER: 'Annet',
};
/** The purpose in Norwegian; a purpose the office wrote in its own words is shown as written. */
export const purposeInNorwegian = (purpose: string) => PURPOSES[purpose] ?? purpose;

const TITLES: Record<ConditionKind, string> = {
  DOCUMENT: 'Dokumentasjon',
  ATTENDANCE: 'Oppmøte',
  JOB_APPLICATIONS: 'Jobbsøking',
  ACTIVITY: 'Aktivitet',
};
export const conditionTitle = (kind: ConditionKind) => TITLES[kind];

/** 2026-11-30 → 30.11.2026 */
export function norwegianDate(date: CalendarDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** Øre → kroner, as the format's `belop` wants it. */
export const kroner = (ore: number) => ore / 100;

/** The last millisecond of a day in Oslo, as a format instant: 2026-11-30 → 2026-11-30T22:59:59.999Z (CET). */
export function endOfOsloDay(date: CalendarDate): Tidspunkt {
  const next = addDays(date, 1);
  // The next day starts in Oslo at 22:00Z in summer time, 23:00Z in winter time.
  const summer = new Date(`${date}T22:00:00.000Z`);
  const start = osloDate(summer) === next ? summer : new Date(`${date}T23:00:00.000Z`);
  return new Date(start.getTime() - 1).toISOString();
}

function listInNorwegian(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}

/**
 * The condition's status, once both sources are reconciled. Follow-up says when a condition is met,
 * payout when a payment's gate was met; the two arrive on different topics in either order. A gate
 * met after the status we have means the condition was met and follow-up's word is on its way, so
 * the document does not show a moment in between (a payment released while its condition still
 * reads open).
 */
export function effectiveStatus(condition: InnsynCondition, payments: InnsynPayment[]): ConditionStatus {
  if (condition.status !== 'OPEN' && condition.status !== 'BREACHED') return condition.status;
  const metSince = payments.some((p) => {
    const gate = p.gates[condition.conditionId];
    return gate?.how === 'MET' && Date.parse(gate.at) > Date.parse(condition.statusAt);
  });
  return metSince ? 'FULFILLED' : condition.status;
}

/**
 * "Husleie med forfall 01.12.2026 blir ikke utbetalt før …": the held payments this open condition
 * gates and the decision unit has not let go of (lifted, or decided by a reduction). A gate payout
 * still has as met belongs to a condition reopened a moment ago: payout is about to hold it again.
 */
function heldBack(condition: InnsynCondition, payments: InnsynPayment[]): string {
  return listInNorwegian(
    payments
      .filter((p) => {
        if (p.status !== 'HELD' || !(condition.conditionId in p.gates)) return false;
        const gate = p.gates[condition.conditionId];
        return gate === null || gate.how === 'MET';
      })
      .map((p) => `${purposeInNorwegian(p.purpose)} med forfall ${norwegianDate(p.dueDate)}`),
  );
}

function ensureFullStop(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * The text the recipient reads: the decision unit's own words, then what to do by when, and which
 * payments wait for it, or where it stands now.
 */
export function conditionDescription(condition: InnsynCondition, payments: InnsynPayment[]): string {
  const text = ensureFullStop(condition.text);
  const deadline = norwegianDate(condition.deadline);
  const held = heldBack(condition, payments);
  switch (effectiveStatus(condition, payments)) {
    case 'OPEN':
      return `${text} Fristen er ${deadline}.${held ? ` ${held} blir ikke utbetalt før dette er gjort.` : ''}`;
    case 'FULFILLED':
      return condition.kind === 'DOCUMENT' ? `${text} Vi har fått dokumentasjonen.` : `${text} Dette vilkåret er oppfylt.`;
    case 'BREACHED':
      return (
        `${text} Fristen var ${deadline}, og vi har ikke registrert at dette er gjort. Nav vurderer saken din.` +
        (held ? ` ${held} blir ikke utbetalt før Nav har vurdert saken.` : '')
      );
    case 'LIFTED':
      return `${text} Nav har opphevet dette vilkåret. Det gjelder ikke lenger.`;
    case 'ANNULLED':
      return `${text} Vedtaket er opphevet. Dette vilkåret gjelder ikke lenger.`;
  }
}

// ---- One hendelse per thing, without its time ----

type Body<H extends Hendelse> = Omit<H, 'hendelsestidspunkt'>;
type AnyBody =
  Body<SaksStatusHendelse> | Body<VedtakFattetHendelse> | Body<UtbetalingHendelse> | Body<VilkarHendelse> | Body<DokumentasjonkravHendelse>;

/** The decision's sak, its vedtak, its payments, then its conditions: innsyn links a vilkår only to an utbetaling it already knows. */
function bodiesOf(c: InnsynCase): AnyBody[] {
  const decisions = [...c.decisions].sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0));
  const payments = [...c.payments].sort((a, b) => a.ref.localeCompare(b.ref) || a.paymentId.localeCompare(b.paymentId));
  const bodies: AnyBody[] = [];
  for (const d of decisions) {
    bodies.push({
      type: 'saksStatus',
      referanse: d.decisionId,
      tittel: `Økonomisk sosialhjelp ${norwegianDate(d.periodFrom)}–${norwegianDate(d.periodTo)}`,
      status: 'UNDER_BEHANDLING',
    });
    bodies.push({
      type: 'vedtakFattet',
      saksreferanse: d.decisionId,
      utfall: 'INNVILGET',
      vedtaksfil: { referanse: { type: 'dokumentlager', id: d.decisionId } },
    });
  }
  const known = new Set(decisions.map((d) => d.decisionId));
  for (const p of payments.filter((x) => known.has(x.decisionId))) {
    bodies.push({
      type: 'utbetaling',
      utbetalingsreferanse: p.paymentId,
      saksreferanse: p.decisionId,
      status: utbetalingStatus(p.status),
      belop: kroner(p.amountOre),
      beskrivelse: purposeInNorwegian(p.purpose),
      forfallsdato: p.dueDate,
      ...(p.status === 'PAID' && p.paidOn ? { utbetalingsdato: p.paidOn } : {}),
      annenMottaker: p.payee.type === 'THIRD_PARTY',
      mottaker: p.payee.type === 'THIRD_PARTY' ? p.payee.name : 'Deg',
    });
  }
  const shown = payments.filter((x) => known.has(x.decisionId));
  for (const cond of c.conditions.filter((x) => known.has(x.decisionId))) {
    const common = {
      saksreferanse: cond.decisionId,
      utbetalingsreferanse: shown.filter((p) => cond.conditionId in p.gates).map((p) => p.paymentId),
      tittel: conditionTitle(cond.kind),
      beskrivelse: conditionDescription(cond, shown),
    };
    if (cond.kind === 'DOCUMENT') {
      bodies.push({
        type: 'dokumentasjonkrav',
        dokumentasjonkravreferanse: cond.conditionId,
        ...common,
        frist: endOfOsloDay(cond.deadline),
        status: dokumentasjonkravStatus(effectiveStatus(cond, shown)),
      });
    } else {
      bodies.push({ type: 'vilkar', vilkarreferanse: cond.conditionId, ...common, status: vilkarStatus(effectiveStatus(cond, shown)) });
    }
  }
  // Payments before conditions across decisions too, so a condition never names a payment not yet in the log.
  const rank = (b: AnyBody) => ({ saksStatus: 0, vedtakFattet: 1, utbetaling: 2, vilkar: 3, dokumentasjonkrav: 3 })[b.type];
  return bodies
    .map((b, i) => [b, i] as const)
    .sort((x, y) => rank(x[0]) - rank(y[0]) || x[1] - y[1])
    .map(([b]) => b);
}

/** What a hendelse is about: a later one with the same key replaces it in innsyn. */
export function hendelseKey(h: AnyBody | Hendelse): string {
  switch (h.type) {
    case 'saksStatus':
      return `saksStatus:${h.referanse}`;
    case 'vedtakFattet':
      return `vedtakFattet:${h.saksreferanse}`;
    case 'utbetaling':
      return `utbetaling:${h.utbetalingsreferanse}`;
    case 'vilkar':
      return `vilkar:${h.vilkarreferanse}`;
    case 'dokumentasjonkrav':
      return `dokumentasjonkrav:${h.dokumentasjonkravreferanse}`;
  }
}

/** Deep equality of JSON values, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface NextDocument {
  document: DigisosSoker;
  /** The hendelser added this time; none means nothing the recipient sees has changed. */
  appended: Hendelse[];
}

/**
 * The next document: the previous one, plus one hendelse for every thing (sak, vedtak, payment,
 * condition) whose current content differs from its latest hendelse. Append-only; the new hendelser
 * carry `at`, or the latest time already in the log if `at` is earlier, so the log stays in time
 * order. The same case twice appends nothing: a document changes exactly when what it shows changes.
 */
export function nextDigisosSoker(previous: DigisosSoker | null, current: InnsynCase, at: Date, avsender: Avsender): NextDocument {
  const hendelser = previous?.hendelser ?? [];
  const latest = new Map<string, Hendelse>();
  for (const h of hendelser) latest.set(hendelseKey(h), h);
  const last = hendelser.length ? hendelser[hendelser.length - 1].hendelsestidspunkt : null;
  const stamp = last && last > at.toISOString() ? last : at.toISOString();
  const appended: Hendelse[] = [];
  for (const body of bodiesOf(current)) {
    const before = latest.get(hendelseKey(body));
    if (before) {
      const { hendelsestidspunkt: _t, ...rest } = before;
      if (sameJson(rest, body)) continue;
      // A decision's sak and vedtak are told once.
      if (body.type === 'saksStatus' || body.type === 'vedtakFattet') continue;
    }
    const [type, ...fields] = Object.entries(body);
    appended.push(Object.fromEntries([type, ['hendelsestidspunkt', stamp], ...fields]) as unknown as Hendelse);
  }
  return {
    document: { version: DIGISOS_FORMAT_VERSION, avsender, hendelser: [...hendelser, ...appended] },
    appended,
  };
}
