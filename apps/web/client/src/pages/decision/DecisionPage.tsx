import { useState } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { Alert, BodyShort, Box, Heading, HGrid, HStack, Link, Loader, VStack } from '@navikt/ds-react';
import { get } from '../../api';
import { usePolling } from '../../usePolling';
import { ConditionStatusTag, Labelled } from '../../components/forms';
import { Journal, JournalRow } from '../../components/Journal';
import { PaymentCard } from '../../components/PaymentCard';
import { formatDate, formatInstant } from '../../format';
import { hasRole, useSession } from '../../session';
import type { ConditionView, DecisionView, PaymentView } from '../../types';
import { conditionShort } from '../../texts';
import { AmendmentButton } from './AmendmentDialog';

interface Loaded {
  followUp: Map<string, string>;
  decision: DecisionView;
  payments: PaymentView[];
  journal: JournalRow[];
}

const mask = (nationalId: string) => `${nationalId.slice(0, 6)}*****`;

/** The decision: its payments and conditions as they stand, the amendments at hand, and its journal. */
export function DecisionPage() {
  const { decisionId = '' } = useParams();
  const { user } = useSession();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { issued?: boolean } | null)?.issued ? 'Vedtaket er fattet.' : null);
  const { data, error, reload } = usePolling<Loaded>(async () => {
    const decision = await get<DecisionView>('decision', `/decisions/${decisionId}`);
    const [payments, journal, followed] = await Promise.all([
      get<{ payments: PaymentView[] }>('payout', `/decisions/${decisionId}/payments`).then((r) => r.payments, () => [] as PaymentView[]),
      get<{ entries: Array<{ at: string; actor: JournalRow['actor']; kind: string; reason: string | null }> }>('decision', `/decisions/${decisionId}/journal`),
      get<{ conditions: ConditionView[] }>('follow-up', `/cases/${encodeURIComponent(decision.caseId)}/conditions`).then((r) => r.conditions, () => [] as ConditionView[]),
    ]);
    // The decision unit knows a condition as active, lifted or annulled; follow-up knows whether it is met.
    const followUp = new Map(followed.map((c) => [c.conditionId, c.status]));
    return { decision, payments, followUp, journal: journal.entries.map((e) => ({ at: e.at, actor: e.actor, action: e.kind, why: e.reason })) };
  }, [decisionId], 2000);

  if (error && !data) return <Alert variant="error">{error.message}</Alert>;
  if (!data) return <Loader title="Henter vedtaket …" />;
  const { decision: d, payments } = data;
  const mayAmend = hasRole(user, 'decision-unit') && !d.revoked;
  const done = (message: string) => {
    setNotice(message);
    void reload();
  };

  return (
    <VStack gap="space-24">
      <VStack gap="space-8">
        <Heading level="1" size="large">
          Vedtak i sak {d.caseId}
        </Heading>
        {notice && (
          <Alert variant="success" size="small" role="status">
            {notice}
          </Alert>
        )}
        {d.revoked && <Alert variant="warning">Vedtaket er opphevet.</Alert>}
      </VStack>
      <HGrid as="dl" columns={{ xs: 2, md: 5 }} gap="space-16">
        <Labelled label="Sak">
          <Link as={RouterLink} to={`/saker/${encodeURIComponent(d.caseId)}`}>
            {d.caseId}
          </Link>
        </Labelled>
        <Labelled label="NAV-kontor">{d.office}</Labelled>
        <Labelled label="Mottaker">{mask(d.recipientNationalId)}</Labelled>
        <Labelled label="Periode">
          {formatDate(d.periodFrom)}–{formatDate(d.periodTo)}
        </Labelled>
        <Labelled label="Fattet">
          {formatInstant(d.issuedAt)} av {d.issuedBy}
        </Labelled>
      </HGrid>

      <section aria-labelledby="vilkar">
        <Heading level="2" size="medium" id="vilkar" spacing>
          Vilkår
        </Heading>
        <VStack gap="space-12">
          {d.conditions.length === 0 && <BodyShort>Ingen vilkår.</BodyShort>}
          {d.conditions.map((c) => (
            <Box key={c.conditionId} padding="space-16" borderRadius="8" borderWidth="1" borderColor="neutral-subtle">
              <VStack gap="space-8">
                <HStack justify="space-between" gap="space-8">
                  <Heading level="3" size="xsmall">
                    {c.ref}: {conditionShort(c)}
                  </Heading>
                  <ConditionStatusTag status={data.followUp.get(c.conditionId) ?? (c.status === 'ACTIVE' ? (c.breached ? 'BREACHED' : 'OPEN') : c.status)} />
                </HStack>
                <BodyShort size="small">{c.text}</BodyShort>
                <BodyShort size="small">
                  Frist {formatDate(c.deadline)} · holder tilbake {c.gates.length ? c.gates.join(', ') : 'ingen utbetalinger'}
                </BodyShort>
                {mayAmend && c.status === 'ACTIVE' && (
                  <HStack gap="space-8">
                    <AmendmentButton target={{ decisionId: d.decisionId, kind: 'lift', conditionId: c.conditionId, subject: `Vilkår ${c.ref}: ${c.text}` }} onDone={done} />
                    <AmendmentButton target={{ decisionId: d.decisionId, kind: 'deadline', conditionId: c.conditionId, subject: `Vilkår ${c.ref}: ${c.text}` }} onDone={done} />
                  </HStack>
                )}
              </VStack>
            </Box>
          ))}
        </VStack>
      </section>

      <section aria-labelledby="utbetalinger">
        <Heading level="2" size="medium" id="utbetalinger" spacing>
          Utbetalinger
        </Heading>
        {payments.length === 0 && <BodyShort>Utbetalingene vises her straks utbetalingstjenesten har registrert vedtaket.</BodyShort>}
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          {payments.map((p) => {
            const breached = d.conditions.filter((c) => c.gatesPaymentIds.includes(p.paymentId) && c.status === 'ACTIVE' && c.breached);
            return (
              <VStack key={p.paymentId} gap="space-8">
                <PaymentCard payment={p} />
                {mayAmend && (
                  <HStack gap="space-8">
                    {p.status === 'HELD' && breached.length > 0 && d.reductionOnBreachAnnounced && (
                      <AmendmentButton
                        target={{
                          decisionId: d.decisionId,
                          kind: 'reduce',
                          paymentId: p.paymentId,
                          subject: `Utbetaling ${p.ref}`,
                          currentAmountOre: p.amountOre,
                          breachedConditions: breached.map((c) => ({ conditionId: c.conditionId, label: `${c.ref}: ${conditionShort(c)}` })),
                        }}
                        onDone={done}
                      />
                    )}
                    {p.status === 'HELD' && <AmendmentButton target={{ decisionId: d.decisionId, kind: 'stop', paymentId: p.paymentId, subject: `Utbetaling ${p.ref}` }} onDone={done} />}
                    {p.status === 'FAILED' && <AmendmentButton target={{ decisionId: d.decisionId, kind: 'release-again', paymentId: p.paymentId, subject: `Utbetaling ${p.ref}` }} onDone={done} />}
                  </HStack>
                )}
              </VStack>
            );
          })}
        </HGrid>
      </section>

      {mayAmend && (
        <div>
          <AmendmentButton target={{ decisionId: d.decisionId, kind: 'revoke', subject: `Vedtaket i sak ${d.caseId}` }} onDone={done} size="medium" />
        </div>
      )}

      <section aria-labelledby="journal">
        <Heading level="2" size="medium" id="journal" spacing>
          Vedtakets journal
        </Heading>
        <Journal rows={data.journal} caption="Vedtakets journal" />
      </section>
    </VStack>
  );
}

