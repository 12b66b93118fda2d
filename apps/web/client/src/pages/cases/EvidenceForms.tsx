import { ClipboardEvent, MutableRefObject, useRef, useState } from 'react';
import { BodyShort, Button, HGrid, HStack, Radio, RadioGroup, Select, Table, TextField, Textarea, VStack } from '@navikt/ds-react';
import { PlusIcon, TrashIcon } from '@navikt/aksel-icons';
import { post } from '../../api';
import { useSubmissionKey } from '../../idempotency';
import { FormErrors, useFormErrors } from '../../components/forms';
import { WhatIfPanel } from '../../components/WhatIfPanel';
import { formatDate, formatDayLong, osloToday, parseDate } from '../../format';
import { ABSENCE_REASONS, ATTENDANCE_LABELS, CHANNELS, holidayLabel } from '../../texts';
import { ApplicationRow, parseApplicationRows } from '../../tsv';
import type { ConditionView } from '../../types';
import type { WhatIfAnswer } from '../../what-if-text';
import { isPublicHoliday, publicHolidaysOn } from '@vf/rules';
import { DayStatus, changedEntries, courseWeeks, nextStatus } from './attendance-grid';

interface FormProps {
  condition: ConditionView;
  onDone: (message: string) => void;
  onCancel: () => void;
}

const today = () => formatDate(osloToday());

type Mode = 'register' | 'preview';

/**
 * Sends evidence for a condition; on a refusal, each reason goes to its field. "Se hva som skjer"
 * sends the same request with `?dryRun=true` and shows the answer; nothing is registered until the
 * veileder presses the form's own button.
 */
