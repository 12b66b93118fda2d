// The decision form's state, its checks in the browser, and the request it becomes. Pure.
import {
  ACTIVITY_DUTY_AGE_LIMIT,
  ACTIVITY_KINDS,
  MIN_EXCEPTION_REASON_LENGTH,
  ageFromNationalId,
  isConditionCategory,
  isValidAccountNumber,
  isValidNationalId,
} from '@vf/rules';
import { formatAccount, formatDate, formatOre, parseDate, parseKroner } from '../../format';
import { conditionShort, purposeLabel } from '../../texts';

export interface PaymentDraft {
  ref: string;
  purpose: string;
  amount: string;
  dueDate: string;
  payeeType: 'RECIPIENT' | 'THIRD_PARTY';
  payeeName: string;
  accountNumber: string;
  notBefore: string;
}

export type ConditionKind = 'DOCUMENT' | 'ATTENDANCE' | 'JOB_APPLICATIONS' | 'ACTIVITY';

export interface ConditionDraft {
  ref: string;
  kind: ConditionKind;
  text: string;
  deadline: string;
  documentType: string;
  periodFrom: string;
  periodTo: string;
  threshold: 'MAX_UNAPPROVED' | 'MIN_SHARE';
  maxUnapproved: string;
  minSharePercent: string;
  perWeek: string;
  activity: string;
  /** refs of the payments it holds back */
  gates: string[];
  /** Whose condition it is: the recipient's or the spouse's/cohabitant's. */
  person: PersonRef;
  /** KOSTRA category, '' until chosen. */
  category: string;
}

export type PersonRef = 'RECIPIENT' | 'PARTNER';
export interface ExceptionDraft {
  code: string;
  reason: string;
}

export interface DecisionDraft {
  caseId: string;
  office: string;
  recipientNationalId: string;
  periodFrom: string;
  periodTo: string;
  reductionOnBreachAnnounced: '' | 'yes' | 'no';
  veilederIdent: string;
  payments: PaymentDraft[];
  conditions: ConditionDraft[];
  /** Ektefelle or samboer in the same case: NONE, SPOUSE or COHABITANT. */
  partnerRelation: 'NONE' | 'SPOUSE' | 'COHABITANT';
  partnerNationalId: string;
  /** § 20 a exceptions per person, used only for a person under 30 without an activity condition. */
  exceptions: Record<PersonRef, ExceptionDraft>;
}

export const emptyPayment = (n: number): PaymentDraft => ({
  ref: `P${n}`,
  purpose: 'RENT',
  amount: '',
  dueDate: '',
  payeeType: 'RECIPIENT',
  payeeName: '',
  accountNumber: '',
  notBefore: '',
});

export const emptyCondition = (n: number): ConditionDraft => ({
  ref: `C${n}`,
  kind: 'DOCUMENT',
  text: '',
  deadline: '',
  documentType: '',
  periodFrom: '',
  periodTo: '',
  threshold: 'MAX_UNAPPROVED',
  maxUnapproved: '',
  minSharePercent: '',
  perWeek: '',
  activity: '',
  gates: [],
  person: 'RECIPIENT',
  category: '',
});

export const emptyDecision = (office: string): DecisionDraft => ({
  caseId: '',
  office,
  recipientNationalId: '',
  periodFrom: '',
  periodTo: '',
  reductionOnBreachAnnounced: '',
  veilederIdent: '',
  payments: [emptyPayment(1)],
  conditions: [],
  partnerRelation: 'NONE',
  partnerNationalId: '',
  exceptions: { RECIPIENT: { code: '', reason: '' }, PARTNER: { code: '', reason: '' } },
});

export interface ActivityDuty {
  person: PersonRef;
  /** null: the fødselsnummer or the period's first day is not filled in (validly) yet. */
  age: number | null;
  /** Under 30 on the period's first day. */
  applies: boolean;
  hasActivityCondition: boolean;
  /** An exception is needed: § 20 a applies and no activity condition is set for the person. */
  needsException: boolean;
}

