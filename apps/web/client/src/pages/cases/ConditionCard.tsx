import { useEffect, useRef, useState } from 'react';
import { Alert, BodyShort, Box, Button, Detail, Heading, HStack, List, Modal, Textarea, VStack } from '@navikt/ds-react';
import { post } from '../../api';
import { useSubmissionKey } from '../../idempotency';
import { ConditionStatusTag, FormErrors, useFormErrors } from '../../components/forms';
import { formatDate, formatInstant, formatOre } from '../../format';
import { CONDITION_KIND_LABELS, PAYMENT_STATUS, categoryLabel, conditionShort, progressLines, purposeLabel } from '../../texts';
import type { ConditionView, PaymentView } from '../../types';
import { ActivityForm, AttendanceForm, DocumentForm, JobApplicationsForm, JudgementForm } from './EvidenceForms';

const EVIDENCE_LABELS: Record<string, string> = {
  DOCUMENT_RECEIVED: 'Dokument mottatt',
  DOCUMENT_COVERED: 'Dekket av tidligere levert dokument',
  ATTENDANCE_LIST: 'Frammøteliste',
  JOB_APPLICATIONS: 'Jobbsøknader',
  ACTIVITY_HELD: 'Aktivitet gjennomført',
};

const REGISTER_LABELS: Record<string, string> = {
  DOCUMENT: 'Registrer dokument',
  ATTENDANCE: 'Registrer frammøteliste',
  JOB_APPLICATIONS: 'Registrer jobbsøknader',
  ACTIVITY: 'Registrer aktivitet',
};

