import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
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
  Link,
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
import { useSubmissionKey } from '../../idempotency';
import { FormErrors, useFormErrors } from '../../components/forms';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDate, formatOre, parseDate, parseKroner } from '../../format';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import {
  CATEGORY_OPTIONS,
  CONDITION_KIND_LABELS,
  EXCEPTION_OPTIONS,
  PURPOSES,
  categoryLabel,
  personLabel,
  purposeLabel,
} from '../../texts';
import {
  ActivityDuty,
  ConditionDraft,
  ExceptionDraft,
  PersonRef,
  activityDuties,
  ConditionKind,
  DecisionDraft,
  PaymentDraft,
  decisionFieldLabel,
  emptyCondition,
  emptyDecision,
  emptyPayment,
  nextRef,
  paymentSummaries,
  requirementText,
  summaryWarnings,
  toIssueRequest,
} from './decision-draft';

const DATE_HINT = 'dd.mm.åååå';

/** Which request field each input of a row fills, so a change clears that field's error. */
const PAYMENT_PATHS: Record<string, string> = {
  amount: 'amountOre',
  payeeName: 'payee.name',
  accountNumber: 'payee.accountNumber',
  payeeType: 'payee',
};
const CONDITION_PATHS: Record<string, string> = {
  documentType: 'requirement.documentType',
  periodFrom: 'requirement.periodFrom',
  periodTo: 'requirement.periodTo',
  maxUnapproved: 'requirement.maxUnapprovedAbsenceDays',
  minSharePercent: 'requirement.minAttendedShare',
  perWeek: 'requirement.applicationsPerWeek',
  activity: 'requirement.activity',
};