/** § 20 a for each person of the draft, from the same rules the service uses. */
export function activityDuties(d: DecisionDraft): ActivityDuty[] {
  const periodFrom = parseDate(d.periodFrom);
  const persons: Array<[PersonRef, string]> = [['RECIPIENT', d.recipientNationalId]];
  if (d.partnerRelation !== 'NONE') persons.push(['PARTNER', d.partnerNationalId]);
  return persons.map(([person, raw]) => {
    const nationalId = raw.replace(/\s/g, '');
    const age = periodFrom && isValidNationalId(nationalId) ? ageFromNationalId(nationalId, periodFrom) : null;
    const applies = age !== null && age < ACTIVITY_DUTY_AGE_LIMIT;
    const hasActivityCondition = d.conditions.some(
      (c) => (d.partnerRelation === 'NONE' ? 'RECIPIENT' : c.person) === person && ACTIVITY_KINDS.includes(c.kind),
    );
    return { person, age, applies, hasActivityCondition, needsException: applies && !hasActivityCondition };
  });
}

/** Next free label: P1, P2 … after the highest in use. */
export const nextRef = (prefix: string, refs: string[]) =>
  `${prefix}${Math.max(0, ...refs.map((r) => Number(r.slice(prefix.length)) || 0)) + 1}`;

type Errors = Record<string, string>;
type Result = { ok: true; request: Record<string, unknown> } | { ok: false; errors: Errors };

/**
 * Checks the form as the services would, with the same fødselsnummer and account number rules, and
 * builds the request. Error keys are the request's field paths ("payments[0].amountOre"), the same
 * names the service uses, so its own errors land on the same fields.
 */