function useSend(condition: ConditionView, onDone: (m: string) => void, fields: string[] = []) {
  const form = useFormErrors(condition.ref);
  const [sending, setSending] = useState(false);
  const [whatIf, setWhatIf] = useState<WhatIfAnswer | null>(null);
  const mode = useRef<Mode>('register');
  const submission = useSubmissionKey();
  const send = async (type: string, body: unknown, message: string) => {
    const preview = mode.current === 'preview';
    mode.current = 'register';
    setSending(true);
    try {
      // A preview changes nothing and carries no key; the registration keeps its key until it has gone through.
      const answer = await post<WhatIfAnswer>(
        'follow-up',
        `/conditions/${condition.conditionId}/${type}${preview ? '?dryRun=true' : ''}`,
        body,
        preview ? undefined : submission.key(),
      );
      if (!preview) submission.done();
      form.clear();
      if (preview) setWhatIf(answer);
      else onDone(message);
    } catch (err) {
      setWhatIf(null);
      form.fromApi(err, (field) => fields.includes(field) || /^(applications|entries)\[/.test(field));
    } finally {
      setSending(false);
    }
  };
  return { form, sending, send, whatIf, mode };
}

function Actions({
  sending,
  onCancel,
  label,
  whatIf,
  mode,
}: {
  sending: boolean;
  onCancel: () => void;
  label: string;
  whatIf: WhatIfAnswer | null;
  mode: MutableRefObject<Mode>;
}) {
  return (
    <VStack gap="space-8">
      {whatIf && <WhatIfPanel answer={whatIf} heading={`Hvis du trykker «${label}»`} />}
      <HStack gap="space-8">
        <Button type="submit" size="small" loading={sending} onClick={() => (mode.current = 'register')}>
          {label}
        </Button>
        <Button type="submit" size="small" variant="secondary" disabled={sending} onClick={() => (mode.current = 'preview')}>
          Se hva som skjer
        </Button>
        <Button type="button" size="small" variant="tertiary" onClick={onCancel}>
          Avbryt
        </Button>
      </HStack>
    </VStack>
  );
}

/** A document received: accepted, or rejected with the reason the recipient will read. */
export function DocumentForm({ condition, onDone, onCancel }: FormProps) {
  const [covered, setCovered] = useState(false);
  const [documentType, setDocumentType] = useState(String(condition.requirement.documentType ?? ''));
  const [receivedOn, setReceivedOn] = useState(today());
  const [reference, setReference] = useState('');
  const [outcome, setOutcome] = useState<'ACCEPTED' | 'REJECTED'>('ACCEPTED');
  const [rejectionReason, setRejectionReason] = useState('');
  const [coveredBy, setCoveredBy] = useState('');
  const [note, setNote] = useState('');
  const { form, sending, send, whatIf, mode } = useSend(condition, onDone, [
    'documentType',
    'receivedOn',
    'reference',
    'outcome',
    'rejectionReason',
    'coveredBy',
    'note',
  ]);
  const e = form.errors;

  if (covered) {
    return (
      <VStack
        as="form"
        gap="space-12"
        onSubmit={(ev) => {
          ev.preventDefault();
          void send('evidence/covered-documents', { coveredBy, note }, 'Registrert: dekket av tidligere levert dokument.');
        }}
        aria-label={`Dokumentet er levert tidligere, ${condition.ref}`}
      >
        <FormErrors form={form} headingTag="h4" />
        <TextField
          id={form.id('coveredBy')}
          label="Levert tidligere, eller dekket av"
          description="F.eks. journalpost eller dokumentets navn"
          value={coveredBy}
          onChange={(ev) => setCoveredBy(ev.target.value)}
          error={e.coveredBy}
        />
        <Textarea id={form.id('note')} label="Notat" value={note} onChange={(ev) => setNote(ev.target.value)} error={e.note} minRows={2} />
        <Actions sending={sending} whatIf={whatIf} mode={mode} onCancel={() => setCovered(false)} label="Registrer" />
      </VStack>
    );
  }
  return (
    <VStack
      as="form"
      gap="space-12"
      aria-label={`Registrer mottatt dokument, ${condition.ref}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        const day = parseDate(receivedOn);
        if (!day) return form.set({ receivedOn: 'Skriv en gyldig dato (dd.mm.åååå).' });
        if (outcome === 'REJECTED' && rejectionReason.trim().length === 0)
          return form.set({ rejectionReason: 'Skriv hvorfor dokumentet avvises. Mottakeren får se begrunnelsen.' });
        void send(
          'evidence/documents',
          {
            documentType,
            receivedOn: day,
            ...(reference ? { reference } : {}),
            outcome,
            ...(outcome === 'REJECTED' ? { rejectionReason } : {}),
          },
          outcome === 'ACCEPTED' ? 'Dokumentet er registrert som godkjent.' : 'Dokumentet er registrert som avvist.',
        );
      }}
    >
      <FormErrors form={form} headingTag="h4" />
      <HGrid columns={{ xs: 1, md: 2 }} gap="space-12">
        <TextField
          id={form.id('documentType')}
          label="Dokument"
          value={documentType}
          onChange={(ev) => setDocumentType(ev.target.value)}
          error={e.documentType}
        />
        <TextField
          id={form.id('receivedOn')}
          label="Mottatt"
          description="dd.mm.åååå"
          value={receivedOn}
          onChange={(ev) => setReceivedOn(ev.target.value)}
          error={e.receivedOn}
        />
      </HGrid>
      <TextField
        id={form.id('reference')}
        label="Referanse (valgfritt)"
        description="F.eks. journalpostnummer"
        value={reference}
        onChange={(ev) => setReference(ev.target.value)}
        error={e.reference}
      />
      <RadioGroup
        legend="Vurdering"
        value={outcome}
        onChange={(v: 'ACCEPTED' | 'REJECTED') => setOutcome(v)}
        size="small"
        error={e.outcome}
      >
        <Radio value="ACCEPTED">Godkjent</Radio>
        <Radio value="REJECTED">Avvist</Radio>
      </RadioGroup>
      {outcome === 'REJECTED' && (
        <Textarea
          id={form.id('rejectionReason')}
          label="Hvorfor avvises dokumentet?"
          description="Mottakeren får se dette."
          value={rejectionReason}
          onChange={(ev) => setRejectionReason(ev.target.value)}
          error={e.rejectionReason}
          minRows={2}
        />
      )}
      <Actions sending={sending} whatIf={whatIf} mode={mode} onCancel={onCancel} label="Registrer dokument" />
      <div>
        <Button type="button" size="xsmall" variant="tertiary" onClick={() => setCovered(true)}>
          Dokumentet er levert tidligere eller dekket av et annet
        </Button>
      </div>
    </VStack>
  );
}

/** A provider's attendance list as a grid of the course days: one click per day. */
export function AttendanceForm({ condition, onDone, onCancel }: FormProps) {
  const req = { periodFrom: String(condition.requirement.periodFrom), periodTo: String(condition.requirement.periodTo) };
  const weeks = courseWeeks(req.periodFrom, req.periodTo);
  const registered: Record<string, string> = Object.fromEntries(
    condition.progress.kind === 'ATTENDANCE' ? condition.progress.days.map((d) => [d.date, d.status]) : [],
  );
  const [grid, setGrid] = useState<Record<string, DayStatus>>(() =>
    Object.fromEntries(
      weeks
        .flatMap((w) => w.days.filter((d): d is string => d !== null))
        // A public holiday is no course day: left out of the list unless a list already has it.
        .filter((d) => !isPublicHoliday(d) || registered[d])
        .map((d) => [d, (registered[d] ?? '') as DayStatus]),
    ),
  );
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [provider, setProvider] = useState('');
  const [signedBy, setSignedBy] = useState('');
  const [signedOn, setSignedOn] = useState(today());
  const { form, sending, send, whatIf, mode } = useSend(condition, onDone, ['provider', 'signedBy', 'signedOn', 'entries']);
  const e = form.errors;
  const approvedDays = Object.entries(grid)
    .filter(([, s]) => s === 'APPROVED_ABSENCE')
    .map(([d]) => d)
    .sort();
  const counts = Object.values(grid).reduce<Record<string, number>>(
    (acc, s) => ({ ...acc, [s || 'BLANK']: (acc[s || 'BLANK'] ?? 0) + 1 }),
    {},
  );

  const submit = () => {
    const local: Record<string, string> = {};
    if (!provider.trim()) local.provider = 'Skriv hvem som holder kurset.';
    if (!signedBy.trim()) local.signedBy = 'Skriv hvem som har signert listen.';
    if (!parseDate(signedOn)) local.signedOn = 'Skriv en gyldig dato (dd.mm.åååå).';
    for (const d of approvedDays) if (!reasons[d]) local[`reason-${d}`] = `Velg grunnen til godkjent fravær ${formatDate(d)}.`;
    const entries = changedEntries(grid, reasons, registered);
    if (entries.length === 0) local.entries = 'Ingen dager er endret. Klikk på dagene for å registrere oppmøte.';
    if (Object.keys(local).length) return form.set(local);
    void send(
      'evidence/attendance-lists',
      { provider, signedBy, signedOn: parseDate(signedOn), entries },
      `Frammøtelisten er registrert (${entries.length} dager).`,
    );
  };

  return (
    <VStack
      as="form"
      gap="space-12"
      aria-label={`Registrer frammøteliste, ${condition.ref}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        submit();
      }}
    >
      <FormErrors form={form} heading="Rett opp dette før du registrerer listen:" headingTag="h4" />
      <HGrid columns={{ xs: 1, md: 3 }} gap="space-12">
        <TextField
          id={form.id('provider')}
          label="Kursholder"
          value={provider}
          onChange={(ev) => setProvider(ev.target.value)}
          error={e.provider}
        />
        <TextField
          id={form.id('signedBy')}
          label="Signert av"
          value={signedBy}
          onChange={(ev) => setSignedBy(ev.target.value)}
          error={e.signedBy}
        />
        <TextField
          id={form.id('signedOn')}
          label="Dato for signering"
          description="dd.mm.åååå"
          value={signedOn}
          onChange={(ev) => setSignedOn(ev.target.value)}
          error={e.signedOn}
        />
      </HGrid>
      <HStack gap="space-8" align="center">
        <Button
          type="button"
          size="small"
          variant="secondary"
          onClick={() => setGrid((g) => Object.fromEntries(Object.entries(g).map(([d, s]) => [d, s || 'PRESENT'])))}
        >
          Merk tomme dager som til stede
        </Button>
        <BodyShort size="small" aria-live="polite">
          {counts.PRESENT ?? 0} til stede · {counts.UNAPPROVED_ABSENCE ?? 0} ugyldig fravær · {counts.APPROVED_ABSENCE ?? 0} godkjent fravær
          · {counts.BLANK ?? 0} ikke fylt ut
        </BodyShort>
      </HStack>
      <BodyShort size="small" id={`grid-help-${condition.conditionId}`}>
        Trykk på en dag for å bytte: ikke fylt ut → til stede → ugyldig fravær → godkjent fravær. Velg grunnen til godkjent fravær under
        dagen.
      </BodyShort>
      <div
        id={form.id('entries')}
        role="group"
        aria-label={`Kursdager ${formatDate(req.periodFrom)}–${formatDate(req.periodTo)}`}
        aria-describedby={`grid-help-${condition.conditionId}`}
      >
        <div className="vf-grid" aria-hidden="true">
          {['Mandag', 'Tirsdag', 'Onsdag', 'Torsdag', 'Fredag'].map((d) => (
            <div key={d} className="vf-grid-head">
              {d}
            </div>
          ))}
        </div>
        {weeks.map((w) => (
          <div key={w.week} className="vf-grid" style={{ marginTop: '0.5rem' }}>
            {w.days.map((day, i) =>
              day === null ? (
                <div key={i} />
              ) : !(day in grid) ? (
                <div key={day} className="vf-day vf-day--HOLIDAY" data-holiday={day}>
                  <span className="vf-day-date">
                    <span className="aksel-sr-only">{formatDayLong(day)}:</span>
                    <span aria-hidden="true">{formatDate(day).slice(0, 5)}</span>
                  </span>{' '}
                  <span>{holidayLabel(publicHolidaysOn(day))}, ikke kursdag</span>
                </div>
              ) : (
                <div key={day}>
                  <button
                    type="button"
                    className={`vf-day vf-day--${grid[day] || 'BLANK'}`}
                    data-day={day}
                    onClick={() => setGrid((g) => ({ ...g, [day]: nextStatus(g[day]) }))}
                  >
                    {/* The visible text is the accessible name: "mandag 02.11.2026: Til stede". */}
                    <span className="vf-day-date">
                      <span className="aksel-sr-only">{formatDayLong(day)}:</span>
                      <span aria-hidden="true">{formatDate(day).slice(0, 5)}</span>
                    </span>{' '}
                    <span>{grid[day] ? ATTENDANCE_LABELS[grid[day]] : 'ikke fylt ut'}</span>
                    {registered[day] && registered[day] !== grid[day] && (
                      <span className="aksel-sr-only"> (registrert: {ATTENDANCE_LABELS[registered[day]].toLowerCase()})</span>
                    )}
                  </button>
                  {grid[day] === 'APPROVED_ABSENCE' && (
                    <Select
                      id={form.id(`reason-${day}`)}
                      size="small"
                      label={`Grunn til godkjent fravær ${formatDayLong(day)}`}
                      hideLabel
                      value={reasons[day] ?? ''}
                      onChange={(ev) => {
                        form.clearField(`reason-${day}`);
                        setReasons((r) => ({ ...r, [day]: ev.target.value }));
                      }}
                      error={e[`reason-${day}`]}
                    >
                      <option value="">Velg grunn</option>
                      {ABSENCE_REASONS.map((r) => (
                        <option key={r.value} value={r.value}>
                          {r.label}
                        </option>
                      ))}
                    </Select>
                  )}
                </div>
              ),
            )}
          </div>
        ))}
        {e.entries && (
          <BodyShort size="small" className="aksel-error-message aksel-label" style={{ marginTop: '0.5rem' }}>
            {e.entries}
          </BodyShort>
        )}
      </div>
      <Actions sending={sending} whatIf={whatIf} mode={mode} onCancel={onCancel} label="Registrer frammøtelisten" />
    </VStack>
  );
}

