import { BodyShort, Detail, Table } from '@navikt/ds-react';
import { formatInstant } from '../format';
import { journalWhat } from '../journal-text';
import { ROLE_LABELS } from '../texts';

const ACTIONS: Record<string, string> = {
  DECISION_ISSUED: 'Vedtak fattet',
  ACTIVITY_DUTY_EXCEPTION: 'Unntak fra aktivitetsplikten (§ 20 a)',
  CONDITION_LIFTED: 'Vilkår opphevet',
  DEADLINE_MOVED: 'Ny frist',
  CONDITION_ADDED: 'Vilkår lagt til',
  PAYMENT_REDUCED: 'Utbetaling redusert',
  PAYMENT_STOPPED: 'Utbetaling stanset',
  RELEASE_AGAIN: 'Sendt til utbetaling på nytt',
  DECISION_REVOKED: 'Vedtaket opphevet',
  CONDITION_SET: 'Vilkår satt',
  EVIDENCE_REGISTERED: 'Dokumentasjon registrert',
  EVIDENCE_WITHDRAWN: 'Dokumentasjon trukket tilbake',
  CONDITION_FULFILLED: 'Vilkår oppfylt',
  CONDITION_REOPENED: 'Vilkår åpnet igjen',
  CONDITION_BREACHED: 'Brudd: fristen gikk ut',
  CONDITION_ANNULLED: 'Vilkår bortfalt',
};

export interface JournalRow {
  at: string;
  actor: { ident: string; role: string } | null;
  action: string;
  what?: string | null;
  why?: string | null;
  conditionId?: string | null;
}

/** Who did what, when and why, oldest first. "Systemet" where no person acted. */
export function Journal({
  rows,
  caption,
  refOf,
}: {
  rows: JournalRow[];
  caption: string;
  refOf?: (conditionId: string) => string | undefined;
}) {
  return (
    <Table size="small">
      <caption className="aksel-sr-only">{caption}</caption>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell scope="col">Tid</Table.HeaderCell>
          <Table.HeaderCell scope="col">Hvem</Table.HeaderCell>
          <Table.HeaderCell scope="col">Hva</Table.HeaderCell>
          <Table.HeaderCell scope="col">Begrunnelse</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {rows.map((r, i) => (
          <Table.Row key={i}>
            <Table.DataCell style={{ whiteSpace: 'nowrap' }}>{formatInstant(r.at)}</Table.DataCell>
            <Table.DataCell>{r.actor ? `${r.actor.ident} (${ROLE_LABELS[r.actor.role] ?? r.actor.role})` : 'Systemet'}</Table.DataCell>
            <Table.DataCell>
              <BodyShort size="small">
                {ACTIONS[r.action] ?? r.action}
                {r.conditionId && refOf?.(r.conditionId) && r.action !== 'CONDITION_SET' ? ` (${refOf(r.conditionId)})` : ''}
              </BodyShort>
              {journalWhat(r.action, r.what) && <Detail textColor="subtle">{journalWhat(r.action, r.what)}</Detail>}
            </Table.DataCell>
            <Table.DataCell>{r.why ?? ''}</Table.DataCell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