export function toIssueRequest(d: DecisionDraft): Result {
  const errors: Errors = {};
  const required = (path: string, value: string, what = 'Må fylles ut.') => {
    if (!value.trim()) errors[path] = what;
    return value.trim();
  };
  const date = (path: string, value: string, optional = false): string | undefined => {
    if (!value.trim()) {
      if (!optional) errors[path] = 'Skriv en dato (dd.mm.åååå).';
      return undefined;
    }
    const iso = parseDate(value);
    if (!iso) errors[path] = 'Skriv en gyldig dato (dd.mm.åååå).';
    return iso ?? undefined;
  };
  const whole = (path: string, value: string, min: number, max: number) => {
    const n = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) errors[path] = `Skriv et helt tall fra ${min} til ${max}.`;
    return n;
  };

  const caseId = required('caseId', d.caseId);
  if (caseId && !/^[A-Za-z0-9-]{1,40}$/.test(caseId))
    errors.caseId = 'Saksnummeret kan ha bokstaver, sifre og bindestrek (inntil 40 tegn).';
  if (!/^\d{4}$/.test(d.office.trim())) errors.office = 'Enhetsnummeret er fire sifre, f.eks. 0301.';
  const nationalId = d.recipientNationalId.replace(/\s/g, '');
  if (!isValidNationalId(nationalId)) errors.recipientNationalId = 'Fødselsnummeret er ikke gyldig (11 sifre med riktige kontrollsifre).';
  const periodFrom = date('periodFrom', d.periodFrom);
  const periodTo = date('periodTo', d.periodTo);
  if (periodFrom && periodTo && periodTo < periodFrom) errors.periodTo = 'Perioden kan ikke slutte før den begynner.';
  if (d.reductionOnBreachAnnounced === '') errors.reductionOnBreachAnnounced = 'Svar ja eller nei.';
  const veilederIdent = d.veilederIdent.trim();
  if (veilederIdent && !/^[A-Z]\d{6}$/.test(veilederIdent)) errors.veilederIdent = 'Nav-ident er én stor bokstav og seks sifre.';
  if (d.payments.length === 0) errors.payments = 'Vedtaket må ha minst én utbetaling.';
  const partnerNationalId = d.partnerNationalId.replace(/\s/g, '');
  if (d.partnerRelation !== 'NONE') {
    if (!isValidNationalId(partnerNationalId))
      errors['partner.nationalId'] = 'Fødselsnummeret er ikke gyldig (11 sifre med riktige kontrollsifre).';
    else if (partnerNationalId === nationalId)
      errors['partner.nationalId'] = 'Ektefellen eller samboeren kan ikke ha mottakerens fødselsnummer.';
  }

  const payments = d.payments.map((p, i) => {
    const at = `payments[${i}]`;
    const amountOre = parseKroner(p.amount);
    if (amountOre === null || amountOre <= 0) errors[`${at}.amountOre`] = 'Skriv beløpet i kroner, f.eks. 8 500,00.';
    const payee =
      p.payeeType === 'RECIPIENT'
        ? { type: 'RECIPIENT', nationalId }
        : {
            type: 'THIRD_PARTY',
            name: required(`${at}.payee.name`, p.payeeName),
            accountNumber: p.accountNumber.replace(/[\s.]/g, ''),
          };
    if (payee.type === 'THIRD_PARTY' && !isValidAccountNumber(payee.accountNumber)) {
      errors[`${at}.payee.accountNumber`] = 'Kontonummeret er ikke gyldig (11 sifre med riktig kontrollsiffer).';
    }
    const notBefore = date(`${at}.notBefore`, p.notBefore, true);
    return {
      ref: p.ref,
      purpose: p.purpose,
      amountOre: amountOre ?? 0,
      dueDate: date(`${at}.dueDate`, p.dueDate),
      payee,
      ...(notBefore ? { notBefore } : {}),
    };
  });

  const conditions = d.conditions.map((c, i) => {
    const at = `conditions[${i}]`;
    const text = required(`${at}.text`, c.text, 'Skriv hva mottakeren skal gjøre, og hvorfor.');
    const deadline = date(`${at}.deadline`, c.deadline);
    let requirement: Record<string, unknown>;
    switch (c.kind) {
      case 'DOCUMENT':
        requirement = { kind: 'DOCUMENT', documentType: required(`${at}.requirement.documentType`, c.documentType) };
        break;
      case 'ATTENDANCE': {
        const from = date(`${at}.requirement.periodFrom`, c.periodFrom);
        const to = date(`${at}.requirement.periodTo`, c.periodTo);
        if (from && to && to < from) errors[`${at}.requirement.periodTo`] = 'Perioden kan ikke slutte før den begynner.';
        requirement =
          c.threshold === 'MAX_UNAPPROVED'
            ? {
                kind: 'ATTENDANCE',
                periodFrom: from,
                periodTo: to,
                maxUnapprovedAbsenceDays: whole(`${at}.requirement.maxUnapprovedAbsenceDays`, c.maxUnapproved, 0, 366),
              }
            : {
                kind: 'ATTENDANCE',
                periodFrom: from,
                periodTo: to,
                minAttendedShare: whole(`${at}.requirement.minAttendedShare`, c.minSharePercent, 1, 100) / 100,
              };
        break;
      }
      case 'JOB_APPLICATIONS': {
        const from = date(`${at}.requirement.periodFrom`, c.periodFrom);
        const to = date(`${at}.requirement.periodTo`, c.periodTo);
        if (from && to && to < from) errors[`${at}.requirement.periodTo`] = 'Perioden kan ikke slutte før den begynner.';
        requirement = {
          kind: 'JOB_APPLICATIONS',
          periodFrom: from,
          periodTo: to,
          applicationsPerWeek: whole(`${at}.requirement.applicationsPerWeek`, c.perWeek, 1, 50),
        };
        break;
      }
      case 'ACTIVITY':
        requirement = { kind: 'ACTIVITY', activity: required(`${at}.requirement.activity`, c.activity) };
        break;
    }
    if (!isConditionCategory(c.category)) errors[`${at}.category`] = 'Velg kategorien vilkåret rapporteres under.';
    return {
      ref: c.ref,
      text,
      deadline,
      requirement,
      gates: c.gates.filter((g) => d.payments.some((p) => p.ref === g)),
      person: d.partnerRelation === 'NONE' ? 'RECIPIENT' : c.person,
      category: c.category,
    };
  });

  // § 20 a: an exception only for a person under 30 without an activity condition; then code and reason are required.
  const activityExceptions = activityDuties(d)
    .filter((duty) => duty.needsException)
    .map((duty) => {
      const x = d.exceptions[duty.person];
      const at = `activityExceptions.${duty.person}`;
      if (!x.code) errors[`${at}.code`] = 'Velg grunnen til unntaket, eller sett et aktivitetsvilkår.';
      if (x.reason.trim().length < MIN_EXCEPTION_REASON_LENGTH)
        errors[`${at}.reason`] = `Skriv begrunnelsen for unntaket (minst ${MIN_EXCEPTION_REASON_LENGTH} tegn).`;
      return { person: duty.person, code: x.code, reason: x.reason.trim() };
    });

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    request: {
      caseId,
      office: d.office.trim(),
      recipientNationalId: nationalId,
      periodFrom,
      periodTo,
      reductionOnBreachAnnounced: d.reductionOnBreachAnnounced === 'yes',
      ...(veilederIdent ? { veilederIdent } : {}),
      payments,
      conditions,
      ...(d.partnerRelation !== 'NONE' ? { partner: { relation: d.partnerRelation, nationalId: partnerNationalId } } : {}),
      ...(activityExceptions.length ? { activityExceptions } : {}),
    },
  };
}

