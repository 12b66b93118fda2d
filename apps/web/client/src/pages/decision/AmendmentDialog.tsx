import { useId, useRef, useState } from 'react';
import { BodyShort, Button, Modal, Select, TextField, Textarea, VStack } from '@navikt/ds-react';
import { post } from '../../api';
import { useSubmissionKey } from '../../idempotency';
import { FormErrors, useFormErrors } from '../../components/forms';
import { WhatIfPanel } from '../../components/WhatIfPanel';
import type { WhatIfAnswer } from '../../what-if-text';
import { formatDate, formatOre, parseDate, parseKroner } from '../../format';

export type AmendmentKind = 'lift' | 'deadline' | 'reduce' | 'stop' | 'release-again' | 'revoke';

export const AMENDMENT_LABELS: Record<AmendmentKind, string> = {
  lift: 'Opphev vilkåret',
  deadline: 'Gi ny frist',
  reduce: 'Reduser utbetalingen',
  stop: 'Stans utbetalingen',
  'release-again': 'Send til utbetaling på nytt',
  revoke: 'Opphev vedtaket',
};

/** The trigger names what it acts on, so a row of buttons reads "Stans P2 Livsopphold", not "Stans" twice. */
const BUTTON_LABELS: Record<AmendmentKind, (short: string) => string> = {
  lift: (s) => `Opphev ${s}`,
  deadline: (s) => `Ny frist for ${s}`,
  reduce: (s) => `Reduser ${s}`,
  stop: (s) => `Stans ${s}`,
  'release-again': (s) => `Send ${s} på nytt`,
  revoke: () => 'Opphev vedtaket',
};

const INTRO: Record<AmendmentKind, string> = {
  lift: 'Utbetalinger som bare venter på dette vilkåret, sendes til utbetaling med en gang.',
  deadline: 'Vilkåret åpnes igjen hvis det er brutt. Er det allerede oppfylt med det som er levert, oppfylles det med en gang.',
  reduce:
    'Et nytt vedtak etter brudd på vilkår (§ 20 tredje ledd). Beløpet kan ikke settes til 0. ' +
    'Utbetalingen sendes med det nye beløpet når ingenting annet holder den tilbake.',
  stop: 'Utbetalingen skal ikke gjøres.',
  'release-again': 'Bare for en utbetaling som feilet. Fellestjenesten får en ny utbetalingsordre.',
  revoke: 'Utbetalinger som holdes tilbake, kanselleres. Åpne vilkår bortfaller. Utbetalinger som er sendt, berøres ikke.',
};

/** The amendments the decision service can answer "what would happen if" for (`?dryRun=true`). */
const PREVIEWABLE: readonly AmendmentKind[] = ['lift', 'deadline', 'reduce'];

export interface AmendmentTarget {
  decisionId: string;
  kind: AmendmentKind;
  conditionId?: string;
  paymentId?: string;
  /** What it is about, in words: "Vilkår C2: Møt på kurset …" */
  subject: string;
  /** Short name for the button and the confirmation: "C2", "P2 Livsopphold". */
  short?: string;
  /** For a reduction: the breached conditions that hold this payment back, and its current amount. */
  breachedConditions?: Array<{ conditionId: string; label: string }>;
  currentAmountOre?: number;
}

function request(
  t: AmendmentTarget,
  f: { reason: string; deadline: string; amount: string; conditionId: string },
): { path: string; body: Record<string, unknown> } {
  switch (t.kind) {
    case 'lift':
      return { path: `conditions/${t.conditionId}/lifting`, body: { reason: f.reason } };
    case 'deadline':
      return { path: `conditions/${t.conditionId}/deadline`, body: { deadline: parseDate(f.deadline) ?? f.deadline, reason: f.reason } };
    case 'reduce':
      return {
        path: `payments/${t.paymentId}/reduction`,
        body: { conditionId: f.conditionId, amountOre: parseKroner(f.amount) ?? -1, assessment: f.reason },
      };
    case 'stop':
      return { path: `payments/${t.paymentId}/stop`, body: { reason: f.reason } };
    case 'release-again':
      return { path: `payments/${t.paymentId}/release-again`, body: { reason: f.reason } };
    case 'revoke':
      return { path: 'revocation', body: { reason: f.reason } };
  }
}

/** One amendment by the decision unit, in a dialog: what it does, the fields it needs, and its reason. */
/** What was done, in a sentence: "Vilkår C1 er opphevet." */
function confirmation(t: AmendmentTarget, f: { deadline: string; amount: string }): string {
  const what = t.short ?? '';
  switch (t.kind) {
    case 'lift':
      return `Vilkår ${what} er opphevet.`;
    case 'deadline':
      return `Ny frist for ${what} er ${formatDate(parseDate(f.deadline))}.`;
    case 'reduce':
      return `${what} er redusert til ${formatOre(parseKroner(f.amount) ?? 0)}.`;
    case 'stop':
      return `${what} er stanset.`;
    case 'release-again':
      return `${what} er sendt til utbetaling på nytt.`;
    case 'revoke':
      return 'Vedtaket er opphevet.';
  }
}