const emptyRow = (): ApplicationRow => ({ employer: '', position: '', sentOn: '', channel: 'EMAIL' });

/** Job applications as rows; rows copied from a spreadsheet can be pasted in. */
export function JobApplicationsForm({ condition, onDone, onCancel }: FormProps) {
  const [rows, setRows] = useState<ApplicationRow[]>([emptyRow()]);
  const [pasted, setPasted] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const { form, sending, send, whatIf, mode } = useSend(condition, onDone, ['applications']);
  const e = form.errors;
  const setRow = (i: number, patch: Partial<ApplicationRow>) => {
    Object.keys(patch).forEach((k) => form.clearField(`applications[${i}].${k}`));
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const addPasted = (text: string) => {
    const parsed = parseApplicationRows(text);
    if (parsed.length === 0) return;
    form.clear(); // rows move: old errors would land on the wrong row
    setRows((rs) => [...rs.filter((r) => r.employer || r.position || r.sentOn), ...parsed]);
    setPasted('');
    setAdded(`${parsed.length} ${parsed.length === 1 ? 'rad er lagt til' : 'rader er lagt til'} i tabellen.`);
  };

  const submit = () => {
    const used = rows.filter((r) => r.employer || r.position || r.sentOn);
    const local: Record<string, string> = {};
    if (used.length === 0) local.applications = 'Legg inn minst én søknad.';
    used.forEach((r, i) => {
      if (!r.employer.trim()) local[`applications[${i}].employer`] = 'Skriv arbeidsgiveren.';
      if (!r.position.trim()) local[`applications[${i}].position`] = 'Skriv stillingen.';
      if (!parseDate(r.sentOn)) local[`applications[${i}].sentOn`] = 'Skriv en gyldig dato (dd.mm.åååå).';
    });
    // The rows sent are the rows shown, so the service's row numbers point at the right rows.
    setRows(used.length ? used : [emptyRow()]);
    if (Object.keys(local).length) return form.set(local);
    void send(
      'evidence/job-applications',
      {
        applications: used.map((r) => ({
          employer: r.employer.trim(),
          position: r.position.trim(),
          sentOn: parseDate(r.sentOn),
          channel: r.channel,
        })),
      },
      `${used.length} ${used.length === 1 ? 'jobbsøknad er registrert' : 'jobbsøknader er registrert'}.`,
    );
  };

  return (
    <VStack
      as="form"
      gap="space-12"
      aria-label={`Registrer jobbsøknader, ${condition.ref}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        submit();
      }}
    >
      <FormErrors form={form} heading="Rett opp dette før du registrerer søknadene:" headingTag="h4" />
      <Textarea
        id={form.id('paste')}
        label="Lim inn fra regneark"
        description="Kopier radene (arbeidsgiver, stilling, dato, kanal) fra regnearket og lim dem inn her. De legges til i tabellen under."
        value={pasted}
        minRows={2}
        onChange={(ev) => setPasted(ev.target.value)}
        onPaste={(ev: ClipboardEvent<HTMLTextAreaElement>) => {
          const text = ev.clipboardData.getData('text/plain');
          if (text.includes('\t')) {
            ev.preventDefault();
            addPasted(text);
          }
        }}
      />
      <BodyShort size="small" aria-live="polite">
        {added}
      </BodyShort>
      {pasted.includes('\t') && (
        <div>
          <Button type="button" size="small" variant="secondary" onClick={() => addPasted(pasted)}>
            Legg radene til i tabellen
          </Button>
        </div>
      )}
      <Table size="small" id={form.id('applications')}>
        <caption className="aksel-sr-only">Søknader</caption>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell scope="col">Arbeidsgiver</Table.HeaderCell>
            <Table.HeaderCell scope="col">Stilling</Table.HeaderCell>
            <Table.HeaderCell scope="col">Sendt</Table.HeaderCell>
            <Table.HeaderCell scope="col">Kanal</Table.HeaderCell>
            <Table.HeaderCell scope="col">
              <span className="aksel-sr-only">Fjern</span>
            </Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((r, i) => (
            <Table.Row key={i} style={{ verticalAlign: 'top' }}>
              <Table.DataCell>
                <TextField
                  id={form.id(`applications[${i}].employer`)}
                  size="small"
                  label={`Arbeidsgiver, rad ${i + 1}`}
                  hideLabel
                  value={r.employer}
                  onChange={(ev) => setRow(i, { employer: ev.target.value })}
                  error={e[`applications[${i}].employer`]}
                />
              </Table.DataCell>
              <Table.DataCell>
                <TextField
                  id={form.id(`applications[${i}].position`)}
                  size="small"
                  label={`Stilling, rad ${i + 1}`}
                  hideLabel
                  value={r.position}
                  onChange={(ev) => setRow(i, { position: ev.target.value })}
                  error={e[`applications[${i}].position`]}
                />
              </Table.DataCell>
              <Table.DataCell>
                <TextField
                  id={form.id(`applications[${i}].sentOn`)}
                  size="small"
                  label={`Dato sendt, rad ${i + 1}`}
                  hideLabel
                  placeholder="dd.mm.åååå"
                  value={r.sentOn}
                  onChange={(ev) => setRow(i, { sentOn: ev.target.value })}
                  error={e[`applications[${i}].sentOn`]}
                />
              </Table.DataCell>
              <Table.DataCell>
                <Select
                  id={form.id(`applications[${i}].channel`)}
                  size="small"
                  label={`Kanal, rad ${i + 1}`}
                  hideLabel
                  value={r.channel}
                  onChange={(ev) => setRow(i, { channel: ev.target.value })}
                  error={e[`applications[${i}].channel`]}
                >
                  {CHANNELS.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </Select>
              </Table.DataCell>
              <Table.DataCell>
                <Button
                  type="button"
                  size="xsmall"
                  variant="tertiary"
                  icon={<TrashIcon title={`Fjern rad ${i + 1}`} />}
                  onClick={() => {
                    form.clear();
                    setRows((rs) => (rs.length > 1 ? rs.filter((_, j) => j !== i) : [emptyRow()]));
                  }}
                />
              </Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <div>
        <Button
          type="button"
          size="small"
          variant="tertiary"
          icon={<PlusIcon aria-hidden />}
          onClick={() => setRows((rs) => [...rs, emptyRow()])}
        >
          Legg til rad
        </Button>
      </div>
      <Actions sending={sending} whatIf={whatIf} mode={mode} onCancel={onCancel} label="Registrer søknadene" />
    </VStack>
  );
}

/** An activity held (a meeting, a visit): when, and a note. */
export function ActivityForm({ condition, onDone, onCancel }: FormProps) {
  const [heldOn, setHeldOn] = useState(today());
  const [note, setNote] = useState('');
  const { form, sending, send, whatIf, mode } = useSend(condition, onDone, ['heldOn', 'note']);
  return (
    <VStack
      as="form"
      gap="space-12"
      aria-label={`Registrer gjennomført aktivitet, ${condition.ref}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!parseDate(heldOn)) return form.set({ heldOn: 'Skriv en gyldig dato (dd.mm.åååå).' });
        if (!note.trim()) return form.set({ note: 'Skriv et kort notat.' });
        void send('evidence/activities', { heldOn: parseDate(heldOn), note }, 'Aktiviteten er registrert.');
      }}
    >
      <FormErrors form={form} headingTag="h4" />
      <TextField
        id={form.id('heldOn')}
        label="Gjennomført dato"
        description="dd.mm.åååå"
        value={heldOn}
        onChange={(ev) => setHeldOn(ev.target.value)}
        error={form.errors.heldOn}
      />
      <Textarea
        id={form.id('note')}
        label="Notat"
        value={note}
        onChange={(ev) => setNote(ev.target.value)}
        error={form.errors.note}
        minRows={2}
      />
      <Actions sending={sending} whatIf={whatIf} mode={mode} onCancel={onCancel} label="Registrer aktiviteten" />
    </VStack>
  );
}

