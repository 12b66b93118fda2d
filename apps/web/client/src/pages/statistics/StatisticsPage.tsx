import { useState } from 'react';
import { Alert, BodyShort, Box, Heading, HGrid, HStack, Link, Loader, Select, Table, VStack } from '@navikt/ds-react';
import { DownloadIcon } from '@navikt/aksel-icons';
import type { YearlyStatistics } from '@vf/rules';
import { get } from '../../api';
import { usePageTitle } from '../../components/usePageTitle';
import { useSession } from '../../session';
import { usePolling } from '../../usePolling';

const FIRST_YEAR = 2017; // § 20 a came into force in 2017

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Box padding="space-16" borderRadius="8" background="neutral-soft">
      <BodyShort size="small">{label}</BodyShort>
      <Heading level="3" size="medium" as="p">
        {value}
      </Heading>
    </Box>
  );
}

/**
 * The office's yearly figures for the municipal statistics (KOSTRA), counted per person: recipients
 * with conditions, conditions per category, § 20 a, breaches, reductions and lifts. Download as CSV.
 */
export function StatisticsPage() {
  const { user } = useSession();
  const offices = user?.offices ?? [];
  const thisYear = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Oslo' }).slice(0, 4);
  const [office, setOffice] = useState(offices[0] ?? '');
  const [year, setYear] = useState(thisYear);
  const heading = usePageTitle('Statistikk');
  const { data, error } = usePolling(
    () => get<YearlyStatistics>('decision', `/offices/${office}/statistics/${year}`),
    [office, year],
    60_000,
  );
  const years = Array.from({ length: Number(thisYear) - FIRST_YEAR + 1 }, (_, i) => String(Number(thisYear) - i));

  return (
    <VStack gap="space-24">
      <Heading level="1" size="large" ref={heading} tabIndex={-1}>
        Statistikk over vilkår
      </Heading>
      <BodyShort>
        Tallene til den kommunale statistikken (KOSTRA). Hver person telles én gang, uansett hvor mange vedtak personen har hatt i året.
      </BodyShort>
      <HStack gap="space-16" align="end">
        <Select label="Nav-kontor" value={office} onChange={(e) => setOffice(e.target.value)} size="small" style={{ maxWidth: '12rem' }}>
          {offices.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
        <Select label="År" value={year} onChange={(e) => setYear(e.target.value)} size="small" style={{ maxWidth: '8rem' }}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <Link href={`/api/decision/offices/${office}/statistics/${year}/csv`} download>
          <DownloadIcon aria-hidden /> Last ned som CSV ({office}, {year})
        </Link>
      </HStack>
      {error && !data && (
        <Alert variant={error.status === 403 ? 'warning' : 'error'}>
          {error.status === 403 ? 'Du har ikke tilgang til dette kontoret.' : error.message}
        </Alert>
      )}
      {!data && !error && <Loader title="Henter statistikken …" />}
      {data && (
        <>
          <HGrid columns={{ xs: 1, md: 4 }} gap="space-16">
            <Figure label="Mottakere med vilkår" value={data.recipientsWithConditions} />
            <Figure label="Personer med vilkår (medregnet ektefelle/samboer)" value={data.personsWithConditions} />
            <Figure label="Under 30 år" value={data.activityDuty.personsUnder30} />
            <Figure label="Under 30 år med aktivitetsvilkår" value={data.activityDuty.withActivityConditions} />
          </HGrid>

          <section aria-labelledby="kategorier">
            <Heading level="2" size="medium" id="kategorier" spacing>
              Vilkår etter kategori
            </Heading>
            <Table size="small">
              <caption className="aksel-sr-only">Vilkår etter kategori i {year}</caption>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">Kode</Table.HeaderCell>
                  <Table.HeaderCell scope="col">Kategori</Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    Personer
                  </Table.HeaderCell>
                  <Table.HeaderCell scope="col" align="right">
                    Vilkår
                  </Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.categories.map((c) => (
                  <Table.Row key={c.code ?? 'none'}>
                    <Table.DataCell>{c.code ?? '–'}</Table.DataCell>
                    <Table.DataCell>{c.name}</Table.DataCell>
                    <Table.DataCell align="right">{c.persons}</Table.DataCell>
                    <Table.DataCell align="right">{c.count}</Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </section>

          <HGrid columns={{ xs: 1, md: 2 }} gap="space-24">
            <section aria-labelledby="unntak">
              <Heading level="2" size="medium" id="unntak" spacing>
                Unntak fra aktivitetsplikten (§ 20 a)
              </Heading>
              <Table size="small">
                <caption className="aksel-sr-only">Personer under 30 år med unntak, etter grunn</caption>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell scope="col">Grunn</Table.HeaderCell>
                    <Table.HeaderCell scope="col" align="right">
                      Personer
                    </Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {data.activityDuty.exceptions.map((e) => (
                    <Table.Row key={e.code}>
                      <Table.DataCell>
                        {e.code} {e.name}
                      </Table.DataCell>
                      <Table.DataCell align="right">{e.persons}</Table.DataCell>
                    </Table.Row>
                  ))}
                  <Table.Row>
                    <Table.DataCell>Verken aktivitetsvilkår eller unntak (vedtak fra før regelen ble sjekket)</Table.DataCell>
                    <Table.DataCell align="right">{data.activityDuty.withNeither}</Table.DataCell>
                  </Table.Row>
                </Table.Body>
              </Table>
            </section>
            <section aria-labelledby="brudd">
              <Heading level="2" size="medium" id="brudd" spacing>
                Brudd, reduksjoner og opphevinger
              </Heading>
              <Table size="small">
                <caption className="aksel-sr-only">Brudd, reduksjoner og opphevinger i {year}</caption>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell scope="col">Hva</Table.HeaderCell>
                    <Table.HeaderCell scope="col" align="right">
                      Personer
                    </Table.HeaderCell>
                    <Table.HeaderCell scope="col" align="right">
                      Antall
                    </Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {(
                    [
                      ['Brudd på vilkår', data.breaches],
                      ['Reduksjon etter brudd', data.reductions],
                      ['Opphevede vilkår', data.lifts],
                    ] as const
                  ).map(([label, x]) => (
                    <Table.Row key={label}>
                      <Table.DataCell>{label}</Table.DataCell>
                      <Table.DataCell align="right">{x.persons}</Table.DataCell>
                      <Table.DataCell align="right">{x.count}</Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </section>
          </HGrid>
        </>
      )}
    </VStack>
  );
}