/** One condition: where it stands, what it holds back, and what the veileder can do about it. */
export function ConditionCard({
  condition: c,
  payments,
  mayAct,
  notice,
  onChanged,
  whose,
}: {
  condition: ConditionView;
  /** Whose condition it is, in words: "Mottakeren", "Ektefellen" … */
  whose: string;
  payments: PaymentView[];
  mayAct: boolean;
  /** The page's latest confirmation, if it was about this condition. */
  notice: string | null;
  onChanged: (message: string | null) => void;
}) {
  const [open, setOpen] = useState<'evidence' | 'judgement' | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const held = payments.filter((p) => c.gatesPaymentIds.includes(p.paymentId));
  const lines = progressLines(c.progress);
  const done = (message: string) => {
    setOpen(null);
    onChanged(message);
  };
  const canRegister = mayAct && (c.status === 'OPEN' || c.status === 'BREACHED' || c.status === 'FULFILLED');
  const canJudge = mayAct && (c.status === 'OPEN' || c.status === 'BREACHED');
  const Form = { DOCUMENT: DocumentForm, ATTENDANCE: AttendanceForm, JOB_APPLICATIONS: JobApplicationsForm, ACTIVITY: ActivityForm }[
    c.kind as 'DOCUMENT'
  ];

  return (
    <Box
      as="section"
      aria-labelledby={`vilkar-${c.conditionId}`}
      padding="space-16"
      borderRadius="8"
      borderWidth="1"
      borderColor="neutral-subtle"
      data-condition-ref={c.ref}
    >
      <VStack gap="space-12">
        <HStack justify="space-between" align="center" gap="space-8">
          <Heading level="3" size="small" id={`vilkar-${c.conditionId}`}>
            {c.ref}: {conditionShort(c)}
          </Heading>
          <ConditionStatusTag status={c.status} size="medium" />
        </HStack>
        <BodyShort>{c.text}</BodyShort>
        <BodyShort size="small">
          Gjelder: <strong>{whose.toLowerCase()}</strong> · {CONDITION_KIND_LABELS[c.kind] ?? c.kind} · frist {formatDate(c.deadline)}
          {c.category ? ` · kategori ${categoryLabel(c.category)}` : ''}
        </BodyShort>
        <div>
          <BodyShort size="small" weight="semibold">
            Holder tilbake
          </BodyShort>
          {held.length === 0 ? (
            <BodyShort size="small">Ingen utbetalinger.</BodyShort>
          ) : (
            <List size="small">
              {held.map((p) => (
                <List.Item key={p.paymentId}>
                  {p.ref} {purposeLabel(p.purpose)} {formatOre(p.amountOre)} – {PAYMENT_STATUS[p.status]?.label.toLowerCase() ?? p.status}
                </List.Item>
              ))}
            </List>
          )}
        </div>
        {lines.length > 0 && (
          <div>
            <BodyShort size="small" weight="semibold">
              Fremdrift
            </BodyShort>
            <List size="small" aria-label={`Fremdrift for ${c.ref}`}>
              {lines.map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          </div>
        )}
        {c.status === 'OPEN' && !c.achievable && (
          <Alert variant="warning" size="small">
            Kan ikke lenger oppfylles med det som er registrert. Veileder kan vurdere vilkåret som oppfylt, eller vedtaksavdelingen kan gi
            ny frist eller oppheve det.
          </Alert>
        )}
        {c.status === 'OPEN' && c.achievable && <Detail>Kan fortsatt oppfylles.</Detail>}
        {c.judgement && (
          <BodyShort size="small">
            Vurdert som oppfylt av {c.judgement.actorIdent} {formatInstant(c.judgement.judgedAt)}: «{c.judgement.justification}»
          </BodyShort>
        )}
        {c.fulfilledAt && c.fulfilledBy === 'EVIDENCE' && <Detail>Oppfylt {formatInstant(c.fulfilledAt)}</Detail>}
        {notice && (
          <Alert variant="success" size="small" role="status" ref={noticeRef} tabIndex={-1}>
            {notice}
          </Alert>
        )}
        {c.evidence.length > 0 && <EvidenceList condition={c} mayAct={mayAct} onDone={done} />}
        {open === null && (canRegister || canJudge) && (
          <HStack gap="space-8">
            {canRegister && (
              <Button
                size="small"
                variant="secondary"
                onClick={() => {
                  onChanged(null);
                  setOpen('evidence');
                }}
              >
                {REGISTER_LABELS[c.kind]}
              </Button>
            )}
            {canJudge && (
              <Button
                size="small"
                variant="tertiary"
                onClick={() => {
                  onChanged(null);
                  setOpen('judgement');
                }}
              >
                Vurder som oppfylt
              </Button>
            )}
          </HStack>
        )}
        {open === 'evidence' && Form && <Form condition={c} onDone={done} onCancel={() => setOpen(null)} />}
        {open === 'judgement' && <JudgementForm condition={c} onDone={done} onCancel={() => setOpen(null)} />}
      </VStack>
    </Box>
  );
}

function EvidenceList({ condition: c, mayAct, onDone }: { condition: ConditionView; mayAct: boolean; onDone: (m: string) => void }) {
  return (
    <div>
      <BodyShort size="small" weight="semibold">
        Registrert dokumentasjon
      </BodyShort>
      <List size="small">
        {c.evidence.map((ev) => (
          <List.Item key={ev.evidenceId}>
            <HStack gap="space-8" align="center">
              <span style={ev.withdrawal ? { textDecoration: 'line-through' } : undefined}>
                {EVIDENCE_LABELS[ev.kind] ?? ev.kind}, registrert {formatInstant(ev.registeredAt)} av {ev.registeredBy}
              </span>
              {ev.withdrawal && (
                <Detail>
                  Trukket tilbake av {ev.withdrawal.actorIdent}: {ev.withdrawal.reason}
                </Detail>
              )}
              {mayAct && !ev.withdrawal && (
                <WithdrawButton
                  conditionId={c.conditionId}
                  evidenceId={ev.evidenceId}
                  label={`${(EVIDENCE_LABELS[ev.kind] ?? ev.kind).toLowerCase()} registrert ${formatInstant(ev.registeredAt)}`}
                  onDone={onDone}
                />
              )}
            </HStack>
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/** Evidence registered in error: kept and shown, no longer counted. */
function WithdrawButton({
  conditionId,
  evidenceId,
  label,
  onDone,
}: {
  conditionId: string;
  evidenceId: string;
  label: string;
  onDone: (m: string) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const form = useFormErrors(`trekk-${evidenceId.slice(0, 8)}`);
  const submission = useSubmissionKey();
  const submit = async () => {
    if (reason.trim().length < 10) return form.set({ reason: 'Skriv begrunnelsen, minst 10 tegn.' });
    setSending(true);
    try {
      await post('follow-up', `/conditions/${conditionId}/evidence/${evidenceId}/withdrawal`, { reason }, submission.key());
      submission.done();
      ref.current?.close();
      onDone('Dokumentasjonen er trukket tilbake og teller ikke lenger.');
    } catch (err) {
      form.fromApi(err, (f) => f === 'reason');
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <Button size="xsmall" variant="tertiary" onClick={() => ref.current?.showModal()}>
        Trekk tilbake<span className="aksel-sr-only"> {label}</span>
      </Button>
      <Modal ref={ref} header={{ heading: `Trekk tilbake ${label}` }} width="small" onClose={() => form.clear()}>
        <Modal.Body>
          <VStack gap="space-12">
            <FormErrors form={form} headingTag="h3" />
            <Textarea
              {...form.bind('reason', reason, setReason)}
              label="Hvorfor trekkes den tilbake?"
              description="Minst 10 tegn, f.eks. «registrert på feil person»."
            />
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button onClick={submit} loading={sending}>
            Trekk tilbake
          </Button>
          <Button variant="secondary" onClick={() => ref.current?.close()}>
            Avbryt
          </Button>
        </Modal.Footer>
      </Modal>
    </>
  );
}
