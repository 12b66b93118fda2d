import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Alert, BodyShort, Box, Detail, Heading, HStack, Link, Loader, Tag, VStack } from '@navikt/ds-react';
import { get, getAll } from '../../api';
import { formatInstant, formatOre } from '../../format';
import { hasRole, useSession } from '../../session';
import { conditionShort, purposeLabel, WORKLIST_KINDS } from '../../texts';
import type { DecisionView, WorklistItem } from '../../types';
import { usePolling } from '../../usePolling';
import { AmendmentButton, AmendmentTarget } from './AmendmentDialog';
import { worklistText } from './worklist-text';
import { usePageTitle } from '../../components/usePageTitle';
import { StaleWarning } from '../../components/StaleWarning';

const KIND_LABELS: Record<string, string> = {
  CONDITION_BREACHED: WORKLIST_KINDS.BREACH,
  RELEASED_PAYMENT_QUESTIONED: WORKLIST_KINDS.RELEASE_QUESTIONED,
  PAYMENT_FAILED: WORKLIST_KINDS.PAYMENT_FAILED,
};

/** What awaits the decision unit, oldest first, each with the amendments that settle it. */
export function WorklistPage() {
  const { user } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const heading = usePageTitle('Arbeidsliste');
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const { data, error, reload, updatedAt } = usePolling(
    async () => {
      const items = await getAll<WorklistItem>('decision', '/worklist', 'items');
      const ids = [...new Set(items.map((i) => i.decisionId))];
      const decisions = await Promise.all(ids.map((id) => get<DecisionView>('decision', `/decisions/${id}`).catch(() => null)));
      return { items, decisions: new Map(decisions.filter((d): d is DecisionView => d !== null).map((d) => [d.decisionId, d])) };
    },
    [],
    3000,
  );

  if (error && !data) return <Alert variant="error">{error.message}</Alert>;
  if (!data) return <Loader title="Henter arbeidslisten …" />;
  const mayAmend = hasRole(user, 'decision-unit');

  return (
    <VStack gap="space-24">
      <Heading level="1" size="large" ref={heading} tabIndex={-1}>
        Arbeidsliste
      </Heading>
      {notice && (
        <Alert variant="success" size="small" role="status" ref={noticeRef} tabIndex={-1}>
          {notice}
        </Alert>
      )}
      <StaleWarning error={error} updatedAt={updatedAt} />
      {data.items.length === 0 && <BodyShort>Ingenting venter på vedtaksavdelingen nå.</BodyShort>}
      <VStack gap="space-16" as="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Saker som venter, eldste først">
        {data.items.map((item) => {
          const d = data.decisions.get(item.decisionId);
          const condition = d?.conditions.find((c) => c.conditionId === item.conditionId);
          const payment = d?.payments.find((p) => p.paymentId === item.paymentId);
          const held = d?.payments.filter((p) => condition?.gatesPaymentIds.includes(p.paymentId) && p.status === 'HELD') ?? [];
          const actions: AmendmentTarget[] = [];
          if (d && !d.revoked) {
            const subject = condition
              ? `Vilkår ${condition.ref}: ${condition.text}`
              : payment
                ? `Utbetaling ${payment.ref} ${purposeLabel(payment.purpose)} ${formatOre(payment.currentAmountOre)}`
                : `Sak ${item.caseId}`;
            if (condition && condition.status === 'ACTIVE') {
              actions.push({ decisionId: d.decisionId, kind: 'lift', conditionId: condition.conditionId, subject, short: condition.ref });
              actions.push({
                decisionId: d.decisionId,
                kind: 'deadline',
                conditionId: condition.conditionId,
                subject,
                short: condition.ref,
              });
            }
            if (condition && item.kind === 'CONDITION_BREACHED') {
              for (const p of held) {
                const short = `${p.ref} ${purposeLabel(p.purpose)}`;
                const ps = `Utbetaling ${short} ${formatOre(p.currentAmountOre)}`;
                if (d.reductionOnBreachAnnounced) {
                  actions.push({
                    decisionId: d.decisionId,
                    kind: 'reduce',
                    paymentId: p.paymentId,
                    subject: ps,
                    short,
                    currentAmountOre: p.currentAmountOre,
                    breachedConditions: [{ conditionId: condition.conditionId, label: `${condition.ref}: ${conditionShort(condition)}` }],
                  });
                }
                actions.push({ decisionId: d.decisionId, kind: 'stop', paymentId: p.paymentId, subject: ps, short });
              }
            }
            if (payment && payment.status === 'FAILED')
              actions.push({
                decisionId: d.decisionId,
                kind: 'release-again',
                paymentId: payment.paymentId,
                subject,
                short: `${payment.ref} ${purposeLabel(payment.purpose)}`,
              });
            actions.push({ decisionId: d.decisionId, kind: 'revoke', subject: `Vedtaket i sak ${item.caseId}` });
          }
          return (
            <Box
              as="li"
              key={item.itemId}
              padding="space-16"
              borderRadius="8"
              borderWidth="1"
              borderColor="neutral-subtle"
              aria-label={`${KIND_LABELS[item.kind] ?? item.kind}, sak ${item.caseId}`}
            >
              <VStack gap="space-8">
                <HStack gap="space-8" align="center">
                  <Tag data-color={item.kind === 'CONDITION_BREACHED' ? 'danger' : 'warning'} variant="moderate" size="small">
                    {KIND_LABELS[item.kind] ?? item.kind}
                  </Tag>
                  <Heading level="2" size="xsmall">
                    Sak{' '}
                    <Link as={RouterLink} to={`/vedtak/${item.decisionId}`}>
                      {item.caseId}
                    </Link>
                  </Heading>
                  <Detail>{formatInstant(item.raisedAt)}</Detail>
                </HStack>
                <BodyShort>{worklistText(item, d)}</BodyShort>
                {held.length > 0 && (
                  <BodyShort size="small">
                    Holder tilbake: {held.map((p) => `${p.ref} ${purposeLabel(p.purpose)} ${formatOre(p.currentAmountOre)}`).join(', ')}
                  </BodyShort>
                )}
                {mayAmend && (
                  <HStack gap="space-8" wrap>
                    {actions.map((a, i) => (
                      <AmendmentButton
                        key={i}
                        target={a}
                        onDone={(m) => {
                          setNotice(m);
                          void reload();
                        }}
                      />
                    ))}
                  </HStack>
                )}
              </VStack>
            </Box>
          );
        })}
      </VStack>
    </VStack>
  );
}
