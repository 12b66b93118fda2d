import { ReactNode, useEffect, useRef, useState } from 'react';
import { Alert, ErrorSummary, Tag } from '@navikt/ds-react';
import { ApiError } from '../api';
import { CONDITION_STATUS, PAYMENT_STATUS } from '../texts';

/**
 * A DOM id for a field path as the services name it ("payments[0].amountOre"), so an error can link
 * to it. `scope` keeps ids unique where a page has several forms or dialogs (dialogs stay in the DOM).
 */
export const fieldId = (path: string, scope = '') => `felt-${scope ? `${scope}-` : ''}${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

export type Errors = Record<string, string>;

/**
 * Errors of one form: field errors from the browser's own checks or from the service's answer (the
 * service names the field as the form does, so each reason lands on its field), and one general
 * message for what belongs to no field on screen. `version` changes on every failed attempt, so the
 * summary can take focus.
 */
export function useFormErrors(scope = '') {
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  /** A field the user changes is no longer wrong until it is checked again. */
  const clearField = (path: string) =>
    setErrors((all) => {
      if (!(path in all)) return all;
      const rest = { ...all };
      delete rest[path];
      return rest;
    });
  return {
    errors,
    message,
    version,
    id: (path: string) => fieldId(path, scope),
    set: (e: Errors, msg: string | null = null) => {
      setErrors(e);
      setMessage(msg);
      setVersion((v) => v + 1);
    },
    /** A refusal from a service. Reasons for fields not in `onScreen` go into the general message. */
    fromApi: (err: unknown, onScreen: (field: string) => boolean = () => true) => {
      if (err instanceof ApiError) {
        const fields = err.errors.filter((x) => onScreen(x.field));
        const others = err.errors.filter((x) => !onScreen(x.field));
        setErrors(Object.fromEntries(fields.map((x) => [x.field, reasonInNorwegian(x.reason)])));
        setMessage(fields.length && !others.length ? null : [err.message, ...others.map((x) => reasonInNorwegian(x.reason))].join(' '));
      } else {
        setErrors({});
        setMessage('Noe gikk galt. Prøv igjen.');
      }
      setVersion((v) => v + 1);
    },
    /** The props that tie a text field to its value and its error: a change clears the error until the next check. */
    bind: (path: string, value: string, set: (value: string) => void) => ({
      id: fieldId(path, scope),
      value,
      error: errors[path],
      onChange: (e: { target: { value: string } }) => {
        clearField(path);
        set(e.target.value);
      },
    }),
    clearField,
    clear: () => {
      setErrors({});
      setMessage(null);
    },
  };
}

export type FormErrorsState = ReturnType<typeof useFormErrors>;

/** The services answer in English for developers; their reasons are put in Norwegian here. */
export function reasonInNorwegian(reason: string): string {
  const longest = /shorter than or equal to (\d+) characters/.exec(reason);
  if (longest) return `Kan ha høyst ${longest[1]} tegn.`;
  const known: Array<[RegExp, string]> = [
    [/11 digits with valid mod-11 check digits/i, 'Fødselsnummeret er ikke gyldig (11 sifre med riktige kontrollsifre).'],
    [/11-digit Norwegian account number/i, 'Kontonummeret er ikke gyldig (11 sifre med riktig kontrollsiffer).'],
    [/must be a NAV-ident/i, 'Nav-ident er én stor bokstav og seks sifre.'],
    [/must be a calendar date/i, 'Skriv en gyldig dato (dd.mm.åååå).'],
    [/must be a whole number of øre/i, 'Skriv beløpet i kroner, f.eks. 8 500,00.'],
    [/must be greater than zero/i, 'Må være mer enn 0.'],
    [/should not be empty|must not be empty/i, 'Må fylles ut.'],
    [/not among the offices you work for/i, 'Saken tilhører et Nav-kontor du ikke har tilgang til.'],
    [/at least 10 characters/i, 'Skriv minst 10 tegn.'],
    [/four-digit NAV office number/i, 'Enhetsnummeret er fire sifre.'],
    [/the day appears more than once in this list/i, 'Dagen står mer enn én gang i listen.'],
    [/approved absence needs its reason/i, 'Godkjent fravær må ha en grunn.'],
    [/only approved absence has a reason/i, 'Bare godkjent fravær har en grunn.'],
    [/a rejected document needs the reason/i, 'Skriv hvorfor dokumentet avvises. Mottakeren får se begrunnelsen.'],
    [/is used by another (payment|condition)/i, 'Referansen er brukt to ganger.'],
    [/is not a payment in this decision/i, 'Utbetalingen finnes ikke i vedtaket.'],
    [/names a payment more than once/i, 'Samme utbetaling er valgt to ganger.'],
    [/a decision needs at least one payment/i, 'Vedtaket må ha minst én utbetaling.'],
    [/set exactly one threshold/i, 'Velg ett krav til oppmøtet.'],
    [/must be a share above 0 and at most 1/i, 'Skriv en prosent fra 1 til 100.'],
    [/must be a whole number of days, 0 or more/i, 'Skriv et helt antall dager, 0 eller flere.'],
    [/must be a whole number, 1 or more/i, 'Skriv et helt tall, 1 eller mer.'],
    [/the decision is revoked/i, 'Vedtaket er opphevet.'],
    [/the condition is not breached/i, 'Vilkåret er ikke brutt.'],
    [/the condition does not gate this payment/i, 'Vilkåret holder ikke tilbake denne utbetalingen.'],
    [
      /did not tell the recipient that a breach may lead to reduction/i,
      'Vedtaket varslet ikke at brudd kan føre til reduksjon (§ 20 tredje ledd).',
    ],
    [/a reduction is never to zero/i, 'Beløpet kan ikke reduseres til 0.'],
    [/is the deadline already/i, 'Det er allerede fristen.'],
    [/the condition is (fulfilled|lifted|annulled)/i, 'Vilkåret er allerede avgjort.'],
    [/the payment is (released|paid|stopped|cancelled|failed)/i, 'Utbetalingen er allerede sendt eller avsluttet.'],
    [/only a failed payment is released again/i, 'Bare en utbetaling som feilet, kan sendes på nytt.'],
    [/a paid report carries the reference and paidOn/i, 'Skriv referanse og dato.'],
    [/a failed report carries the reason/i, 'Skriv hvorfor utbetalingen feilet.'],
    [
      /§ 20 a: the recipient is under 30/i,
      '§ 20 a: Mottakeren er under 30 år ved periodens start. Sett minst ett aktivitetsvilkår for mottakeren, eller begrunn unntaket.',
    ],
    [
      /§ 20 a: the spouse or cohabitant is under 30/i,
      '§ 20 a: Ektefellen/samboeren er under 30 år ved periodens start. Sett minst ett aktivitetsvilkår for henne eller ham, eller begrunn unntaket.',
    ],
    [/§ 20 a: .* 30 or older/i, '§ 20 a: Personen er 30 år eller eldre. Aktivitetsplikten og unntakene gjelder bare under 30 år.'],
    [/§ 20 a: an exception needs a written reason/i, 'Skriv begrunnelsen for unntaket (minst 10 tegn).'],
    [/§ 20 a: the birth date cannot be read/i, 'Fødselsdatoen kan ikke leses av fødselsnummeret.'],
    [/the decision names no spouse or cohabitant/i, 'Vedtaket har ingen ektefelle eller samboer.'],
    [/must not be the recipient's own/i, 'Kan ikke være mottakerens eget fødselsnummer.'],
    [/must be a KOSTRA condition category/i, 'Velg en kategori fra listen.'],
    [/must be one of/i, 'Velg et av alternativene.'],
  ];
  return known.find(([re]) => re.test(reason))?.[1] ?? reason;
}

/** "Beløp i kroner for P1: " — the field's label, so the summary says where the error is. */
function labelOf(id: string, given?: string): string {
  if (given) return `${given}: `;
  const el = typeof document === 'undefined' ? null : (document.getElementById(id) as HTMLInputElement | null);
  const label = el?.labels?.[0]?.textContent ?? (el?.tagName === 'FIELDSET' ? el.querySelector('legend')?.textContent : null);
  return label ? `${label}: ` : '';
}

/**
 * What went wrong with a form: a general message once, then Aksel's error summary with each error
 * a link to its field. It takes focus after every failed attempt, so keyboard and screen-reader
 * users land on it.
 */
export function FormErrors({
  form,
  labels,
  heading = 'Rett opp dette før du går videre:',
  headingTag = 'h2',
}: {
  form: FormErrorsState;
  labels?: (field: string) => string | undefined;
  heading?: string;
  headingTag?: 'h2' | 'h3' | 'h4';
}) {
  const summary = useRef<HTMLDivElement>(null);
  const alert = useRef<HTMLDivElement>(null);
  const entries = Object.entries(form.errors);
  useEffect(() => {
    if (form.version === 0) return;
    (entries.length ? summary.current : alert.current)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.version]);
  return (
    <>
      {form.message && (
        <Alert variant="error" size="small" ref={alert} tabIndex={-1}>
          {form.message}
        </Alert>
      )}
      {entries.length > 0 && (
        <ErrorSummary heading={heading} headingTag={headingTag} ref={summary}>
          {entries.map(([field, reason]) => (
            <ErrorSummary.Item key={field} href={`#${form.id(field)}`}>
              {labelOf(form.id(field), labels?.(field))}
              {reason}
            </ErrorSummary.Item>
          ))}
        </ErrorSummary>
      )}
    </>
  );
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
