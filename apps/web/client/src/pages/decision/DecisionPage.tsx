import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { Alert, BodyShort, Box, Heading, HGrid, HStack, Link, Loader, VStack } from '@navikt/ds-react';
import { ApiError, get, getAll } from '../../api';
import { usePolling } from '../../usePolling';
import { usePageTitle } from '../../components/usePageTitle';
import { StaleWarning } from '../../components/StaleWarning';
import { amendmentText } from './amendment-text';
import { ConditionStatusTag, Labelled } from '../../components/forms';
import { Journal, JournalRow } from '../../components/Journal';
import { PaymentCard } from '../../components/PaymentCard';
import { formatDate, formatInstant, formatOre } from '../../format';
import { hasRole, useSession } from '../../session';
import type { ConditionView, DecisionView, PaymentView } from '../../types';
import { categoryLabel, conditionShort, personLabel, purposeLabel } from '../../texts';
import { AmendmentButton } from './AmendmentDialog';

interface Loaded {
  followUp: Map<string, string>;
  decision: DecisionView;
  /** null: payout could not be asked; []: it does not know the decision yet. */
  payments: PaymentView[] | null;
  journal: JournalRow[];
}

const mask = (nationalId: string) => `${nationalId.slice(0, 6)}*****`;

/** The decision: its payments and conditions as they stand, the amendments at hand, and its journal. */
export function DecisionPage() {
  const { decisionId = '' } = useParams();
  const { user } = useSession();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>(
    (location.state as { issued?: boolean } | null)?.issued ? 'Vedtaket er fattet.' : null,
  );
  const heading = usePageTitle('Vedtak');
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const { data, error, reload, updatedAt } = usePolling<Loaded>(
    async () => {
      const decision = await get<DecisionView>('decision', `/decisions/${decisionId}`);
      const [payments, journal, followed] = await Promise.all([
        getAll<PaymentView>('payout', `/decisions/${decisionId}/payments`, 'payments').catch((e: ApiError) =>
          e.status === 404 ? [] : null,
        ),
        getAll<{
          at: string;
          actor: JournalRow['actor'];
          kind: string;
          details: Record<string, unknown> | null;
          reason: string | null;
        }>('decision', `/decisions/${decisionId}/journal`, 'entries'),
        getAll<ConditionView>('follow-up', `/cases/${encodeURIComponent(decision.caseId)}/conditions`, 'conditions').catch(
          () => [] as ConditionView[],
        ),
      ]);
      // The decision unit knows a condition as active, lifted or annulled; follow-up knows whether it is met.
      const followUp = new Map(followed.map((c) => [c.conditionId, c.status]));
      return {
        decision,
        payments,
        followUp,
        journal: journal.map((e) => ({
          at: e.at,
          actor: e.actor,
          action: e.kind,
          what: amendmentText(e.kind, e.details, decision),
          why: e.reason,
        })),
      };
    },
    [decisionId],
    2000,
  );

  if (error && !data)
    return (
      <Alert variant={error.status === 403 ? 'warning' : 'error'}>
        {error.status === 403 ? 'Vedtaket finnes ikke, eller det gjelder et Nav-kontor du ikke har tilgang til.' : error.message}
      </Alert>
    );
  if (!data) return <Loader title="Henter vedtaket …" />;
  const { decision: d, payments } = data;
  const mayAmend = hasRole(user, 'decision-unit') && !d.revoked;
  const persons = d.persons ?? [];
  const partner = persons.find((p) => p.person === 'PARTNER');
  const whose = (person?: string) => personLabel(person, partner?.relation);
  const done = (message: string) => {
    setNotice(message);
    void reload();
  };

  return (
    <VStack gap="space-24">
      <VStack gap="space-8">
        <Heading level="1" size="large" ref={heading} tabIndex={-1}>
          Vedtak i sak {d.caseId}
        </Heading>
        {notice && (
          <Alert variant="success" size="small" role="status" ref={noticeRef} tabIndex={-1}>
            {notice}
          </Alert>
        )}
        <StaleWarning error={error} updatedAt={updatedAt} />
        {d.revoked && <Alert variant="warning">Vedtaket er opphevet.</Alert>}
      </VStack>
      <HGrid as="dl" columns={{ xs: 2, md: 5 }} gap="space-16">
        <Labelled label="Sak">
          <Link as={RouterLink} to={`/saker/${encodeURIComponent(d.caseId)}`}>
            {d.caseId}
          </Link>
        </Labelled>
        <Labelled label="Nav-kontor">{d.office}</Labelled>
        <Labelled label="Mottaker">{mask(d.recipientNationalId)}</Labelled>
        {partner && <Labelled label={personLabel('PARTNER', partner.relation)}>{mask(partner.nationalId)}</Labelled>}
        <Labelled label="Periode">
          {formatDate(d.periodFrom)}–{formatDate(d.periodTo)}
        </Labelled>
        <Labelled label="Fattet">
          {formatInstant(d.issuedAt)} av {d.issuedBy}
        </Labelled>
      </HGrid>

      {persons.some((p) => p.activityDutyApplies) && (
        <section aria-labelledby="aktivitetsplikt">
          <Heading level="2" size="medium" id="aktivitetsplikt" spacing>
            Aktivitetsplikt (§ 20 a)
          </Heading>
          <VStack gap="space-8">
            {persons
              .filter((p) => p.activityDutyApplies)
              .map((p) => (
                <Box key={p.person} padding="space-16" borderRadius="8" borderWidth="1" borderColor="neutral-subtle">
                  <Heading level="3" size="xsmall" spacing>
                    {whose(p.person)}: under 30 år ved periodens start
                  </Heading>
                  {p.activityException ? (
                    <>
                      <BodyShort size="small">
                        Unntak {p.activityException.code} {p.activityException.name}
                      </BodyShort>
                      <BodyShort size="small">Begrunnelse: {p.activityException.reason}</BodyShort>
                    </>
                  ) : (
                    <BodyShort size="small">
                      Har aktivitetsvilkår:{' '}
                      {d.conditions
                        .filter(
                          (c) =>
                            (c.person ?? 'RECIPIENT') === p.person &&
                            ['ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'].includes(c.requirement.kind),
                        )
                        .map((c) => c.ref)
                        .join(', ') || 'ingen'}
                    </BodyShort>
                  )}
                </Box>
              ))}
          </VStack>
        </section>
      )}

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
                  <ConditionStatusTag
                    status={data.followUp.get(c.conditionId) ?? (c.status === 'ACTIVE' ? (c.breached ? 'BREACHED' : 'OPEN') : c.status)}
                  />
                </HStack>
                <BodyShort size="small">{c.text}</BodyShort>
                <BodyShort size="small">
                  Frist {formatDate(c.deadline)} · holder tilbake {c.gates.length ? c.gates.join(', ') : 'ingen utbetalinger'}
                </BodyShort>
                <BodyShort size="small">
                  Gjelder: {whose(c.person).toLowerCase()}
                  {c.category ? ` · kategori ${categoryLabel(c.category)}` : ''}
                </BodyShort>
                {mayAmend && c.status === 'ACTIVE' && (
                  <HStack gap="space-8">
                    <AmendmentButton
                      target={{
                        decisionId: d.decisionId,
                        kind: 'lift',
                        conditionId: c.conditionId,
                        subject: `Vilkår ${c.ref}: ${c.text}`,
                        short: c.ref,
                      }}
                      onDone={done}
                    />
                    <AmendmentButton
                      target={{
                        decisionId: d.decisionId,
                        kind: 'deadline',
                        conditionId: c.conditionId,
                        subject: `Vilkår ${c.ref}: ${c.text}`,
                        short: c.ref,
                      }}
                      onDone={done}
                    />
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
        {payments === null && <BodyShort>Fikk ikke hentet utbetalingene akkurat nå. Siden prøver igjen av seg selv.</BodyShort>}
        {payments?.length === 0 && <BodyShort>Utbetalingene er ikke klare ennå. De vises her om noen sekunder.</BodyShort>}
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          {(payments ?? []).map((p) => {
            const short = `${p.ref} ${purposeLabel(p.purpose)}`;
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
                          subject: `Utbetaling ${short} ${formatOre(p.amountOre)}`,
                          short,
                          currentAmountOre: p.amountOre,
                          breachedConditions: breached.map((c) => ({
                            conditionId: c.conditionId,
                            label: `${c.ref}: ${conditionShort(c)}`,
                          })),
                        }}
                        onDone={done}
                      />
                    )}
                    {p.status === 'HELD' && (
                      <AmendmentButton
                        target={{
                          decisionId: d.decisionId,
                          kind: 'stop',
                          paymentId: p.paymentId,
                          subject: `Utbetaling ${short} ${formatOre(p.amountOre)}`,
                          short,
                        }}
                        onDone={done}
                      />
                    )}
                    {p.status === 'FAILED' && (
                      <AmendmentButton
                        target={{
                          decisionId: d.decisionId,
                          kind: 'release-again',
                          paymentId: p.paymentId,
                          subject: `Utbetaling ${short} ${formatOre(p.amountOre)}`,
                          short,
                        }}
                        onDone={done}
                      />
                    )}
                  </HStack>
                )}
              </VStack>
            );
          })}
        </HGrid>
      </section>

      <section aria-labelledby="journal">
        <Heading level="2" size="medium" id="journal" spacing>
          Vedtakets journal
        </Heading>
        <Journal rows={data.journal} caption="Vedtakets journal" />
      </section>

      {mayAmend && (
        <section aria-labelledby="oppheve">
          <Heading level="2" size="small" id="oppheve" spacing>
            Oppheve hele vedtaket
          </Heading>
          <BodyShort spacing size="small">
            Utbetalinger som holdes tilbake, annulleres, og åpne vilkår bortfaller. Utbetalinger som er sendt, berøres ikke.
          </BodyShort>
          <AmendmentButton target={{ decisionId: d.decisionId, kind: 'revoke', subject: `Vedtaket i sak ${d.caseId}` }} onDone={done} />
        </section>
      )}
    </VStack>
  );
}
