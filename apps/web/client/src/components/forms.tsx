import { ReactNode, useState } from 'react';
import { ErrorSummary, Tag } from '@navikt/ds-react';
import { ApiError, FieldError } from '../api';
import { CONDITION_STATUS, PAYMENT_STATUS } from '../texts';

/** A DOM id for a field path as the services name it ("payments[0].amountOre"), so an error can link to it. */
export const fieldId = (path: string) => `felt-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

export type Errors = Record<string, string>;

/**
 * Field errors of one form: from the browser's own checks or from the service's answer. The service
 * names the field as the form does, so each reason lands on its field.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  return {
    errors,
    message,
    set: (e: Errors, msg: string | null = null) => {
      setErrors(e);
      setMessage(msg);
    },
    fromApi: (err: unknown, fallbackField = '(body)') => {
      if (err instanceof ApiError) {
        const list: FieldError[] = err.errors.length ? err.errors : [{ field: fallbackField, reason: err.message }];
        setErrors(Object.fromEntries(list.map((x) => [x.field, reasonInNorwegian(x.reason)])));
        setMessage(err.message);
      } else {
        setErrors({});
        setMessage('Noe gikk galt. Prøv igjen.');
      }
    },
    clear: () => {
      setErrors({});
      setMessage(null);
    },
  };
}

/** The services answer in English for developers; the common reasons are put in Norwegian here. */
export function reasonInNorwegian(reason: string): string {
  const known: Array<[RegExp, string]> = [
    [/11 digits with valid mod-11 check digits/i, 'Fødselsnummeret er ikke gyldig (11 sifre med riktige kontrollsifre).'],
    [/11-digit Norwegian account number/i, 'Kontonummeret er ikke gyldig (11 sifre med riktig kontrollsiffer).'],
    [/must be a NAV-ident/i, 'NAV-ident er én stor bokstav og seks sifre.'],
    [/must be a calendar date/i, 'Skriv en gyldig dato (dd.mm.åååå).'],
    [/must be a whole number of øre/i, 'Skriv beløpet i kroner, f.eks. 8 500,00.'],
    [/must be greater than zero/i, 'Må være mer enn 0.'],
    [/should not be empty|must not be empty/i, 'Må fylles ut.'],
    [/not among the offices you work for/i, 'Saken tilhører et NAV-kontor du ikke har tilgang til.'],
    [/at least 10 characters/i, 'Skriv minst 10 tegn.'],
    [/four-digit NAV office number/i, 'Enhetsnummeret er fire sifre.'],
  ];
  const longest = /shorter than or equal to (\d+) characters/.exec(reason);
  if (longest) return `Kan ha høyst ${longest[1]} tegn.`;
  return known.find(([re]) => re.test(reason))?.[1] ?? reason;
}

/** Aksel's error summary, each error a link to its field. Shown above a form once it has been tried. */
export function FormErrorSummary({ errors, labels, heading = 'Rett opp dette før du går videre:' }: { errors: Errors; labels?: (field: string) => string; heading?: string }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <ErrorSummary heading={heading}>
      {entries.map(([field, reason]) => (
        <ErrorSummary.Item key={field} href={`#${fieldId(field)}`}>
          {labelOf(field, labels)}
          {reason}
        </ErrorSummary.Item>
      ))}
    </ErrorSummary>
  );
}

/** "Beløp i kroner for P1: " — the field's own label, so the summary says where the error is. */
function labelOf(field: string, labels?: (field: string) => string): string {
  if (labels) return `${labels(field)}: `;
  const el = typeof document === 'undefined' ? null : (document.getElementById(fieldId(field)) as HTMLInputElement | null);
  const label = el?.labels?.[0]?.textContent ?? (el?.tagName === 'FIELDSET' ? el.querySelector('legend')?.textContent : null);
  return label ? `${label}: ` : '';
}

export function ConditionStatusTag({ status, size = 'small' }: { status: string | null; size?: 'small' | 'medium' }) {
  const s = CONDITION_STATUS[status ?? ''] ?? { label: status ?? 'Ukjent', color: 'neutral' as const };
  return (
    <Tag data-color={s.color} variant="moderate" size={size}>
      {s.label}
    </Tag>
  );
}

export function PaymentStatusTag({ status, size = 'small' }: { status: string | null; size?: 'small' | 'medium' }) {
  const s = PAYMENT_STATUS[status ?? ''] ?? { label: status ?? 'Ukjent', color: 'neutral' as const };
  return (
    <Tag data-color={s.color} variant="moderate" size={size}>
      {s.label}
    </Tag>
  );
}

export function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="aksel-label aksel-label--small">{label}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}