export function AmendmentButton({
  target,
  onDone,
  size = 'small',
}: {
  target: AmendmentTarget;
  onDone: (message: string) => void;
  size?: 'small' | 'medium';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState('');
  const [amount, setAmount] = useState('');
  const [conditionId, setConditionId] = useState(target.breachedConditions?.[0]?.conditionId ?? '');
  const [sending, setSending] = useState(false);
  const [whatIf, setWhatIf] = useState<WhatIfAnswer | null>(null);
  const submission = useSubmissionKey();
  const form = useFormErrors(`endring-${useId().replace(/[^A-Za-z0-9]/g, '')}`);
  const label = AMENDMENT_LABELS[target.kind];
  const buttonLabel = target.short ? BUTTON_LABELS[target.kind](target.short) : label;
  const reasonField = target.kind === 'reduce' ? 'assessment' : 'reason';

  /** `preview`: ask what would happen (`?dryRun=true`) and show it; nothing is amended. */
  const submit = async (preview = false) => {
    const local: Record<string, string> = {};
    if (reason.trim().length < 10) local[reasonField] = 'Skriv begrunnelsen, minst 10 tegn.';
    if (target.kind === 'deadline' && !parseDate(deadline)) local.deadline = 'Skriv en gyldig dato (dd.mm.åååå).';
    if (target.kind === 'reduce') {
      const ore = parseKroner(amount);
      if (ore === null || ore <= 0) local.amountOre = 'Skriv det nye beløpet i kroner, mer enn 0.';
      else if (target.currentAmountOre !== undefined && ore >= target.currentAmountOre)
        local.amountOre = `Må være lavere enn ${formatOre(target.currentAmountOre)}.`;
      if (!conditionId) local.conditionId = 'Velg vilkåret som er brutt.';
    }
    if (Object.keys(local).length) {
      form.set(local);
      return;
    }
    const { path, body } = request(target, { reason, deadline, amount, conditionId });
    setSending(true);
    try {
      // A preview changes nothing and carries no key; the amendment keeps its key until it has gone through.
      const answer = await post<WhatIfAnswer>(
        'decision',
        `/decisions/${target.decisionId}/${path}${preview ? '?dryRun=true' : ''}`,
        body,
        preview ? undefined : submission.key(),
      );
      if (preview) {
        form.clear();
        setWhatIf(answer);
        return;
      }
      submission.done();
      ref.current?.close();
      setWhatIf(null);
      form.clear();
      setReason('');
      onDone(confirmation(target, { deadline, amount }));
    } catch (err) {
      setWhatIf(null);
      form.fromApi(err, (field) => [reasonField, 'deadline', 'amountOre', 'conditionId'].includes(field));
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Button size={size} variant={target.kind === 'revoke' ? 'tertiary' : 'secondary'} onClick={() => ref.current?.showModal()}>
        {buttonLabel}
      </Button>
      <Modal
        ref={ref}
        header={{ heading: label }}
        width="medium"
        onClose={() => {
          form.clear();
          setWhatIf(null);
        }}
      >
        <Modal.Body>
          <VStack gap="space-16">
            <BodyShort weight="semibold">{target.subject}</BodyShort>
            <BodyShort>{INTRO[target.kind]}</BodyShort>
            <FormErrors form={form} headingTag="h3" />
            {target.kind === 'deadline' && (
              <TextField {...form.bind('deadline', deadline, setDeadline)} label="Ny frist" description="dd.mm.åååå" />
            )}
            {target.kind === 'reduce' && (
              <>
                <Select
                  id={form.id('conditionId')}
                  label="Vilkåret som er brutt"
                  value={conditionId}
                  onChange={(e) => setConditionId(e.target.value)}
                  error={form.errors.conditionId}
                >
                  {(target.breachedConditions ?? []).map((c) => (
                    <option key={c.conditionId} value={c.conditionId}>
                      {c.label}
                    </option>
                  ))}
                </Select>
                <TextField
                  id={form.id('amountOre')}
                  label="Nytt beløp i kroner"
                  description={target.currentAmountOre !== undefined ? `Nå: ${formatOre(target.currentAmountOre)}` : undefined}
                  value={amount}
                  onChange={(e) => {
                    form.clearField('amountOre');
                    setAmount(e.target.value);
                  }}
                  error={form.errors.amountOre}
                  inputMode="decimal"
                />
              </>
            )}
            <Textarea
              {...form.bind(reasonField, reason, setReason)}
              label={target.kind === 'reduce' ? 'Vurdering (begrunnelse for reduksjonen)' : 'Begrunnelse'}
              description="Minst 10 tegn. Lagres i journalen med Nav-identen din."
              minRows={3}
            />
            {whatIf && <WhatIfPanel answer={whatIf} heading={`Hvis du trykker «${label}»`} headingLevel="3" />}
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button
            onClick={() => void submit()}
            loading={sending}
            variant={target.kind === 'revoke' || target.kind === 'stop' ? 'danger' : 'primary'}
          >
            {label}
          </Button>
          {PREVIEWABLE.includes(target.kind) && (
            <Button variant="secondary" disabled={sending} onClick={() => void submit(true)}>
              Se hva som skjer
            </Button>
          )}
          <Button variant="tertiary" onClick={() => ref.current?.close()}>
            Avbryt
          </Button>
        </Modal.Footer>
      </Modal>
    </>
  );
}
