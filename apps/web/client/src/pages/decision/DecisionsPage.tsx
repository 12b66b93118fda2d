import { Link as RouterLink } from 'react-router-dom';
import { Alert, BodyShort, Heading, Link, Loader, Table, VStack } from '@navikt/ds-react';
import { get } from '../../api';
import { formatDate, formatInstant } from '../../format';
import { usePolling } from '../../usePolling';
import { usePageTitle } from '../../components/usePageTitle';

interface DecisionRow {
  decisionId: string;
  caseId: string;
  office: string;
  periodFrom: string;
  periodTo: string;
  issuedAt: string;
  issuedBy: string;
  revoked: boolean;
  payments: number;
  conditions: number;
}

/** The office's decisions, newest first. */
export function DecisionsPage() {
  const heading = usePageTitle('Vedtak');
  const { data, error } = usePolling(() => get<{ total: number; decisions: DecisionRow[] }>('decision', '/decisions?limit=50'), [], 5000);
  if (error && !data) return <Alert variant="error">{error.message}</Alert>;
  if (!data) return <Loader title="Henter vedtak …" />;
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large" ref={heading} tabIndex={-1}>
        Vedtak
      </Heading>
      <BodyShort>
        {data.total} vedtak{data.total > data.decisions.length ? `, de ${data.decisions.length} nyeste vises` : ''}.
      </BodyShort>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell scope="col">Sak</Table.HeaderCell>
            <Table.HeaderCell scope="col">Nav-kontor</Table.HeaderCell>
            <Table.HeaderCell scope="col">Periode</Table.HeaderCell>
            <Table.HeaderCell scope="col">Utbetalinger</Table.HeaderCell>
            <Table.HeaderCell scope="col">Vilkår</Table.HeaderCell>
            <Table.HeaderCell scope="col">Fattet</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {data.decisions.map((d) => (
            <Table.Row key={d.decisionId}>
              <Table.DataCell>
                <Link as={RouterLink} to={`/vedtak/${d.decisionId}`}>
                  {d.caseId}
                </Link>
                {d.revoked ? ' (opphevet)' : ''}
              </Table.DataCell>
              <Table.DataCell>{d.office}</Table.DataCell>
              <Table.DataCell>
                {formatDate(d.periodFrom)}–{formatDate(d.periodTo)}
              </Table.DataCell>
              <Table.DataCell>{d.payments}</Table.DataCell>
              <Table.DataCell>{d.conditions}</Table.DataCell>
              <Table.DataCell>
                {formatInstant(d.issuedAt)} av {d.issuedBy}
              </Table.DataCell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </VStack>
  );
}
