import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { Alert, BodyShort, Heading, HGrid, HStack, Link, Loader, VStack } from '@navikt/ds-react';
import { getAll } from '../../api';
import { Journal, JournalRow } from '../../components/Journal';
import { StaleWarning } from '../../components/StaleWarning';
import { PaymentCard } from '../../components/PaymentCard';
import { hasRole, useSession } from '../../session';
import type { ConditionView, DecisionView, PaymentView } from '../../types';
import { usePolling } from '../../usePolling';
import { ConditionCard } from './ConditionCard';
import { personLabel } from '../../texts';
import { usePageTitle } from '../../components/usePageTitle';

/**
 * The case at the veileder's desk: every condition on its own card, the payments and what each still
 * waits for, and the journal. It follows changes made elsewhere by itself (polling every second).
 */
export function CasePage() {
  const { caseId = '' } = useParams();
  const { user } = useSession();
  const heading = usePageTitle(`Sak ${caseId}`);
  const [notice, setNotice] = useState<{ conditionId: string; message: string } | null>(null);
  const { data, error, reload, updatedAt } = usePolling(
    async () => {
      const [conditions, payments, journal, decisions] = await Promise.all([
        getAll<ConditionView>('follow-up', `/cases/${encodeURIComponent(caseId)}/conditions`, 'conditions'),
        // Payout may not know the case yet (403 until it does), or be down: null, and the page says so.
        getAll<PaymentView>('payout', `/cases/${encodeURIComponent(caseId)}/payments`, 'payments').catch(() => null),
        getAll<JournalRow>('follow-up', `/cases/${encodeURIComponent(caseId)}/journal`, 'entries').catch(() => [] as JournalRow[]),
        getAll<DecisionView>('decision', `/cases/${encodeURIComponent(caseId)}/decisions`, 'decisions').catch(() => [] as DecisionView[]),
      ]);
      return { conditions, payments, journal, decisions };
    },
    [caseId],
    1000,
  );

  if (error && !data) {
    return (
      <VStack gap="space-16">
        <Heading level="1" size="large" ref={heading} tabIndex={-1}>
          Sak {caseId}
        </Heading>
        <Alert variant={error.status === 403 ? 'warning' : 'error'}>
          {error.status === 403 ? 'Saken finnes ikke, eller den tilhører et Nav-kontor du ikke har tilgang til.' : error.message}
        </Alert>
      </VStack>
    );
  }
  if (!data) return <Loader title="Henter saken …" />;
  const mayAct = hasRole(user, 'veileder');

  return (
    <VStack gap="space-24">
      <VStack gap="space-8">
        <Heading level="1" size="large" ref={heading} tabIndex={-1}>
          Sak {caseId}
        </Heading>
        {data.decisions.length > 0 && (
          <HStack gap="space-16">
            {data.decisions.map((d) => (
              <Link key={d.decisionId} as={RouterLink} to={`/vedtak/${d.decisionId}`}>
                Vedtak fattet{' '}
                {new Date(d.issuedAt).toLocaleDateString('nb-NO', {
                  timeZone: 'Europe/Oslo',
                  day: '2-digit',
                  month: '2-digit',
                  year: 'numeric',
                })}
                {d.revoked ? ' (opphevet)' : ''}
              </Link>
            ))}
          </HStack>
        )}
        <StaleWarning error={error} updatedAt={updatedAt} />
      </VStack>

      <section aria-labelledby="utbetalinger">
        <Heading level="2" size="medium" id="utbetalinger" spacing>
          Utbetalinger
        </Heading>
        {data.payments === null && <BodyShort>Fikk ikke hentet utbetalingene akkurat nå. Siden prøver igjen av seg selv.</BodyShort>}
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          {(data.payments ?? []).map((p) => (
            <PaymentCard key={p.paymentId} payment={p} conditions={data.conditions} />
          ))}
        </HGrid>
      </section>

      <section aria-labelledby="vilkar">
        <Heading level="2" size="medium" id="vilkar" spacing>
          Vilkår
        </Heading>
        <VStack gap="space-16">
          {data.conditions.map((c) => (
            <ConditionCard
              key={c.conditionId}
              condition={c}
              whose={personLabel(
                c.person,
                data.decisions.find((d) => d.decisionId === c.decisionId)?.persons?.find((p) => p.person === 'PARTNER')?.relation,
              )}
              payments={data.payments ?? []}
              mayAct={mayAct}
              notice={notice?.conditionId === c.conditionId ? notice.message : null}
              onChanged={(message) => {
                setNotice(message ? { conditionId: c.conditionId, message } : null);
                if (message) void reload();
              }}
            />
          ))}
        </VStack>
      </section>

      <section aria-labelledby="journal">
        <Heading level="2" size="medium" id="journal" spacing>
          Saksjournal
        </Heading>
        <Journal rows={data.journal} caption="Saksjournal" refOf={(id) => data.conditions.find((c) => c.conditionId === id)?.ref} />
      </section>
    </VStack>
  );
}