/**
 * "Husleie 8 500,00 kr til Utleier Eiendom AS (konto 1234 56 78903), forfall 01.12.2026 venter på:
 * kvittering for husleie" — one line per payment, read before the decision is issued.
 */
export function paymentSummaries(d: DecisionDraft): string[] {
  return d.payments.map((p) => {
    const amount = parseKroner(p.amount);
    const head = `${purposeLabel(p.purpose)} ${amount === null ? p.amount : formatOre(amount)}`;
    const to = p.payeeType === 'THIRD_PARTY' ? ` til ${p.payeeName} (konto ${formatAccount(p.accountNumber)})` : ' til mottakeren';
    const due = parseDate(p.dueDate) ? `, forfall ${formatDate(parseDate(p.dueDate))}` : '';
    const notBefore = parseDate(p.notBefore);
    const waits = d.conditions.filter((c) => c.gates.includes(p.ref));
    const what = waits.map((c) => conditionShort({ text: c.text, requirement: requirementPreview(c) }, true));
    const when = notBefore ? `sendes til utbetaling ${formatDate(notBefore)}` : 'sendes til utbetaling straks vedtaket er fattet';
    return `${head}${to}${due} ${what.length ? `venter på: ${what.join('; ')}` : when}`;
  });
}

/** What the decision unit should see before money is held back: deadlines after due dates, conditions that hold nothing. */
export function summaryWarnings(d: DecisionDraft): string[] {
  const warnings: string[] = [];
  for (const p of d.payments) {
    const due = parseDate(p.dueDate);
    const late = d.conditions.filter((c) => c.gates.includes(p.ref) && due && (parseDate(c.deadline) ?? '') > due);
    if (due && late.length) {
      const refs = late.map((c) => c.ref).join(' og ');
      const deadline = formatDate(parseDate(late[0].deadline));
      warnings.push(
        `${p.ref} ${purposeLabel(p.purpose)} forfaller ${formatDate(due)}, men fristen for ${refs} er ${late.length === 1 ? deadline : 'senere'}. ` +
          'Utbetalingen kan bli holdt tilbake til etter forfall.',
      );
    }
  }
  for (const c of d.conditions)
    if (c.gates.length === 0) warnings.push(`${c.ref} holder ikke tilbake noen utbetaling. Vilkåret følges opp likevel.`);
  return warnings;
}