/** The decision unit issues a decision: its payments, then the conditions that hold them back. */
export function IssueDecisionPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<DecisionDraft>(() => emptyDecision(user?.offices[0] ?? ''));
  const [step, setStep] = useState<'form' | 'summary'>('form');
  const [sending, setSending] = useState(false);
  const [unsure, setUnsure] = useState(false);
  // One key for this decision, however often it is sent: a retry after no answer cannot issue it twice.
  const submission = useSubmissionKey();
  const [dirty, setDirty] = useState(false);
  const form = useFormErrors();
  const e = form.errors;
  const heading = usePageTitle(step === 'form' ? 'Nytt vedtak' : 'Se over vedtaket');
  const summaryHeading = useRef<HTMLHeadingElement>(null);

  // A half-filled decision is not lost by closing the tab by mistake.
  useEffect(() => {
    if (!dirty) return;
    const warn = (ev: BeforeUnloadEvent) => ev.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  useEffect(() => {
    (step === 'summary' ? summaryHeading : heading).current?.focus();
  }, [step, heading]);

  const set = (patch: Partial<DecisionDraft>) => {
    setDirty(true);
    Object.keys(patch).forEach((k) => form.clearField(k));
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setPayment = (i: number, patch: Partial<PaymentDraft>) => {
    setDirty(true);
    Object.keys(patch).forEach((k) => form.clearField(`payments[${i}].${PAYMENT_PATHS[k] ?? k}`));
    setDraft((d) => ({ ...d, payments: d.payments.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  };
  const setCondition = (i: number, patch: Partial<ConditionDraft>) => {
    setDirty(true);
    Object.keys(patch).forEach((k) => form.clearField(`conditions[${i}].${CONDITION_PATHS[k] ?? k}`));
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
  };

  const setException = (person: PersonRef, patch: Partial<ExceptionDraft>) => {
    setDirty(true);
    Object.keys(patch).forEach((k) => form.clearField(`activityExceptions.${person}.${k}`));
    form.clearField('activityExceptions');
    setDraft((d) => ({ ...d, exceptions: { ...d.exceptions, [person]: { ...d.exceptions[person], ...patch } } }));
  };
  const setPartner = (patch: Partial<Pick<DecisionDraft, 'partnerRelation' | 'partnerNationalId'>>) => {
    setDirty(true);
    form.clearField('partner.nationalId');
    form.clearField('partner.relation');
    setDraft((d) => ({
      ...d,
      ...patch,
      // No partner: every condition is the recipient's again.
      conditions:
        (patch.partnerRelation ?? d.partnerRelation) === 'NONE' ? d.conditions.map((c) => ({ ...c, person: 'RECIPIENT' })) : d.conditions,
    }));
  };
  const duties = activityDuties(draft);
  const hasPartner = draft.partnerRelation !== 'NONE';
  const whose = (person: PersonRef) => personLabel(person, draft.partnerRelation);

  const review = () => {
    const checked = toIssueRequest(draft);
    if (!checked.ok) {
      form.set(checked.errors);
      return;
    }
    form.clear();
    setStep('summary');
  };

  const send = async () => {
    const checked = toIssueRequest(draft);
    if (!checked.ok) return;
    setSending(true);
    try {
      const decision = await post<{ decisionId: string }>('decision', '/decisions', checked.request, submission.key());
      submission.done();
      setDirty(false);
      navigate(`/vedtak/${decision.decisionId}`, { state: { issued: true } });
    } catch (err) {
      // No answer: the decision may have been issued. Sending it again with the same key is safe.
      if (err instanceof ApiError && [0, 502, 504].includes(err.status)) setUnsure(true);
      else {
        form.fromApi(err, (field) => decisionFieldLabel(field) !== undefined);
        setStep('form');
      }
    } finally {
      setSending(false);
    }
  };

  const offices = user?.offices ?? [];
  const nationalIdLive = draft.recipientNationalId.replace(/\s/g, '');
  const nationalIdHint =
    nationalIdLive.length === 11 && !isValidNationalId(nationalIdLive) ? 'Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret.' : undefined;

  if (step === 'summary') {
    return (
      <VStack gap="space-24">
        <Heading level="1" size="large" ref={summaryHeading} tabIndex={-1}>
          Se over vedtaket før du fatter det
        </Heading>
        {unsure && (
          <Alert variant="warning">
            Tjenesten svarte ikke, så vi vet ikke om vedtaket ble fattet. Du kan trygt prøve igjen: vedtaket fattes bare én gang. Du kan
            også se i{' '}
            <Link as={RouterLink} to={`/saker/${encodeURIComponent(draft.caseId)}`}>
              sak {draft.caseId}
            </Link>
            .
          </Alert>
        )}
        {summaryWarnings(draft).length > 0 && (
          <Alert variant="warning">
            <List size="small">
              {summaryWarnings(draft).map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <FormSummary>
          <FormSummary.Header>
            <FormSummary.Heading level="2">Vedtak for sak {draft.caseId}</FormSummary.Heading>
          </FormSummary.Header>
          <FormSummary.Answers>
            <FormSummary.Answer>
              <FormSummary.Label>Nav-kontor</FormSummary.Label>
              <FormSummary.Value>{draft.office}</FormSummary.Value>
            </FormSummary.Answer>
            <FormSummary.Answer>
              <FormSummary.Label>Mottakerens fødselsnummer</FormSummary.Label>
              <FormSummary.Value>{draft.recipientNationalId.replace(/\s/g, '')}</FormSummary.Value>
            </FormSummary.Answer>
            {hasPartner && (
              <FormSummary.Answer>
                <FormSummary.Label>{personLabel('PARTNER', draft.partnerRelation)}s fødselsnummer</FormSummary.Label>
                <FormSummary.Value>{draft.partnerNationalId.replace(/\s/g, '')}</FormSummary.Value>
              </FormSummary.Answer>
            )}
            {duties.map((duty) => (
              <FormSummary.Answer key={duty.person}>
                <FormSummary.Label>Aktivitetsplikt (§ 20 a), {whose(duty.person).toLowerCase()}</FormSummary.Label>
                <FormSummary.Value>{dutySummary(duty, draft.exceptions[duty.person])}</FormSummary.Value>
              </FormSummary.Answer>
            ))}
            <FormSummary.Answer>
              <FormSummary.Label>Oppfølgingsveileder</FormSummary.Label>
              <FormSummary.Value>{draft.veilederIdent || 'Ikke satt'}</FormSummary.Value>
            </FormSummary.Answer>
            <FormSummary.Answer>
              <FormSummary.Label>Periode</FormSummary.Label>
              <FormSummary.Value>
                {formatDate(parseDate(draft.periodFrom))}–{formatDate(parseDate(draft.periodTo))}
              </FormSummary.Value>
            </FormSummary.Answer>
            <FormSummary.Answer>
              <FormSummary.Label>Vedtaket varsler at brudd kan føre til reduksjon (§ 20 tredje ledd)</FormSummary.Label>
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
                  {c.ref}: {c.text}
                  <BodyShort size="small">
                    {requirementText(c)} · frist {formatDate(parseDate(c.deadline))} · holder tilbake{' '}
                    {c.gates.length ? c.gates.join(', ') : 'ingen utbetalinger'}
                  </BodyShort>
                  <BodyShort size="small">
                    Gjelder: {whose(hasPartner ? c.person : 'RECIPIENT').toLowerCase()} · kategori {categoryLabel(c.category)}
                  </BodyShort>
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
            {unsure ? 'Prøv igjen' : 'Fatt vedtaket'}
          </Button>
        </HStack>
      </VStack>
    );
  }

  return (
    <VStack
      gap="space-32"
      as="form"
      onSubmit={(ev) => {
        ev.preventDefault();
        review();
      }}
      noValidate
    >
      <Heading level="1" size="large" ref={heading} tabIndex={-1}>
        Nytt vedtak
      </Heading>
      <FormErrors form={form} labels={decisionFieldLabel} />

      <Heading level="2" size="medium">
        Saken og mottakeren
      </Heading>
      <Fieldset legend="Saken og mottakeren" hideLegend>
        <HGrid columns={{ xs: 1, md: 3 }} gap="space-16" align="start">
          <TextField
            id={form.id('caseId')}
            label="Saksnummer"
            description="F.eks. K-12345"
            value={draft.caseId}
            onChange={(ev) => set({ caseId: ev.target.value })}
            error={e.caseId}
            autoComplete="off"
          />
          {offices.length > 1 || !offices.includes(draft.office) ? (
            <Select
              id={form.id('office')}
              label="Nav-kontor"
              description="Kontorene du arbeider for"
              value={draft.office}
              onChange={(ev) => set({ office: ev.target.value })}
              error={e.office}
            >
              {[...new Set([...offices, draft.office])].filter(Boolean).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </Select>
          ) : (
            <TextField
              id={form.id('office')}
              label="Nav-kontor"
              description="Kontoret du arbeider for"
              value={draft.office}
              readOnly
              error={e.office}
            />
          )}
          <TextField
            id={form.id('recipientNationalId')}
            label="Mottakerens fødselsnummer"
            description="11 sifre"
            value={draft.recipientNationalId}
            onChange={(ev) => set({ recipientNationalId: ev.target.value })}
            error={e.recipientNationalId ?? nationalIdHint}
            inputMode="numeric"
            autoComplete="off"
          />
          <TextField
            id={form.id('periodFrom')}
            label="Perioden fra"
            description={DATE_HINT}
            value={draft.periodFrom}
            onChange={(ev) => set({ periodFrom: ev.target.value })}
            error={e.periodFrom}
          />
          <TextField
            id={form.id('periodTo')}
            label="Perioden til"
            description={DATE_HINT}
            value={draft.periodTo}
            onChange={(ev) => set({ periodTo: ev.target.value })}
            error={e.periodTo}
          />
          <TextField
            id={form.id('veilederIdent')}
            label="Oppfølgingsveileder (valgfritt)"
            description="Nav-ident"
            value={draft.veilederIdent}
            onChange={(ev) => set({ veilederIdent: ev.target.value.toUpperCase() })}
            error={e.veilederIdent}
          />
        </HGrid>
        <RadioGroup
          id={form.id('reductionOnBreachAnnounced')}
          legend="Står det i vedtaket at brudd på vilkår kan føre til reduksjon (§ 20 tredje ledd)?"
          value={draft.reductionOnBreachAnnounced}
          onChange={(v: 'yes' | 'no') => set({ reductionOnBreachAnnounced: v })}
          error={e.reductionOnBreachAnnounced}
        >
          <Radio value="yes">Ja</Radio>
          <Radio value="no">Nei</Radio>
        </RadioGroup>
      </Fieldset>

      <Heading level="2" size="medium">
        Husstanden
      </Heading>
      <Fieldset legend="Husstanden" hideLegend>
        <HGrid columns={{ xs: 1, md: 3 }} gap="space-16" align="start">
          <Select
            id={form.id('partner.relation')}
            label="Ektefelle eller samboer i saken"
            description="Vilkår kan også settes for ektefelle eller samboer"
            value={draft.partnerRelation}
            onChange={(ev) => setPartner({ partnerRelation: ev.target.value as DecisionDraft['partnerRelation'] })}
            error={e['partner.relation']}
          >
            <option value="NONE">Ingen</option>
            <option value="SPOUSE">Ektefelle</option>
            <option value="COHABITANT">Samboer</option>
          </Select>
          {hasPartner && (
            <TextField
              id={form.id('partner.nationalId')}
              label={`${personLabel('PARTNER', draft.partnerRelation)}s fødselsnummer`}
              description="11 sifre"
              value={draft.partnerNationalId}
              onChange={(ev) => setPartner({ partnerNationalId: ev.target.value })}
              error={e['partner.nationalId']}
              inputMode="numeric"
              autoComplete="off"
            />
          )}
        </HGrid>
      </Fieldset>

      <Heading level="2" size="medium">
        Utbetalinger
      </Heading>
      <Fieldset legend="Utbetalinger" hideLegend id={form.id('payments')} error={e.payments}>
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
                    <Select
                      id={form.id(`${at}.purpose`)}
                      label={`Formål for ${p.ref}`}
                      hideLabel
                      size="small"
                      value={p.purpose}
                      onChange={(ev) => setPayment(i, { purpose: ev.target.value })}
                      error={e[`${at}.purpose`]}
                    >
                      {PURPOSES.map((x) => (
                        <option key={x.value} value={x.value}>
                          {x.label}
                        </option>
                      ))}
                    </Select>
                  </Table.DataCell>
                  <Table.DataCell>
                    <TextField
                      id={form.id(`${at}.amountOre`)}
                      label={`Beløp i kroner for ${p.ref}`}
                      hideLabel
                      size="small"
                      value={p.amount}
                      onChange={(ev) => setPayment(i, { amount: ev.target.value })}
                      error={e[`${at}.amountOre`]}
                      inputMode="decimal"
                    />
                    {parseKroner(p.amount) !== null && <BodyShort size="small">{formatOre(parseKroner(p.amount)!)}</BodyShort>}
                  </Table.DataCell>
                  <Table.DataCell>
                    <VStack gap="space-8">
                      <TextField
                        id={form.id(`${at}.dueDate`)}
                        label={`Forfallsdato for ${p.ref}`}
                        hideLabel
                        size="small"
                        placeholder={DATE_HINT}
                        value={p.dueDate}
                        onChange={(ev) => setPayment(i, { dueDate: ev.target.value })}
                        error={e[`${at}.dueDate`]}
                      />
                      <TextField
                        id={form.id(`${at}.notBefore`)}
                        label={`Tidligste utbetalingsdato for ${p.ref} (valgfritt)`}
                        size="small"
                        placeholder={DATE_HINT}
                        value={p.notBefore}
                        onChange={(ev) => setPayment(i, { notBefore: ev.target.value })}
                        error={e[`${at}.notBefore`]}
                      />
                    </VStack>
                  </Table.DataCell>
                  <Table.DataCell>
                    <VStack gap="space-8">
                      <Select
                        id={form.id(`${at}.payee.type`)}
                        label={`Mottaker for ${p.ref}`}
                        hideLabel
                        size="small"
                        value={p.payeeType}
                        onChange={(ev) => setPayment(i, { payeeType: ev.target.value as PaymentDraft['payeeType'] })}
                      >
                        <option value="RECIPIENT">Mottakeren selv</option>
                        <option value="THIRD_PARTY">Annen mottaker (f.eks. utleier)</option>
                      </Select>
                      {p.payeeType === 'THIRD_PARTY' && (
                        <>
                          <TextField
                            id={form.id(`${at}.payee.name`)}
                            label={`Navn på mottaker for ${p.ref}`}
                            size="small"
                            value={p.payeeName}
                            onChange={(ev) => setPayment(i, { payeeName: ev.target.value })}
                            error={e[`${at}.payee.name`]}
                          />
                          <TextField
                            id={form.id(`${at}.payee.accountNumber`)}
                            label={`Kontonummer for ${p.ref}`}
                            size="small"
                            value={p.accountNumber}
                            onChange={(ev) => setPayment(i, { accountNumber: ev.target.value })}
                            error={e[`${at}.payee.accountNumber`]}
                            inputMode="numeric"
                          />
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
                      onClick={() => {
                        form.clear();
                        setDraft((d) => ({
                          ...d,
                          payments: d.payments.filter((_, j) => j !== i),
                          conditions: d.conditions.map((c) => ({ ...c, gates: c.gates.filter((g) => g !== p.ref) })),
                        }));
                      }}
                    />
                  </Table.DataCell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
        <Button
          type="button"
          variant="secondary"
          size="small"
          icon={<PlusIcon aria-hidden />}
          onClick={() =>
            setDraft((d) => ({
              ...d,
              payments: [
                ...d.payments,
                emptyPayment(
                  Number(
                    nextRef(
                      'P',
                      d.payments.map((p) => p.ref),
                    ).slice(1),
                  ),
                ),
              ],
            }))
          }
        >
          Legg til utbetaling
        </Button>
      </Fieldset>

      <VStack gap="space-16">
        <Heading level="2" size="medium">
          Vilkår
        </Heading>
        {draft.conditions.length === 0 && (
          <BodyShort>Vedtaket har ingen vilkår ennå. Utbetalinger uten vilkår sendes til utbetaling med en gang.</BodyShort>
        )}
        {draft.conditions.map((c, i) => (
          <ConditionFields
            key={c.ref}
            index={i}
            condition={c}
            payments={draft.payments}
            partnerRelation={draft.partnerRelation}
            errors={e}
            id={form.id}
            onChange={(patch) => setCondition(i, patch)}
            onRemove={() => {
              form.clear();
              setDraft((d) => ({ ...d, conditions: d.conditions.filter((_, j) => j !== i) }));
            }}
          />
        ))}
        <div>
          <Button
            type="button"
            variant="secondary"
            size="small"
            icon={<PlusIcon aria-hidden />}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                conditions: [
                  ...d.conditions,
                  emptyCondition(
                    Number(
                      nextRef(
                        'C',
                        d.conditions.map((c) => c.ref),
                      ).slice(1),
                    ),
                  ),
                ],
              }))
            }
          >
            Legg til vilkår
          </Button>
        </div>
      </VStack>

      <ActivityDutyFields duties={duties} exceptions={draft.exceptions} whose={whose} errors={e} id={form.id} onChange={setException} />

      <div>
        <Button type="submit">Se over vedtaket</Button>
      </div>
    </VStack>
  );
}

/** "25 år ved periodens start: unntak 01 I arbeid – Har fast jobb …" */
function dutySummary(duty: ActivityDuty, x: ExceptionDraft): string {
  if (duty.age === null) return 'Alderen er ikke kjent';
  if (!duty.applies) return `${duty.age} år ved periodens start: gjelder ikke (30 år eller eldre)`;
  if (duty.hasActivityCondition) return `${duty.age} år ved periodens start: har aktivitetsvilkår`;
  const code = EXCEPTION_OPTIONS.find((o) => o.value === x.code)?.label ?? '';
  return `${duty.age} år ved periodens start: unntak ${code} – ${x.reason.trim()}`;
}

/**
 * § 20 a per person: under 30 on the period's first day, at least one activity condition or an
 * exception with its code and a written reason. Worked out from the fødselsnummer as the form is filled in.
 */
function ActivityDutyFields({
  duties,
  exceptions,
  whose,
  errors: e,
  id,
  onChange,
}: {
  duties: ActivityDuty[];
  exceptions: Record<PersonRef, ExceptionDraft>;
  whose: (person: PersonRef) => string;
  errors: Record<string, string>;
  id: (path: string) => string;
  onChange: (person: PersonRef, patch: Partial<ExceptionDraft>) => void;
}) {
  return (
    <VStack gap="space-16">
      <Heading level="2" size="medium">
        Aktivitetsplikt (§ 20 a)
      </Heading>
      <Fieldset
        legend="Aktivitetsplikt (§ 20 a)"
        hideLegend
        id={id('activityExceptions')}
        error={e.activityExceptions}
        description="Den som er under 30 år ved periodens start, skal ha minst ett aktivitetsvilkår (oppmøte, jobbsøking eller aktivitet), med mindre tungtveiende grunner taler mot det."
      >
        <VStack gap="space-16">
          {duties.map((duty) => {
            const who = whose(duty.person);
            const at = `activityExceptions.${duty.person}`;
            return (
              <Box
                key={duty.person}
                padding="space-16"
                borderRadius="8"
                borderWidth="1"
                borderColor="neutral-subtle"
                as="section"
                aria-label={`Aktivitetsplikt for ${who.toLowerCase()}`}
              >
                <VStack gap="space-12">
                  <Heading level="3" size="xsmall">
                    {who}
                  </Heading>
                  <BodyShort size="small">
                    {duty.age === null
                      ? 'Fyll inn gyldig fødselsnummer og periode, så ser du om aktivitetsplikten gjelder.'
                      : !duty.applies
                        ? `${duty.age} år ved periodens start. Aktivitetsplikten gjelder ikke.`
                        : duty.hasActivityCondition
                          ? `${duty.age} år ved periodens start. Har aktivitetsvilkår.`
                          : `${duty.age} år ved periodens start og ingen aktivitetsvilkår. Sett et aktivitetsvilkår, eller begrunn unntaket.`}
                  </BodyShort>
                  {duty.needsException && (
                    <HGrid columns={{ xs: 1, md: 2 }} gap="space-16" align="start">
                      <Select
                        id={id(`${at}.code`)}
                        label={`Grunn til unntak for ${who.toLowerCase()}`}
                        value={exceptions[duty.person].code}
                        onChange={(ev) => onChange(duty.person, { code: ev.target.value })}
                        error={e[`${at}.code`]}
                      >
                        <option value="">Velg grunn</option>
                        {EXCEPTION_OPTIONS.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </Select>
                      <Textarea
                        id={id(`${at}.reason`)}
                        label={`Begrunnelse for unntaket (${who.toLowerCase()})`}
                        description="Journalføres og vises på vedtaket."
                        value={exceptions[duty.person].reason}
                        onChange={(ev) => onChange(duty.person, { reason: ev.target.value })}
                        error={e[`${at}.reason`]}
                        maxLength={4000}
                        minRows={2}
                      />
                    </HGrid>
                  )}
                </VStack>
              </Box>
            );
          })}
        </VStack>
      </Fieldset>
    </VStack>
  );
}

function ConditionFields({
  index,
  condition: c,
  payments,
  partnerRelation,
  errors: e,
  id,
  onChange,
  onRemove,
}: {
  index: number;
  condition: ConditionDraft;
  payments: PaymentDraft[];
  partnerRelation: DecisionDraft['partnerRelation'];
  errors: Record<string, string>;
  id: (path: string) => string;
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
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16" align="start">
          <Select
            id={id(`${r}.kind`)}
            label={`Type vilkår for ${c.ref}`}
            value={c.kind}
            onChange={(ev) => onChange({ kind: ev.target.value as ConditionKind })}
          >
            {Object.entries(CONDITION_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          <TextField
            id={id(`${at}.deadline`)}
            label={`Frist for ${c.ref}`}
            description={DATE_HINT}
            value={c.deadline}
            onChange={(ev) => onChange({ deadline: ev.target.value })}
            error={e[`${at}.deadline`]}
          />
          <Select
            id={id(`${at}.category`)}
            label={`Kategori for ${c.ref}`}
            description="Kategorien i den kommunale statistikken (KOSTRA)"
            value={c.category}
            onChange={(ev) => onChange({ category: ev.target.value })}
            error={e[`${at}.category`]}
          >
            <option value="">Velg kategori</option>
            {CATEGORY_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
          {partnerRelation !== 'NONE' && (
            <Select
              id={id(`${at}.person`)}
              label={`Hvem ${c.ref} gjelder`}
              value={c.person}
              onChange={(ev) => onChange({ person: ev.target.value as PersonRef })}
              error={e[`${at}.person`]}
            >
              <option value="RECIPIENT">{personLabel('RECIPIENT')}</option>
              <option value="PARTNER">{personLabel('PARTNER', partnerRelation)}</option>
            </Select>
          )}
        </HGrid>
        <Textarea
          id={id(`${at}.text`)}
          label={`Teksten mottakeren leser for ${c.ref}`}
          description="Hva som skal gjøres, innen når og hvorfor. Skriv enkelt."
          value={c.text}
          onChange={(ev) => onChange({ text: ev.target.value })}
          error={e[`${at}.text`]}
          maxLength={2000}
          minRows={2}
        />
        {c.kind === 'DOCUMENT' && (
          <TextField
            id={id(`${r}.documentType`)}
            label={`Dokumentet som kreves for ${c.ref}`}
            description="F.eks. «Kvittering for husleie for november 2026»"
            value={c.documentType}
            onChange={(ev) => onChange({ documentType: ev.target.value })}
            error={e[`${r}.documentType`]}
          />
        )}
        {(c.kind === 'ATTENDANCE' || c.kind === 'JOB_APPLICATIONS') && (
          <HGrid columns={{ xs: 1, md: 3 }} gap="space-16">
            <TextField
              id={id(`${r}.periodFrom`)}
              label={`${c.kind === 'ATTENDANCE' ? 'Kurset' : 'Søkeperioden'} fra (${c.ref})`}
              description={DATE_HINT}
              value={c.periodFrom}
              onChange={(ev) => onChange({ periodFrom: ev.target.value })}
              error={e[`${r}.periodFrom`]}
            />
            <TextField
              id={id(`${r}.periodTo`)}
              label={`${c.kind === 'ATTENDANCE' ? 'Kurset' : 'Søkeperioden'} til (${c.ref})`}
              description={DATE_HINT}
              value={c.periodTo}
              onChange={(ev) => onChange({ periodTo: ev.target.value })}
              error={e[`${r}.periodTo`]}
            />
            {c.kind === 'JOB_APPLICATIONS' && (
              <TextField
                id={id(`${r}.applicationsPerWeek`)}
                label={`Søknader per uke (${c.ref})`}
                value={c.perWeek}
                onChange={(ev) => onChange({ perWeek: ev.target.value })}
                error={e[`${r}.applicationsPerWeek`]}
                inputMode="numeric"
              />
            )}
          </HGrid>
        )}
        {c.kind === 'ATTENDANCE' && (
          <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
            <RadioGroup
              id={id(`${r}.threshold`)}
              legend={`Hva kreves av oppmøtet (${c.ref})?`}
              value={c.threshold}
              onChange={(v: ConditionDraft['threshold']) => onChange({ threshold: v })}
              size="small"
            >
              <Radio value="MAX_UNAPPROVED">Høyeste antall dager med ugyldig fravær</Radio>
              <Radio value="MIN_SHARE">Minste andel kursdager til stede</Radio>
            </RadioGroup>
            {c.threshold === 'MAX_UNAPPROVED' ? (
              <TextField
                id={id(`${r}.maxUnapprovedAbsenceDays`)}
                label={`Dager med ugyldig fravær som godtas (${c.ref})`}
                value={c.maxUnapproved}
                onChange={(ev) => onChange({ maxUnapproved: ev.target.value })}
                error={e[`${r}.maxUnapprovedAbsenceDays`]}
                inputMode="numeric"
              />
            ) : (
              <TextField
                id={id(`${r}.minAttendedShare`)}
                label={`Minste oppmøte i prosent (${c.ref})`}
                value={c.minSharePercent}
                onChange={(ev) => onChange({ minSharePercent: ev.target.value })}
                error={e[`${r}.minAttendedShare`]}
                inputMode="numeric"
              />
            )}
          </HGrid>
        )}
        {c.kind === 'ACTIVITY' && (
          <TextField
            id={id(`${r}.activity`)}
            label={`Aktiviteten (${c.ref})`}
            description="F.eks. «Møte med veileder»"
            value={c.activity}
            onChange={(ev) => onChange({ activity: ev.target.value })}
            error={e[`${r}.activity`]}
          />
        )}
        <CheckboxGroup
          id={id(`${at}.gates`)}
          legend={`Utbetalinger ${c.ref} holder tilbake`}
          value={c.gates}
          onChange={(v: string[]) => onChange({ gates: v })}
          error={e[`${at}.gates`]}
          size="small"
        >
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
