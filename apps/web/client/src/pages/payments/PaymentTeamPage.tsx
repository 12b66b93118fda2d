import { useEffect, useRef, useState } from 'react';
import { Alert, BodyShort, Button, Detail, Heading, HStack, Loader, Modal, Table, TextField, Textarea, VStack } from '@navikt/ds-react';
import { get, post } from '../../api';
import { useSubmissionKey } from '../../idempotency';
import { FormErrors, useFormErrors } from '../../components/forms';
import { StaleWarning } from '../../components/StaleWarning';
import { usePageTitle } from '../../components/usePageTitle';
import { payeeText } from '../../components/PaymentCard';
import { formatDate, formatInstant, formatOre, osloToday, parseDate } from '../../format';
import { hasRole, useSession } from '../../session';
import { purposeLabel } from '../../texts';
import type { PaymentView } from '../../types';
import { usePolling } from '../../usePolling';

/**
 * Fellestjenesten: payments released and not yet settled, with what to pay, to whom and when; each
 * is marked paid (reference, day) or failed (reason). A payment released again shows every attempt.
 */
export function PaymentTeamPage() {
  const { user } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const heading = usePageTitle('Utbetalinger');
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const { data, error, reload, updatedAt } = usePolling(
    () => get<{ total: number; payments: PaymentView[] }>('payout', '/payments?status=RELEASED&limit=200'),
    [],
    1000,
  );
  if (error && !data) return <Alert variant="error">{error.message}</Alert>;
  if (!data) return <Loader title="Henter utbetalinger …" />;
  const mayAct = hasRole(user, 'payment-team');

  return (
    <VStack gap="space-24">
      <Heading level="1" size="large" ref={heading} tabIndex={-1}>
        Utbetalinger som venter på oppgjør
      </Heading>
      <BodyShort>
        Sendt til utbetaling, ikke meldt som utbetalt eller feilet, fra alle Nav-kontor. Eldste forfall først.
        {data.total > data.payments.length ? ` Viser de ${data.payments.length} første av ${data.total}.` : ''}
      </BodyShort>
      {notice && (
        <Alert variant="success" size="small" role="status" ref={noticeRef} tabIndex={-1}>
          {notice}
        </Alert>
      )}
      <StaleWarning error={error} updatedAt={updatedAt} />
      {data.payments.length === 0 ? (
        <BodyShort>Ingen utbetalinger venter.</BodyShort>
      ) : (
        <Table>
          <caption className="aksel-sr-only">Utbetalinger som venter på oppgjør</caption>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">Sak</Table.HeaderCell>
              <Table.HeaderCell scope="col">Formål</Table.HeaderCell>
              <Table.HeaderCell scope="col" align="right">
                Beløp
              </Table.HeaderCell>
              <Table.HeaderCell scope="col">Mottaker</Table.HeaderCell>
              <Table.HeaderCell scope="col">Forfall</Table.HeaderCell>
              <Table.HeaderCell scope="col">Forsøk</Table.HeaderCell>
              {mayAct && <Table.HeaderCell scope="col">Oppgjør</Table.HeaderCell>}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.payments.map((p) => (
              <Table.Row key={p.paymentId} data-payment-id={p.paymentId}>
                <Table.DataCell>
                  {p.caseId}
                  <Detail>Nav-kontor {p.office}</Detail>
                </Table.DataCell>
                <Table.DataCell>
                  {p.ref} {purposeLabel(p.purpose)}
                </Table.DataCell>
                <Table.DataCell align="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatOre(p.amountOre)}
                </Table.DataCell>
                <Table.DataCell>{payeeText(p.payee)}</Table.DataCell>
                <Table.DataCell>{formatDate(p.dueDate)}</Table.DataCell>
                <Table.DataCell>
                  <Attempts payment={p} />
                </Table.DataCell>
                {mayAct && (
                  <Table.DataCell>
                    <SettleButtons
                      payment={p}
                      onDone={(m) => {
                        setNotice(m);
                        void reload();
                      }}
                    />
                  </Table.DataCell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </VStack>
  );
}

function Attempts({ payment: p }: { payment: PaymentView }) {
  const attempts =
    p.attempts ??
    (p.releasedAt ? [{ attempt: p.releases, idempotencyKey: '', releasedAt: p.releasedAt, amountOre: p.amountOre, settlement: null }] : []);
  return (
    <VStack gap="space-4">
      {attempts.map((a, i) => (
        <Detail key={a.attempt}>
          {attempts.length === 1 ? 'Sendt' : i === 0 ? '1. forsøk sendt' : `${a.attempt}. forsøk sendt`} {formatInstant(a.releasedAt)}
          {a.settlement?.outcome === 'FAILED'
            ? `, feilet: ${a.settlement.reason}`
            : a.settlement?.outcome === 'PAID'
              ? `, utbetalt ${formatDate(a.settlement.paidOn)}`
              : ''}
        </Detail>
      ))}
    </VStack>
  );
}

const currentKey = (p: PaymentView) =>
  p.attempts?.[p.attempts.length - 1]?.idempotencyKey ?? `vilkarsflyt:payment:${p.paymentId}:release:${p.releases}`;

function SettleButtons({ payment: p, onDone }: { payment: PaymentView; onDone: (m: string) => void }) {
  const paidRef = useRef<HTMLDialogElement>(null);
  const failedRef = useRef<HTMLDialogElement>(null);
  const [reference, setReference] = useState('');
  const [paidOn, setPaidOn] = useState(formatDate(osloToday()));
  const [reason, setReason] = useState('');
  const form = useFormErrors(`oppgjor-${p.paymentId.slice(0, 8)}`);
  const [sending, setSending] = useState(false);
  const what = `${p.ref} ${purposeLabel(p.purpose)} ${formatOre(p.amountOre)} i sak ${p.caseId}`;

  const submission = useSubmissionKey();
  const report = async (outcome: 'PAID' | 'FAILED') => {
    const local: Record<string, string> = {};
    if (outcome === 'PAID' && !reference.trim()) local.reference = 'Skriv referansen fra utbetalingen.';
    if (outcome === 'PAID' && !parseDate(paidOn)) local.paidOn = 'Skriv en gyldig dato (dd.mm.åååå).';
    if (outcome === 'FAILED' && !reason.trim()) local.reason = 'Skriv hvorfor utbetalingen feilet.';
    if (Object.keys(local).length) return form.set(local);
    const body =
      outcome === 'PAID'
        ? { idempotencyKey: currentKey(p), outcome, reference: reference.trim(), paidOn: parseDate(paidOn) }
        : { idempotencyKey: currentKey(p), outcome, reason: reason.trim() };
    setSending(true);
    try {
      await post('payout', `/payments/${p.paymentId}/settlement`, body, submission.key());
      submission.done();
      (outcome === 'PAID' ? paidRef : failedRef).current?.close();
      onDone(outcome === 'PAID' ? `Meldt utbetalt: ${what}.` : `Meldt feilet: ${what}. Vedtaksavdelingen får saken i arbeidslisten.`);
    } catch (err) {
      form.fromApi(err, (f) => ['reference', 'paidOn', 'reason'].includes(f));
    } finally {
      setSending(false);
    }
  };

  return (
    <HStack gap="space-8" wrap={false}>
      <Button
        size="small"
        onClick={() => {
          form.clear();
          paidRef.current?.showModal();
        }}
      >
        Meld utbetalt<span className="aksel-sr-only"> {what}</span>
      </Button>
      <Button
        size="small"
        variant="secondary"
        onClick={() => {
          form.clear();
          failedRef.current?.showModal();
        }}
      >
        Meld feilet<span className="aksel-sr-only"> {what}</span>
      </Button>
      <Modal ref={paidRef} header={{ heading: 'Meld utbetalt' }} width="small">
        <Modal.Body>
          <VStack gap="space-12">
            <BodyShort>{what}</BodyShort>
            <FormErrors form={form} headingTag="h3" />
            <TextField {...form.bind('reference', reference, setReference)} label="Referanse" />
            <TextField {...form.bind('paidOn', paidOn, setPaidOn)} label="Utbetalt dato" description="dd.mm.åååå" />
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button onClick={() => report('PAID')} loading={sending}>
            Meld utbetalt
          </Button>
          <Button variant="secondary" onClick={() => paidRef.current?.close()}>
            Avbryt
          </Button>
        </Modal.Footer>
      </Modal>
      <Modal ref={failedRef} header={{ heading: 'Meld feilet' }} width="small">
        <Modal.Body>
          <VStack gap="space-12">
            <BodyShort>{what}</BodyShort>
            <FormErrors form={form} headingTag="h3" />
            <Textarea {...form.bind('reason', reason, setReason)} label="Hvorfor feilet utbetalingen?" />
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button onClick={() => report('FAILED')} loading={sending}>
            Meld feilet
          </Button>
          <Button variant="secondary" onClick={() => failedRef.current?.close()}>
            Avbryt
          </Button>
        </Modal.Footer>
      </Modal>
    </HStack>
  );
}
