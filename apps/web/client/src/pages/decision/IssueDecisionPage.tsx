import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  BodyShort,
  Box,
  Button,
  Checkbox,
  CheckboxGroup,
  Fieldset,
  FormSummary,
  Heading,
  HGrid,
  HStack,
  List,
  Radio,
  RadioGroup,
  Select,
  Table,
  TextField,
  Textarea,
  VStack,
} from '@navikt/ds-react';
import { PlusIcon, TrashIcon } from '@navikt/aksel-icons';
import { isValidNationalId } from '@vf/rules';
import { post } from '../../api';
import { FormErrorSummary, fieldId, useFormErrors } from '../../components/forms';
import { formatDate, formatOre, parseDate, parseKroner } from '../../format';
import { useSession } from '../../session';
import { CONDITION_KIND_LABELS, PURPOSES, purposeLabel } from '../../texts';
import {
  ConditionDraft,
  ConditionKind,
  DecisionDraft,
  PaymentDraft,
  emptyCondition,
  emptyDecision,
  emptyPayment,
  nextRef,
  paymentSummaries,
  toIssueRequest,
} from './decision-draft';

const DATE_HINT = 'dd.mm.åååå';

/** The decision unit issues a decision: its payments, then the conditions that hold them back. */
export function IssueDecisionPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<DecisionDraft>(() => emptyDecision(user?.offices[0] ?? ''));
  const [step, setStep] = useState<'form' | 'summary'>('form');
  const [sending, setSending] = useState(false);
  const form = useFormErrors();
  const e = form.errors;

  const set = (patch: Partial<DecisionDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setPayment = (i: number, patch: Partial<PaymentDraft>) => setDraft((d) => ({ ...d, payments: d.payments.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const setCondition = (i: number, patch: Partial<ConditionDraft>) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));

  const review = () => {
    const checked = toIssueRequest(draft);
    if (!checked.ok) {
      form.set(checked.errors, 'Noe i skjemaet må rettes.');
      return;
    }
    form.clear();
    setStep('summary');
    window.scrollTo(0, 0);
  };

  const send = async () => {
    const checked = toIssueRequest(draft);
    if (!checked.ok) return;
    setSending(true);
    try {
      const decision = await post<{ decisionId: string }>('decision', '/decisions', checked.request);
      navigate(`/vedtak/${decision.decisionId}`, { state: { issued: true } });
    } catch (err) {
      form.fromApi(err);
      setStep('form');
    } finally {
      setSending(false);
    }
  };

  const nationalIdLive = draft.recipientNationalId.replace(/\s/g, '');
  const nationalIdHint = nationalIdLive.length === 11 && !isValidNationalId(nationalIdLive) ? 'Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret.' : undefined;

  if (step === 'summary') {
    return (
      <VStack gap="space-24">
        <Heading level="1" size="large">
          Se over vedtaket før du fatter det
        </Heading>
        <FormSummary>
          <FormSummary.Header>
            <FormSummary.Heading level="2">Vedtak for sak {draft.caseId}</FormSummary.Heading>
          </FormSummary.Header>
          <FormSummary.Answers>
            <FormSummary.Answer>
              <FormSummary.Label>NAV-kontor</FormSummary.Label>
              <FormSummary.Value>{draft.office}</FormSummary.Value>
            </FormSummary.Answer>
            <FormSummary.Answer>
              <FormSummary.Label>Periode</FormSummary.Label>
              <FormSummary.Value>
                {formatDate(parseDate(draft.periodFrom))}–{formatDate(parseDate(draft.periodTo))}
              </FormSummary.Value>
            </FormSummary.Answer>
            <FormSummary.Answer>
              <FormSummary.Label>Varslet at brudd kan gi reduksjon (§ 20)</FormSummary.Label>
              <FormSummary.Value>{draft.reductionOnBreachAnnounced === 'yes' ? 'Ja' : 'Nei'}</FormSummary.Value>
            </FormSummary.Answer>
          </FormSummary.Answers>
        </FormSummary>
        <Box padding="space-16" borderRadius="8" borderWidth="1" borderColor="neutral-subtle">
          <Heading level="2" size="small" spacing>
            Utbetalingene
          </Heading>
          <List>
            {paymentSummaries(draft).map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </Box>
        {draft.conditions.length > 0 && (
          <Box padding="space-16" borderRadius="8" borderWidth="1" borderColor="neutral-subtle">
            <Heading level="2" size="small" spacing>
              Vilkårene, slik mottakeren leser dem
            </Heading>
            <List>
              {draft.conditions.map((c) => (
                <List.Item key={c.ref}>
                  {c.text} <BodyShort size="small" as="span">(frist {formatDate(parseDate(c.deadline))})</BodyShort>
                </List.Item>
              ))}
            </List>
          </Box>
        )}
        <HStack gap="space-16">
          <Button variant="secondary" onClick={() => setStep('form')}>
            Tilbake og endre
          </Button>
          <Button onClick={send} loading={sending}>
            Fatt vedtaket
          </Button>
        </HStack>
      </VStack>
    );
  }

  return (
    <VStack gap="space-32" as="form" onSubmit={(ev) => { ev.preventDefault(); review(); }} noValidate>
      <Heading level="1" size="large">
        Nytt vedtak
      </Heading>
      {form.message && Object.keys(e).length === 0 && <Alert variant="error">{form.message}</Alert>}
      <FormErrorSummary errors={e} />

      <Fieldset legend="Saken og mottakeren">
        <HGrid columns={{ xs: 1, md: 3 }} gap="space-16">
          <TextField id={fieldId('caseId')} label="Saksnummer" value={draft.caseId} onChange={(ev) => set({ caseId: ev.target.value })} error={e.caseId} autoComplete="off" />
          <TextField id={fieldId('office')} label="NAV-kontor (enhetsnummer)" value={draft.office} onChange={(ev) => set({ office: ev.target.value })} error={e.office} inputMode="numeric" />
          <TextField
            id={fieldId('recipientNationalId')}
            label="Mottakerens fødselsnummer"
            description="11 sifre"
            value={draft.recipientNationalId}
            onChange={(ev) => set({ recipientNationalId: ev.target.value })}
            error={e.recipientNationalId ?? nationalIdHint}
            inputMode="numeric"
            autoComplete="off"
          />
          <TextField id={fieldId('periodFrom')} label="Perioden fra" description={DATE_HINT} value={draft.periodFrom} onChange={(ev) => set({ periodFrom: ev.target.value })} error={e.periodFrom} />
          <TextField id={fieldId('periodTo')} label="Perioden til" description={DATE_HINT} value={draft.periodTo} onChange={(ev) => set({ periodTo: ev.target.value })} error={e.periodTo} />
          <TextField
            id={fieldId('veilederIdent')}
            label="Oppfølgingsveileder (valgfritt)"
            description="NAV-ident"
            value={draft.veilederIdent}
            onChange={(ev) => set({ veilederIdent: ev.target.value.toUpperCase() })}
            error={e.veilederIdent}
          />
        </HGrid>
        <RadioGroup
          id={fieldId('reductionOnBreachAnnounced')}
          legend="Står det i vedtaket at brudd på vilkår kan føre til reduksjon (§ 20 tredje ledd)?"
          value={draft.reductionOnBreachAnnounced}
          onChange={(v: 'yes' | 'no') => set({ reductionOnBreachAnnounced: v })}
          error={e.reductionOnBreachAnnounced}
        >
          <Radio value="yes">Ja</Radio>
          <Radio value="no">Nei</Radio>
        </RadioGroup>
      </Fieldset>

      <Fieldset legend="Utbetalinger" id={fieldId('payments')} error={e.payments}>
        <Table size="small">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">Ref.</Table.HeaderCell>
              <Table.HeaderCell scope="col">Formål</Table.HeaderCell>
              <Table.HeaderCell scope="col">Beløp (kr)</Table.HeaderCell>
              <Table.HeaderCell scope="col">Forfall</Table.HeaderCell>
              <Table.HeaderCell scope="col">Mottaker</Table.HeaderCell>
              <Table.HeaderCell scope="col">
                <span className="aksel-sr-only">Fjern</span>
              </Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {draft.payments.map((p, i) => {
              const at = `payments[${i}]`;
              return (
                <Table.Row key={p.ref} style={{ verticalAlign: 'top' }}>
                  <Table.DataCell>{p.ref}</Table.DataCell>
                  <Table.DataCell>
                    <Select id={fieldId(`${at}.purpose`)} label={`Formål for ${p.ref}`} hideLabel size="small" value={p.purpose} onChange={(ev) => setPayment(i, { purpose: ev.target.value })} error={e[`${at}.purpose`]}>
                      {PURPOSES.map((x) => (
                        <option key={x.value} value={x.value}>
                          {x.label}
                        </option>
                      ))}
                    </Select>
                  </Table.DataCell>
                  <Table.DataCell>
                    <TextField id={fieldId(`${at}.amountOre`)} label={`Beløp i kroner for ${p.ref}`} hideLabel size="small" value={p.amount} onChange={(ev) => setPayment(i, { amount: ev.target.value })} error={e[`${at}.amountOre`]} inputMode="decimal" />
                    {parseKroner(p.amount) !== null && <BodyShort size="small">{formatOre(parseKroner(p.amount)!)}</BodyShort>}
                  </Table.DataCell>
                  <Table.DataCell>
                    <VStack gap="space-8">
                      <TextField id={fieldId(`${at}.dueDate`)} label={`Forfallsdato for ${p.ref}`} hideLabel size="small" placeholder={DATE_HINT} value={p.dueDate} onChange={(ev) => setPayment(i, { dueDate: ev.target.value })} error={e[`${at}.dueDate`]} />
                      <TextField id={fieldId(`${at}.notBefore`)} label={`Tidligst utbetalt (valgfritt) for ${p.ref}`} size="small" placeholder={DATE_HINT} value={p.notBefore} onChange={(ev) => setPayment(i, { notBefore: ev.target.value })} error={e[`${at}.notBefore`]} />
                    </VStack>
                  </Table.DataCell>
                  <Table.DataCell>
                    <VStack gap="space-8">
                      <Select id={fieldId(`${at}.payee.type`)} label={`Mottaker for ${p.ref}`} hideLabel size="small" value={p.payeeType} onChange={(ev) => setPayment(i, { payeeType: ev.target.value as PaymentDraft['payeeType'] })}>
                        <option value="RECIPIENT">Søkeren selv</option>
                        <option value="THIRD_PARTY">Annen mottaker (f.eks. utleier)</option>
                      </Select>
                      {p.payeeType === 'THIRD_PARTY' && (
                        <>
                          <TextField id={fieldId(`${at}.payee.name`)} label={`Navn på mottaker for ${p.ref}`} size="small" value={p.payeeName} onChange={(ev) => setPayment(i, { payeeName: ev.target.value })} error={e[`${at}.payee.name`]} />
                          <TextField id={fieldId(`${at}.payee.accountNumber`)} label={`Kontonummer for ${p.ref}`} size="small" value={p.accountNumber} onChange={(ev) => setPayment(i, { accountNumber: ev.target.value })} error={e[`${at}.payee.accountNumber`]} inputMode="numeric" />
                        </>
                      )}
                    </VStack>
                  </Table.DataCell>
                  <Table.DataCell>
                    <Button
                      type="button"
                      size="small"
                      variant="tertiary"
                      icon={<TrashIcon title={`Fjern utbetaling ${p.ref}`} />}
                      onClick={() => setDraft((d) => ({ ...d, payments: d.payments.filter((_, j) => j !== i), conditions: d.conditions.map((c) => ({ ...c, gates: c.gates.filter((g) => g !== p.ref) })) }))}
                    />
                  </Table.DataCell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
        <Button type="button" variant="secondary" size="small" icon={<PlusIcon aria-hidden />} onClick={() => setDraft((d) => ({ ...d, payments: [...d.payments, emptyPayment(Number(nextRef('P', d.payments.map((p) => p.ref)).slice(1)))] }))}>
          Legg til utbetaling
        </Button>
      </Fieldset>

      <VStack gap="space-16">
        <Heading level="2" size="medium">
          Vilkår
        </Heading>
        {draft.conditions.length === 0 && <BodyShort>Vedtaket har ingen vilkår ennå. Utbetalinger uten vilkår sendes til utbetaling med en gang.</BodyShort>}
        {draft.conditions.map((c, i) => (
          <ConditionFields key={c.ref} index={i} condition={c} payments={draft.payments} errors={e} onChange={(patch) => setCondition(i, patch)} onRemove={() => setDraft((d) => ({ ...d, conditions: d.conditions.filter((_, j) => j !== i) }))} />
        ))}
        <div>
          <Button type="button" variant="secondary" size="small" icon={<PlusIcon aria-hidden />} onClick={() => setDraft((d) => ({ ...d, conditions: [...d.conditions, emptyCondition(Number(nextRef('C', d.conditions.map((c) => c.ref)).slice(1)))] }))}>
            Legg til vilkår
          </Button>
        </div>
      </VStack>

      <div>
        <Button type="submit">Se over vedtaket</Button>
      </div>
    </VStack>
  );
}

function ConditionFields({
  index,
  condition: c,
  payments,
  errors: e,
  onChange,
  onRemove,
}: {
  index: number;
  condition: ConditionDraft;
  payments: PaymentDraft[];
  errors: Record<string, string>;
  onChange: (patch: Partial<ConditionDraft>) => void;
  onRemove: () => void;
}) {
  const at = `conditions[${index}]`;
  const r = `${at}.requirement`;
  return (
    <Box padding="space-16" borderRadius="8" borderWidth="1" borderColor="neutral-subtle" as="section" aria-label={`Vilkår ${c.ref}`}>
      <VStack gap="space-16">
        <HStack justify="space-between" align="center">
          <Heading level="3" size="small">
            Vilkår {c.ref}
          </Heading>
          <Button type="button" size="small" variant="tertiary" icon={<TrashIcon aria-hidden />} onClick={onRemove}>
            Fjern vilkår {c.ref}
          </Button>
        </HStack>
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          <Select id={fieldId(`${r}.kind`)} label={`Type vilkår for ${c.ref}`} value={c.kind} onChange={(ev) => onChange({ kind: ev.target.value as ConditionKind })}>
            {Object.entries(CONDITION_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          <TextField id={fieldId(`${at}.deadline`)} label={`Frist for ${c.ref}`} description={DATE_HINT} value={c.deadline} onChange={(ev) => onChange({ deadline: ev.target.value })} error={e[`${at}.deadline`]} />
        </HGrid>
        <Textarea
          id={fieldId(`${at}.text`)}
          label={`Teksten mottakeren leser for ${c.ref}`}
          description="Hva skal gjøres, innen når, og hvorfor. Skriv enkelt."
          value={c.text}
          onChange={(ev) => onChange({ text: ev.target.value })}
          error={e[`${at}.text`]}
          maxLength={2000}
          minRows={2}
        />
        {c.kind === 'DOCUMENT' && (
          <TextField id={fieldId(`${r}.documentType`)} label={`Dokumentet som kreves for ${c.ref}`} description="F.eks. «Kvittering for husleie for november 2026»" value={c.documentType} onChange={(ev) => onChange({ documentType: ev.target.value })} error={e[`${r}.documentType`]} />
        )}
        {(c.kind === 'ATTENDANCE' || c.kind === 'JOB_APPLICATIONS') && (
          <HGrid columns={{ xs: 1, md: 3 }} gap="space-16">
            <TextField id={fieldId(`${r}.periodFrom`)} label={`${c.kind === 'ATTENDANCE' ? 'Kurset' : 'Søkeperioden'} fra (${c.ref})`} description={DATE_HINT} value={c.periodFrom} onChange={(ev) => onChange({ periodFrom: ev.target.value })} error={e[`${r}.periodFrom`]} />
            <TextField id={fieldId(`${r}.periodTo`)} label={`${c.kind === 'ATTENDANCE' ? 'Kurset' : 'Søkeperioden'} til (${c.ref})`} description={DATE_HINT} value={c.periodTo} onChange={(ev) => onChange({ periodTo: ev.target.value })} error={e[`${r}.periodTo`]} />
            {c.kind === 'JOB_APPLICATIONS' && (
              <TextField id={fieldId(`${r}.applicationsPerWeek`)} label={`Søknader per uke (${c.ref})`} value={c.perWeek} onChange={(ev) => onChange({ perWeek: ev.target.value })} error={e[`${r}.applicationsPerWeek`]} inputMode="numeric" />
            )}
          </HGrid>
        )}
        {c.kind === 'ATTENDANCE' && (
          <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
            <RadioGroup legend={`Hva kreves av oppmøtet (${c.ref})?`} value={c.threshold} onChange={(v: ConditionDraft['threshold']) => onChange({ threshold: v })} size="small">
              <Radio value="MAX_UNAPPROVED">Høyst et antall dager ugyldig fravær</Radio>
              <Radio value="MIN_SHARE">Minst en andel av dagene til stede</Radio>
            </RadioGroup>
            {c.threshold === 'MAX_UNAPPROVED' ? (
              <TextField id={fieldId(`${r}.maxUnapprovedAbsenceDays`)} label={`Høyst dager ugyldig fravær (${c.ref})`} value={c.maxUnapproved} onChange={(ev) => onChange({ maxUnapproved: ev.target.value })} error={e[`${r}.maxUnapprovedAbsenceDays`]} inputMode="numeric" />
            ) : (
              <TextField id={fieldId(`${r}.minAttendedShare`)} label={`Minst prosent til stede (${c.ref})`} value={c.minSharePercent} onChange={(ev) => onChange({ minSharePercent: ev.target.value })} error={e[`${r}.minAttendedShare`]} inputMode="numeric" />
            )}
          </HGrid>
        )}
        {c.kind === 'ACTIVITY' && (
          <TextField id={fieldId(`${r}.activity`)} label={`Aktiviteten (${c.ref})`} description="F.eks. «Møte med veileder»" value={c.activity} onChange={(ev) => onChange({ activity: ev.target.value })} error={e[`${r}.activity`]} />
        )}
        <CheckboxGroup id={fieldId(`${at}.gates`)} legend={`Utbetalinger ${c.ref} holder tilbake`} value={c.gates} onChange={(v: string[]) => onChange({ gates: v })} error={e[`${at}.gates`]} size="small">
          {payments.map((p) => (
            <Checkbox key={p.ref} value={p.ref}>
              {p.ref} {purposeLabel(p.purpose)} {parseKroner(p.amount) !== null ? formatOre(parseKroner(p.amount)!) : ''}
            </Checkbox>
          ))}
        </CheckboxGroup>
      </VStack>
    </Box>
  );
}
