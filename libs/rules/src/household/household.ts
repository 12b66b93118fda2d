import { CalendarDate } from '../calendar/calendar-date';
import { ConditionKind } from '../conditions/condition';
import { FieldError } from '../errors/rule-violation';
import { ageFromNationalId } from '../identity/birth-date';
import { isValidNationalId } from '../identity/national-id';

/**
 * The household a decision covers: the recipient (søker) and optionally a spouse or cohabitant
 * (ektefelle / samboer) in the same case. Conditions name the person they apply to; a condition that
 * names nobody is the recipient's, as every condition was before households.
 */
export type PersonRef = 'RECIPIENT' | 'PARTNER';
export const PERSON_REFS: readonly PersonRef[] = ['RECIPIENT', 'PARTNER'];

export type PartnerRelation = 'SPOUSE' | 'COHABITANT';
export const PARTNER_RELATIONS: readonly PartnerRelation[] = ['SPOUSE', 'COHABITANT'];

export interface PartnerDraft {
  relation: PartnerRelation;
  /** Fødselsnummer: personal data, validated like the recipient's, never logged or echoed. */
  nationalId: string;
}

/**
 * Condition categories of the municipal statistics (KOSTRA, skjema 11F): every condition carries one,
 * so the office can report the year from Vilkårsflyt.
 */
export const CONDITION_CATEGORIES = {
  '04': 'Bruke retten til skolegang',
  '06': 'Registrere seg som arbeidssøker eller føre jobblogg',
  '07': 'Ta imot konkret arbeidstilbud',
  '08': 'Møte til samtaler med veileder',
  '10': 'Gjøre gjeldende andre økonomiske rettigheter',
  '14': 'Oppsøke lege',
  '15': 'Andre vilkår',
  '16': 'Arbeidstrening',
  '17': 'Arbeidsrettet kurs',
  '18': 'Realisere formuesgoder eller redusere boutgifter',
  '19': 'Følge den digitale aktivitetsplanen',
  '20': 'Opplæring i norsk eller samisk',
} as const;
export type ConditionCategory = keyof typeof CONDITION_CATEGORIES;
export const CONDITION_CATEGORY_CODES = Object.keys(CONDITION_CATEGORIES).sort() as ConditionCategory[];
export const isConditionCategory = (value: unknown): value is ConditionCategory =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONDITION_CATEGORIES, value);

/** § 20 a exceptions, with the KOSTRA codes: why a person under 30 has no activity condition. */
export const ACTIVITY_EXCEPTION_CODES = {
  '01': 'I arbeid',
  '02': 'I aktivitet knyttet til en annen ytelse',
  '03': 'Helsemessige eller sosiale forhold hindrer aktivitet',
  '04': 'Andre tungtveiende grunner',
} as const;
export type ActivityExceptionCode = keyof typeof ACTIVITY_EXCEPTION_CODES;
export const ACTIVITY_EXCEPTION_CODE_LIST = Object.keys(ACTIVITY_EXCEPTION_CODES).sort() as ActivityExceptionCode[];
export const isActivityExceptionCode = (value: unknown): value is ActivityExceptionCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTIVITY_EXCEPTION_CODES, value);

export interface ActivityException {
  person: PersonRef;
  code: ActivityExceptionCode;
  /** The written reason, journaled and shown on the decision. */
  reason: string;
}

/** § 20 a: the activity duty applies under this age, on the first day of the decision's period. */
export const ACTIVITY_DUTY_AGE_LIMIT = 30;
/** The condition kinds that are activity conditions (aktivitetsvilkår). */
export const ACTIVITY_KINDS: readonly ConditionKind[] = ['ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'];
export const MIN_EXCEPTION_REASON_LENGTH = 10;

export interface HouseholdDraft {
  recipientNationalId: string;
  periodFrom: CalendarDate;
  partner?: PartnerDraft | null;
  activityExceptions?: ActivityException[];
  conditions: Array<{ person?: PersonRef; category?: string | null; requirement: { kind: ConditionKind } }>;
}

export const personOf = (c: { person?: PersonRef | null }): PersonRef => c.person ?? 'RECIPIENT';

/**
 * The § 20 a rule for one person, given their age (null: unknown) and what the decision sets for them.
 * Under 30: at least one activity condition, or an exception. 30 or over: nothing required, and an
 * exception is refused (it would record a reason for something the law does not ask).
 */
export function activityDutyViolation(
  age: number | null,
  hasActivityCondition: boolean,
  hasException: boolean,
): 'AGE_UNKNOWN' | 'ACTIVITY_REQUIRED' | 'EXCEPTION_NOT_ALLOWED' | null {
  if (age === null) return 'AGE_UNKNOWN';
  if (age < ACTIVITY_DUTY_AGE_LIMIT) return hasActivityCondition || hasException ? null : 'ACTIVITY_REQUIRED';
  return hasException ? 'EXCEPTION_NOT_ALLOWED' : null;
}