/** The veileder's written judgement that the condition is met: journaled with ident and time. */
export function JudgementForm({ condition, onDone, onCancel }: FormProps) {
  const [justification, setJustification] = useState('');
  const { form, sending, send, whatIf, mode } = useSend(condition, onDone, ['justification']);
  return (
    <VStack
      as="form"
      gap="space-12"
      aria-label={`Vurder vilkår ${condition.ref} som oppfylt`}
      onSubmit={(ev) => {
        ev.preventDefault();
        if (justification.trim().length < 10) return form.set({ justification: 'Skriv begrunnelsen, minst 10 tegn.' });
        void send('fulfilment-judgements', { justification }, 'Vilkåret er vurdert som oppfylt.');
      }}
    >
      <FormErrors form={form} headingTag="h4" />
      <Textarea
        id={form.id('justification')}
        label="Begrunnelse for at vilkåret er oppfylt"
        description="Minst 10 tegn. Lagres i journalen med Nav-identen din, og gjelder selv om dokumentasjon senere trekkes tilbake."
        value={justification}
        onChange={(ev) => setJustification(ev.target.value)}
        error={form.errors.justification}
        minRows={3}
      />
      <Actions sending={sending} whatIf={whatIf} mode={mode} onCancel={onCancel} label="Vurder som oppfylt" />
    </VStack>
  );
}
