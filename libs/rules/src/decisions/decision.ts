import { CalendarDate, compareDates, isCalendarDate } from '../calendar/calendar-date';
import { CONDITION_KINDS, Requirement } from '../conditions/condition';
import { FieldError, RuleViolation } from '../errors/rule-violation';
import { isValidAccountNumber } from '../identity/account-number';
import { isValidNationalId } from '../identity/national-id';
import { isPositiveOre } from '../money/money';
import { ActivityException, ConditionCategory, PartnerDraft, PersonRef, checkHousehold } from '../household/household';
import { Payee } from '../payments/payment';

/** Vedtak as the decision unit drafts it. `ref`s tie conditions to the payments they gate. */
export interface PaymentDraft {
  ref: string;
  purpose: string;
  amountOre: number;
  dueDate: CalendarDate;
  payee: Payee;
  /** Not to be released before this day, e.g. the second half-month's living costs. */
  notBefore?: CalendarDate | null;
}

export interface ConditionDraft {
  ref: string;
  /** The plain-language text the recipient sees (§ 20: the purpose in plain words). */
  text: string;
  deadline: CalendarDate;
  requirement: Requirement;
  /** refs of the payments this condition holds back. */
  gates: string[];
  /** Whose condition it is; the recipient's when not given. */
  person?: PersonRef;
  /** KOSTRA category (statistics). */
  category?: ConditionCategory;
}

export interface DecisionDraft {
  caseId: string;
  recipientNationalId: string;
  office: string;
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  /** § 20 third paragraph: whether the decision told the recipient that a breach may lead to reduction. */
  reductionOnBreachAnnounced: boolean;
  payments: PaymentDraft[];
  conditions: ConditionDraft[];
  /** A spouse or cohabitant in the same case, if any. */
  partner?: PartnerDraft | null;
  /** § 20 a exceptions, at most one per person under 30. */
  activityExceptions?: ActivityException[];
}

/**
 * The rules a decision must satisfy beyond its shape. Returns every problem at once so the
 * caseworker can fix them in one go; an empty list means the decision may be issued.
 */
export function checkDecision(draft: DecisionDraft): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, reason: string) => errors.push({ field, reason });

  if (!isValidNationalId(draft.recipientNationalId)) {
    err('recipientNationalId', 'must be 11 digits with valid mod-11 check digits');
  }
  checkPeriod(draft.periodFrom, draft.periodTo, '', err);
  if (draft.payments.length === 0) err('payments', 'a decision needs at least one payment');

  const paymentRefs = new Set<string>();
  draft.payments.forEach((p, i) => {
    const at = `payments[${i}]`;
    if (paymentRefs.has(p.ref)) err(`${at}.ref`, `"${p.ref}" is used by another payment`);
    paymentRefs.add(p.ref);
    if (!isPositiveOre(p.amountOre)) err(`${at}.amountOre`, 'must be a whole number of øre greater than zero');
    if (!isCalendarDate(p.dueDate)) err(`${at}.dueDate`, 'must be a calendar date YYYY-MM-DD');
    if (p.notBefore != null && !isCalendarDate(p.notBefore)) err(`${at}.notBefore`, 'must be a calendar date YYYY-MM-DD');
    if (p.payee.type === 'RECIPIENT' && !isValidNationalId(p.payee.nationalId)) {
      err(`${at}.payee.nationalId`, 'must be 11 digits with valid mod-11 check digits');
    }
    if (p.payee.type === 'RECIPIENT' && p.payee.nationalId !== draft.recipientNationalId) {
      err(`${at}.payee.nationalId`, "must be the recipient's; pay anybody else as a THIRD_PARTY");
    }
    if (p.payee.type === 'THIRD_PARTY' && !isValidAccountNumber(p.payee.accountNumber)) {
      err(`${at}.payee.accountNumber`, 'must be an 11-digit Norwegian account number with a valid check digit');
    }
  });

  const conditionRefs = new Set<string>();
  draft.conditions.forEach((c, i) => {
    const at = `conditions[${i}]`;
    if (conditionRefs.has(c.ref)) err(`${at}.ref`, `"${c.ref}" is used by another condition`);
    conditionRefs.add(c.ref);
    if (!isCalendarDate(c.deadline)) err(`${at}.deadline`, 'must be a calendar date YYYY-MM-DD');
    if (new Set(c.gates).size !== c.gates.length) err(`${at}.gates`, 'names a payment more than once');
    c.gates.forEach((ref, j) => {
      if (!paymentRefs.has(ref)) err(`${at}.gates[${j}]`, `"${ref}" is not a payment in this decision`);
    });
    checkRequirement(c.requirement, `${at}.requirement`, err);
  });
  if (isCalendarDate(draft.periodFrom)) errors.push(...checkHousehold(draft));
  return errors;
}

function checkPeriod(from: CalendarDate, to: CalendarDate, prefix: string, err: (field: string, reason: string) => void): boolean {
  const f = prefix ? `${prefix}.periodFrom` : 'periodFrom';
  const t = prefix ? `${prefix}.periodTo` : 'periodTo';
  if (!isCalendarDate(from)) {
    err(f, 'must be a calendar date YYYY-MM-DD');
    return false;
  }
  if (!isCalendarDate(to)) {
    err(t, 'must be a calendar date YYYY-MM-DD');
    return false;
  }
  if (compareDates(from, to) > 0) {
    err(t, `must not be before ${f} (${from})`);
    return false;
  }
  return true;
}

export function checkRequirement(req: Requirement, at: string, err: (field: string, reason: string) => void): void {
  if (!CONDITION_KINDS.includes(req.kind)) {
    err(`${at}.kind`, `must be one of ${CONDITION_KINDS.join(', ')}`);
    return;
  }
  switch (req.kind) {
    case 'DOCUMENT':
      if (!req.documentType?.trim()) err(`${at}.documentType`, 'names the document that must be received');
      return;
    case 'ACTIVITY':
      if (!req.activity?.trim()) err(`${at}.activity`, 'describes the activity that must take place');
      return;
    case 'ATTENDANCE': {
      checkPeriod(req.periodFrom, req.periodTo, at, err);
      const max = req.maxUnapprovedAbsenceDays;
      const share = req.minAttendedShare;
      if ((max === undefined) === (share === undefined)) {
        err(`${at}.maxUnapprovedAbsenceDays`, 'set exactly one threshold: maxUnapprovedAbsenceDays or minAttendedShare');
      } else if (max !== undefined && (!Number.isSafeInteger(max) || max < 0)) {
        err(`${at}.maxUnapprovedAbsenceDays`, 'must be a whole number of days, 0 or more');
      } else if (share !== undefined && !(typeof share === 'number' && share > 0 && share <= 1)) {
        err(`${at}.minAttendedShare`, 'must be a share above 0 and at most 1, e.g. 0.9');
      }
      return;
    }
    case 'JOB_APPLICATIONS':
      checkPeriod(req.periodFrom, req.periodTo, at, err);
      if (!Number.isSafeInteger(req.applicationsPerWeek) || req.applicationsPerWeek < 1) {
        err(`${at}.applicationsPerWeek`, 'must be a whole number, 1 or more');
      }
      return;
  }
}

/** Throws a RuleViolation listing every problem, or returns quietly. */
export function assertDecision(draft: DecisionDraft): void {
  const errors = checkDecision(draft);
  if (errors.length > 0) throw new RuleViolation('INVALID', errors);
}
