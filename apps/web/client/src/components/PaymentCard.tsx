import { BodyShort, Box, Detail, Heading, HStack, List, VStack } from '@navikt/ds-react';
import { formatAccount, formatDate, formatInstant, formatOre } from '../format';
import { purposeLabel, RESOLUTION_LABELS } from '../texts';
import type { ConditionView, PaymentView } from '../types';
import { PaymentStatusTag } from './forms';

export const payeeText = (p: PaymentView['payee']) =>
  p.type === 'THIRD_PARTY' ? `${p.name}, konto ${formatAccount(p.accountNumber)}` : `Mottakeren (${p.nationalId})`;

/** A payment as the recipient would ask about it: how much, when, to whom, and what it still waits for. */
export function PaymentCard({ payment: p, conditions }: { payment: PaymentView; conditions?: ConditionView[] }) {
  const text = (conditionId: string, fallback: string | null) => {
    const c = conditions?.find((x) => x.conditionId === conditionId);
    return c ? `${c.ref}${c.person === 'PARTNER' ? ' (ektefelle/samboer)' : ''}: ${c.text}` : (fallback ?? 'et vilkår');
  };
  return (
    <Box
      as="section"
      aria-label={`Utbetaling ${p.ref} ${purposeLabel(p.purpose)}`}
      padding="space-16"
      borderRadius="8"
      borderWidth="1"
      borderColor="neutral-subtle"
      data-payment-ref={p.ref}
    >
      <VStack gap="space-8">
        <HStack justify="space-between" align="center" gap="space-8">
          <Heading level="3" size="xsmall">
            {p.ref} {purposeLabel(p.purpose)} {formatOre(p.amountOre)}
          </Heading>
          <PaymentStatusTag status={p.status} />
        </HStack>
        <BodyShort size="small">
          Forfall {formatDate(p.dueDate)} · til {p.payee.type === 'RECIPIENT' ? `mottakeren (${p.payee.nationalId})` : payeeText(p.payee)}
          {p.notBefore ? ` · tidligst ${formatDate(p.notBefore)}` : ''}
        </BodyShort>
        {p.reduction && (
          <BodyShort size="small">
            Redusert fra {formatOre(p.reduction.fromOre)} til {formatOre(p.reduction.toOre)} etter brudd: {p.reduction.assessment}
          </BodyShort>
        )}
        {p.status === 'HELD' && p.waitingFor.length > 0 && (
          <div>
            <BodyShort size="small" weight="semibold">
              Venter på:
            </BodyShort>
            <List size="small">
              {p.waitingFor.map((w) => (
                <List.Item key={w.conditionId}>
                  {text(w.conditionId, w.text)}
                  {w.deadline ? ` (frist ${formatDate(w.deadline)})` : ''}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {p.status === 'HELD' && p.waitingFor.length === 0 && p.waitingForDate && (
          <BodyShort size="small">Sendes til utbetaling {formatDate(p.waitingForDate)}.</BodyShort>
        )}
        {p.releasedAt && <Detail>Sendt til utbetaling {formatInstant(p.releasedAt)}</Detail>}
        {p.settlement?.outcome === 'PAID' && (
          <Detail>
            Utbetalt {formatDate(p.settlement.paidOn)} (ref. {p.settlement.reference})
          </Detail>
        )}
        {p.settlement?.outcome === 'FAILED' && <Detail>Feilet: {p.settlement.reason}</Detail>}
        {p.stopReason && <Detail>Stanset: {p.stopReason}</Detail>}
        {p.resolved.length > 0 && (
          <Detail>
            {p.resolved
              .map((r) => `${text(r.conditionId, r.text).split(':')[0]} ${RESOLUTION_LABELS[r.how] ?? r.how} ${formatInstant(r.at)}`)
              .join(' · ')}
          </Detail>
        )}
      </VStack>
    </Box>
  );
}
