import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { Alert, BodyShort, Heading, Link, Loader, Search, Select, Table, VStack } from '@navikt/ds-react';
import { get } from '../../api';
import { formatDate } from '../../format';
import { useSession } from '../../session';
import { usePolling } from '../../usePolling';
import { usePageTitle } from '../../components/usePageTitle';

interface CaseRow {
  caseId: string;
  decisionIds: string[];
  openConditions: number;
  breachedConditions: number;
  fulfilledConditions: number;
  soonestDeadline: string | null;
  veilederIdent: string | null;
}

/** Find a case by its number, or pick one of the office's cases with open conditions, soonest deadline first. */
export function CasesPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const offices = user?.offices ?? [];
  const [office, setOffice] = useState(offices[0] ?? '');
  const [query, setQuery] = useState('');
  const heading = usePageTitle('Saker');
  const { data, error } = usePolling(
    () => get<{ total: number; cases: CaseRow[] }>('follow-up', `/offices/${office}/cases?limit=100`),
    [office],
    5000,
  );

  return (
    <VStack gap="space-24">
      <Heading level="1" size="large" ref={heading} tabIndex={-1}>
        Saker
      </Heading>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) navigate(`/saker/${encodeURIComponent(query.trim())}`);
        }}
      >
        <Search
          label="Finn sak med saksnummer"
          variant="primary"
          value={query}
          onChange={setQuery}
          onClear={() => setQuery('')}
          hideLabel={false}
        />
      </form>
      <VStack gap="space-12">
        <Heading level="2" size="medium">
          Saker med åpne vilkår
        </Heading>
        {offices.length > 1 && (
          <Select label="Nav-kontor" value={office} onChange={(e) => setOffice(e.target.value)} size="small" style={{ maxWidth: '12rem' }}>
            {offices.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </Select>
        )}
        {error && !data && <Alert variant="error">{error.message}</Alert>}
        {!data && !error && <Loader title="Henter saker …" />}
        {data && data.cases.length === 0 && <BodyShort>Ingen saker ved Nav-kontor {office} har åpne vilkår.</BodyShort>}
        {data && data.cases.length > 0 && (
          <Table>
            <caption className="aksel-sr-only">Saker med åpne vilkår ved Nav-kontor {office}, nærmeste frist først</caption>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell scope="col">Sak</Table.HeaderCell>
                <Table.HeaderCell scope="col">Nærmeste frist</Table.HeaderCell>
                <Table.HeaderCell scope="col">Åpne vilkår</Table.HeaderCell>
                <Table.HeaderCell scope="col">Brutt</Table.HeaderCell>
                <Table.HeaderCell scope="col">Oppfylt</Table.HeaderCell>
                <Table.HeaderCell scope="col">Veileder</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.cases.map((c) => (
                <Table.Row key={c.caseId}>
                  <Table.DataCell>
                    <Link as={RouterLink} to={`/saker/${encodeURIComponent(c.caseId)}`}>
                      {c.caseId}
                    </Link>
                  </Table.DataCell>
                  <Table.DataCell>{c.soonestDeadline ? formatDate(c.soonestDeadline) : '–'}</Table.DataCell>
                  <Table.DataCell>{c.openConditions}</Table.DataCell>
                  <Table.DataCell>{c.breachedConditions}</Table.DataCell>
                  <Table.DataCell>{c.fulfilledConditions}</Table.DataCell>
                  <Table.DataCell>{c.veilederIdent ?? '–'}</Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
        {data && data.total > data.cases.length && (
          <BodyShort size="small">
            Viser {data.cases.length} av {data.total} saker.
          </BodyShort>
        )}
      </VStack>
    </VStack>
  );
}
