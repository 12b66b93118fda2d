// The journals' detail lines come from the services in English (for developers and logs). The
// screens put the ones they know into Norwegian; anything else is shown as it came.
import { formatDate } from './format';
import { CONDITION_KIND_LABELS } from './texts';

const d = (iso: string) => formatDate(iso);

const RULES: Array<[RegExp, (...m: string[]) => string]> = [
  [
    /^(\S+) \((DOCUMENT|ATTENDANCE|JOB_APPLICATIONS|ACTIVITY)\), deadline (\d{4}-\d{2}-\d{2}): ([\s\S]*)$/,
    (ref, kind, deadline, text) => `${ref} (${CONDITION_KIND_LABELS[kind]}), frist ${d(deadline)}: ${text}`,
  ],
  [
    /^document "(.*)" received (\d{4}-\d{2}-\d{2}), (accepted|rejected)(?: \((.*)\))?$/,
    (type, on, outcome, ref) =>
      `Dokument «${type}» mottatt ${d(on)}, ${outcome === 'accepted' ? 'godkjent' : 'avvist'}${ref ? ` (${ref})` : ''}`,
  ],
  [/^document covered by (.*)$/, (by) => `Dekket av tidligere levert dokument: ${by}`],
  [
    /^attendance list from (.*), signed by (.*) on (\d{4}-\d{2}-\d{2}), (\d+) days$/,
    (p, by, on, n) => `Frammøteliste fra ${p}, signert av ${by} ${d(on)}, ${n} dager`,
  ],
  [/^(\d+) job application\(s\)$/, (n) => `${n} ${n === '1' ? 'jobbsøknad' : 'jobbsøknader'}`],
  [/^activity held (\d{4}-\d{2}-\d{2})$/, (on) => `Aktivitet gjennomført ${d(on)}`],
  [/^evidence withdrawn$/, () => 'Dokumentasjonen teller ikke lenger'],
  [/^lifted by the decision unit$/, () => 'Opphevet av vedtaksavdelingen'],
  [/^annulled: the decision was revoked$/, () => 'Bortfalt fordi vedtaket er opphevet'],
  [/^deadline moved from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/, (from, to) => `Fristen flyttet fra ${d(from)} til ${d(to)}`],
];

/** Condition status changes carry the rules' English summary: the condition's card says it in Norwegian. */
const SUMMARY_ACTIONS = new Set(['CONDITION_FULFILLED', 'CONDITION_REOPENED', 'CONDITION_BREACHED']);

export function journalWhat(action: string, what: string | null | undefined): string | null {
  if (!what) return null;
  if (SUMMARY_ACTIONS.has(action)) return null;
  for (const [re, say] of RULES) {
    const m = re.exec(what);
    if (m) return say(...m.slice(1));
  }
  return what;
}