/** A condition's person and category, also for a condition added to an issued decision. */
export function checkConditionHousehold(
  c: { person?: PersonRef | null; category?: string | null },
  hasPartner: boolean,
  prefix = '',
): FieldError[] {
  const errors: FieldError[] = [];
  if (c.person !== undefined && c.person !== null && !PERSON_REFS.includes(c.person)) {
    errors.push({ field: `${prefix}person`, reason: `must be one of ${PERSON_REFS.join(', ')}` });
  } else if (personOf(c) === 'PARTNER' && !hasPartner) {
    errors.push({ field: `${prefix}person`, reason: 'the decision names no spouse or cohabitant' });
  }
  if (c.category !== undefined && c.category !== null && !isConditionCategory(c.category)) {
    errors.push({ field: `${prefix}category`, reason: `must be a KOSTRA condition category: ${CONDITION_CATEGORY_CODES.join(', ')}` });
  }
  return errors;
}

const WHO: Record<PersonRef, string> = { RECIPIENT: 'the recipient', PARTNER: 'the spouse or cohabitant' };

/**
 * The household's rules: the partner's fødselsnummer, each condition's person and category, and
 * § 20 a per person. Every problem at once; fields are dotted paths, values never repeated.
 */
export function checkHousehold(draft: HouseholdDraft): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, reason: string) => errors.push({ field, reason });
  const partner = draft.partner ?? null;
  if (partner) {
    if (!PARTNER_RELATIONS.includes(partner.relation)) err('partner.relation', `must be one of ${PARTNER_RELATIONS.join(', ')}`);
    if (!isValidNationalId(partner.nationalId)) err('partner.nationalId', 'must be 11 digits with valid mod-11 check digits');
    else if (partner.nationalId === draft.recipientNationalId) err('partner.nationalId', "must not be the recipient's own");
  }
  draft.conditions.forEach((c, i) => errors.push(...checkConditionHousehold(c, partner !== null, `conditions[${i}].`)));

  const exceptions = draft.activityExceptions ?? [];
  const seen = new Set<PersonRef>();
  exceptions.forEach((e, i) => {
    const at = `activityExceptions[${i}]`;
    if (!PERSON_REFS.includes(e.person)) err(`${at}.person`, `must be one of ${PERSON_REFS.join(', ')}`);
    else if (e.person === 'PARTNER' && !partner) err(`${at}.person`, 'the decision names no spouse or cohabitant');
    else if (seen.has(e.person)) err(`${at}.person`, `${WHO[e.person]} has another exception in this decision`);
    seen.add(e.person);
    if (!isActivityExceptionCode(e.code))
      err(`${at}.code`, `must be one of the § 20 a exception codes ${ACTIVITY_EXCEPTION_CODE_LIST.join(', ')}`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
      err(`${at}.reason`, `§ 20 a: an exception needs a written reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters`);
    }
  });

  const persons: Array<[PersonRef, string, string]> = [['RECIPIENT', draft.recipientNationalId, 'recipientNationalId']];
  if (partner) persons.push(['PARTNER', partner.nationalId, 'partner.nationalId']);
  for (const [ref, nationalId, field] of persons) {
    if (!isValidNationalId(nationalId)) continue; // already reported
    const age = ageFromNationalId(nationalId, draft.periodFrom);
    const hasActivity = draft.conditions.some((c) => personOf(c) === ref && ACTIVITY_KINDS.includes(c.requirement?.kind));
    const index = exceptions.findIndex((e) => e.person === ref);
    switch (activityDutyViolation(age, hasActivity, index >= 0)) {
      case 'AGE_UNKNOWN':
        err(field, '§ 20 a: the birth date cannot be read from the number (its individual number gives no century)');
        break;
      case 'ACTIVITY_REQUIRED':
        err(
          'activityExceptions',
          `§ 20 a: ${WHO[ref]} is under ${ACTIVITY_DUTY_AGE_LIMIT} on the period's first day: set at least one activity condition ` +
            `(${ACTIVITY_KINDS.join(', ')}) with person ${ref}, or an exception in activityExceptions with its code and a written reason`,
        );
        break;
      case 'EXCEPTION_NOT_ALLOWED':
        err(
          `activityExceptions[${index}]`,
          `§ 20 a: ${WHO[ref]} is ${ACTIVITY_DUTY_AGE_LIMIT} or older on the period's first day; the activity duty and its exceptions apply only under ${ACTIVITY_DUTY_AGE_LIMIT}`,
        );
        break;
      case null:
        break;
    }
  }
  return errors;
}