/** The label of a field of the decision form, by the path the service names it with. */
export function decisionFieldLabel(path: string): string | undefined {
  const top: Record<string, string> = {
    caseId: 'Saksnummer',
    office: 'Nav-kontor',
    recipientNationalId: 'Mottakerens fødselsnummer',
    periodFrom: 'Perioden fra',
    periodTo: 'Perioden til',
    veilederIdent: 'Oppfølgingsveileder',
    reductionOnBreachAnnounced: 'Varsel om reduksjon',
    payments: 'Utbetalinger',
    'partner.nationalId': 'Ektefellens eller samboerens fødselsnummer',
    'partner.relation': 'Ektefelle eller samboer',
    activityExceptions: 'Aktivitetsplikt (§ 20 a)',
    'activityExceptions.RECIPIENT.code': 'Grunn til unntak fra aktivitetsplikten (mottakeren)',
    'activityExceptions.RECIPIENT.reason': 'Begrunnelse for unntaket (mottakeren)',
    'activityExceptions.PARTNER.code': 'Grunn til unntak fra aktivitetsplikten (ektefelle/samboer)',
    'activityExceptions.PARTNER.reason': 'Begrunnelse for unntaket (ektefelle/samboer)',
  };
  if (top[path]) return top[path];
  const exc = /^activityExceptions\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (exc) return `Unntak fra aktivitetsplikten${exc[2] === 'reason' ? ', begrunnelse' : exc[2] === 'code' ? ', grunn' : ''}`;
  const pay = /^payments\[(\d+)\]\.(.+)$/.exec(path);
  if (pay) {
    const ref = `P${Number(pay[1]) + 1}`;
    const field: Record<string, string> = {
      amountOre: 'Beløp',
      dueDate: 'Forfallsdato',
      notBefore: 'Tidligste utbetalingsdato',
      purpose: 'Formål',
      'payee.name': 'Navn på mottaker',
      'payee.accountNumber': 'Kontonummer',
      'payee.nationalId': 'Mottaker',
    };
    return `${field[pay[2]] ?? pay[2]} (${ref})`;
  }
  const cond = /^conditions\[(\d+)\]\.(.+)$/.exec(path);
  if (cond) {
    const field: Record<string, string> = {
      text: 'Teksten mottakeren leser',
      deadline: 'Frist',
      gates: 'Utbetalinger vilkåret holder tilbake',
      'requirement.documentType': 'Dokumentet som kreves',
      'requirement.periodFrom': 'Perioden fra',
      'requirement.periodTo': 'Perioden til',
      'requirement.maxUnapprovedAbsenceDays': 'Dager med ugyldig fravær som godtas',
      'requirement.minAttendedShare': 'Minste oppmøte i prosent',
      'requirement.applicationsPerWeek': 'Søknader per uke',
      'requirement.activity': 'Aktiviteten',
      person: 'Hvem vilkåret gjelder',
      category: 'Kategori (KOSTRA)',
    };
    return `${field[cond[2]] ?? cond[2]} (vilkår ${Number(cond[1]) + 1})`;
  }
  return undefined;
}

function requirementPreview(c: ConditionDraft): { kind: string } & Record<string, unknown> {
  switch (c.kind) {
    case 'DOCUMENT':
      return { kind: c.kind, documentType: c.documentType };
    case 'ACTIVITY':
      return { kind: c.kind, activity: c.activity };
    default:
      return {
        kind: c.kind,
        periodFrom: parseDate(c.periodFrom) ?? c.periodFrom,
        periodTo: parseDate(c.periodTo) ?? c.periodTo,
        applicationsPerWeek: c.perWeek,
      };
  }
}

/** "Høyst 2 dager ugyldig fravær" — what a condition demands, for the summary. */
export function requirementText(c: ConditionDraft): string {
  switch (c.kind) {
    case 'DOCUMENT':
      return `Dokument: ${c.documentType}`;
    case 'ACTIVITY':
      return `Aktivitet: ${c.activity}`;
    case 'ATTENDANCE':
      return `Oppmøte ${c.periodFrom}–${c.periodTo}, ${
        c.threshold === 'MAX_UNAPPROVED'
          ? `inntil ${c.maxUnapproved} dager ugyldig fravær`
          : `minst ${c.minSharePercent} % av kursdagene til stede`
      }`;
    case 'JOB_APPLICATIONS':
      return `${c.perWeek} jobbsøknader per uke ${c.periodFrom}–${c.periodTo}`;
  }
}
