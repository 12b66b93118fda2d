import { useState } from 'react';
import { Alert, BodyShort, Box, Heading, HGrid, Loader, Select, Table, VStack } from '@navikt/ds-react';
import { get } from '../../api';
import { formatDate, formatDuration, formatOre } from '../../format';
import { usePageTitle } from '../../components/usePageTitle';
import { useSession } from '../../session';
import { usePolling } from '../../usePolling';

interface Figures {
  openConditions: number;
  deadlinesNext7Days: number;
  breachesAwaitingDecision: number;
  heldPayments: { count: number; amountOre: number };
  releaseLatencyMs: {
    count: number;
    median: number | null;
    p95: number | null;
    histogram?: Array<{ label: string; upToMs: number | null; count: number }>;
  };
}

interface Overview {
  office: string;
  asOf: string;
  total: Figures;
  byVeileder: Array<Figures & { veilederIdent: string | null }>;
}

/** The service's bucket labels, written out. */
const BUCKET_WORDS: Record<string, string> = {
  'under 1 sek': 'under 1 sekund',
  '1–10 sek': '1–10 sekunder',
  '10 sek–1 min': '10 sekunder–1 minutt',
  '1–10 min': '1–10 minutter',
  '10 min–1 t': '10 minutter–1 time',
  '1 t–1 døgn': '1 time–1 døgn',
  'over 1 døgn': 'over 1 døgn',
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box padding="space-16" borderRadius="8" background="neutral-soft">
      <BodyShort size="small">{label}</BodyShort>
      <Heading level="3" size="medium" as="p">
        {value}
      </Heading>
    </Box>
  );
}

/** A bar per bucket of time from the last condition met to the release: a chart a screen reader reads as a table. */
function LatencyChart({ histogram }: { histogram: NonNullable<Figures['releaseLatencyMs']['histogram']> }) {
  const max = Math.max(1, ...histogram.map((b) => b.count));
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <BodyShort weight="semibold" spacing>
          Tid fra siste vilkår oppfylt til utbetalingen ble sendt
        </BodyShort>
      </figcaption>
      <div className="vf-bars" role="table" aria-label="Antall utbetalinger per tidsrom">
        <div role="row" className="aksel-sr-only">
          <span role="columnheader">Tidsrom</span>
          <span role="columnheader">Antall</span>
        </div>
        {histogram.map((b) => (
          <div key={b.label} className="vf-bar-row" role="row">
            <span role="rowheader">{BUCKET_WORDS[b.label] ?? b.label}</span>
            <div aria-hidden="true">{b.count > 0 && <div className="vf-bar" style={{ width: `${(b.count / max) * 100}%` }} />}</div>
            <span role="cell">{b.count}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}

/** Per office and per veileder: what is open, due, awaiting decision, held back, and how fast money goes. */
export function OverviewPage() {
  const { user } = useSession();
  const offices = user?.offices ?? [];
  const [office, setOffice] = useState(offices[0] ?? '');
  const heading = usePageTitle('Oversikt');
  const { data, error } = usePolling(() => get<Overview>('payout', `/offices/${office}/overview`), [office], 10_000);
  if (error && !data) return <Alert variant="error">{error.message}</Alert>;
  if (!data) return <Loader title="Henter oversikten …" />;
  const t = data.total;
  return (
    <VStack gap="space-24">
      <VStack gap="space-4">
        <Heading level="1" size="large" ref={heading} tabIndex={-1}>
          Oversikt for Nav-kontor {data.office}
        </Heading>
        <BodyShort size="small">Per {formatDate(data.asOf)}. Oppdateres hvert tiende sekund.</BodyShort>
      </VStack>
      {offices.length > 1 && (
        <Select label="Nav-kontor" value={office} onChange={(e) => setOffice(e.target.value)} size="small" style={{ maxWidth: '12rem' }}>
          {offices.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </Select>
      )}
      <HGrid columns={{ xs: 2, md: 5 }} gap="space-16">
        <Figure label="Åpne vilkår" value={String(t.openConditions)} />
        <Figure label="Frist innen 7 dager" value={String(t.deadlinesNext7Days)} />
        <Figure label="Brudd som venter på vedtak" value={String(t.breachesAwaitingDecision)} />
        <Figure label={`Holdes tilbake (${t.heldPayments.count} utbetalinger)`} value={formatOre(t.heldPayments.amountOre)} />
        <Figure
          label={`Fra vilkår oppfylt til sendt, vanligvis (95 % innen ${formatDuration(t.releaseLatencyMs.p95)})`}
          value={formatDuration(t.releaseLatencyMs.median)}
        />
      </HGrid>
      {t.releaseLatencyMs.histogram && <LatencyChart histogram={t.releaseLatencyMs.histogram} />}
      <section aria-labelledby="per-veileder">
        <Heading level="2" size="medium" id="per-veileder" spacing>
          Per veileder
        </Heading>
        <Table>
          <caption className="aksel-sr-only">Tall per oppfølgingsveileder</caption>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">Veileder</Table.HeaderCell>
              <Table.HeaderCell scope="col" align="right">
                Åpne vilkår
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" align="right">
                Frist innen 7 dager
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" align="right">
                Brudd som venter på vedtak
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" align="right">
                Holdes tilbake
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" align="right">
                Fra vilkår oppfylt til sendt (median)
              </Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.byVeileder.map((v) => (
              <Table.Row key={v.veilederIdent ?? 'ingen'}>
                <Table.HeaderCell scope="row">{v.veilederIdent ?? 'Ingen veileder satt'}</Table.HeaderCell>
                <Table.DataCell align="right">{v.openConditions}</Table.DataCell>
                <Table.DataCell align="right">{v.deadlinesNext7Days}</Table.DataCell>
                <Table.DataCell align="right">{v.breachesAwaitingDecision}</Table.DataCell>
                <Table.DataCell align="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatOre(v.heldPayments.amountOre)} ({v.heldPayments.count})
                </Table.DataCell>
                <Table.DataCell align="right">{formatDuration(v.releaseLatencyMs.median)}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </section>
    </VStack>
  );
}
