import { EntityManager } from 'typeorm';
import { IssuedConditionV1, TOPICS } from '@vf/contracts';
import { Cause, appendManyToOutbox, deterministicUuid } from '@vf/messaging';
import { Avsender, ConditionStatus, DigisosSoker, InnsynCase, InnsynCondition, InnsynPayment, nextDigisosSoker } from '@vf/rules';
import { preparedQuery } from '@vf/platform';

/** The sender innsyn shows and checks (it enables vilkår and dokumentasjonkrav per system and version). Keep in step with package.json. */
export const AVSENDER: Avsender = { systemnavn: 'Vilkårsflyt', systemversjon: '0.1.0' };

const TERMINAL: ConditionStatus[] = ['LIFTED', 'ANNULLED'];

/** A decision as the recipient's document needs it: the sak it opens. */
export async function recordDecision(
  manager: EntityManager,
  d: { decisionId: string; caseId: string; office: string; issuedAt: string; periodFrom: string; periodTo: string },
): Promise<void> {
  await preparedQuery(
    manager,
    `INSERT INTO innsyn_decision (decision_id, case_id, office, issued_at, period_from, period_to) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (decision_id) DO NOTHING`,
    [d.decisionId, d.caseId, d.office, d.issuedAt, d.periodFrom, d.periodTo],
  );
}

/** A condition set by a decision or added to it: its kind and text. A status that arrived first is kept. */
export async function recordCondition(manager: EntityManager, decisionId: string, caseId: string, c: IssuedConditionV1, at: string) {
  await preparedQuery(
    manager,
    `INSERT INTO innsyn_condition (condition_id, decision_id, case_id, ref, kind, text, deadline, status, status_at)
     VALUES ($1, $2, $3, $8, $4, $5, $6, 'OPEN', $7)
     ON CONFLICT (condition_id) DO UPDATE SET ref = EXCLUDED.ref, kind = EXCLUDED.kind, text = EXCLUDED.text,
       deadline = COALESCE(innsyn_condition.deadline, EXCLUDED.deadline)`,
    [c.conditionId, decisionId, caseId, c.requirement.kind, c.text, c.deadline, at, c.ref],
  );
}

type StatusSnapshot = { conditionId: string; decisionId: string; caseId: string; status: ConditionStatus; deadline: string; at: string };

/**
 * A condition's status as of `at`: the newest wins, and lifted or annulled is final (a snapshot
 * from before the lift may still arrive after it).
 */
export async function recordConditionStatus(manager: EntityManager, s: StatusSnapshot): Promise<void> {
  await recordConditionStatuses(manager, [s]);
}

/** recordConditionStatus for several conditions, each once, in one statement. */
export async function recordConditionStatuses(manager: EntityManager, snapshots: StatusSnapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  await preparedQuery(
    manager,
    `INSERT INTO innsyn_condition (condition_id, decision_id, case_id, deadline, status, status_at)
     SELECT "conditionId", "decisionId", "caseId", deadline, status, at
     FROM jsonb_to_recordset($1::jsonb) AS r("conditionId" uuid, "decisionId" uuid, "caseId" text, deadline date, status text, at timestamptz)
     ON CONFLICT (condition_id) DO UPDATE SET status = EXCLUDED.status, deadline = EXCLUDED.deadline, status_at = EXCLUDED.status_at
     WHERE innsyn_condition.status_at <= EXCLUDED.status_at AND innsyn_condition.status <> ALL($2::text[])`,
    [
      JSON.stringify(
        snapshots.map(({ conditionId, decisionId, caseId, deadline, status, at }) => ({
          conditionId,
          decisionId,
          caseId,
          deadline,
          status,
          at,
        })),
      ),
      TERMINAL,
    ],
  );
}

/** Lifted or annulled by the decision unit: final, whatever arrives later. */
export async function endCondition(
  manager: EntityManager,
  s: { conditionId: string; decisionId: string; caseId: string; status: 'LIFTED' | 'ANNULLED'; at: string },
): Promise<void> {
  await preparedQuery(
    manager,
    `INSERT INTO innsyn_condition (condition_id, decision_id, case_id, deadline, status, status_at) VALUES ($1, $2, $3, NULL, $4, $5)
     ON CONFLICT (condition_id) DO UPDATE SET status = EXCLUDED.status, status_at = GREATEST(innsyn_condition.status_at, EXCLUDED.status_at)
     WHERE innsyn_condition.status <> ALL($6::text[])`,
    [s.conditionId, s.decisionId, s.caseId, s.status, s.at, TERMINAL],
  );
}

/** A new deadline; a breached condition is open again until it is met or breached anew (as follow-up does). */
export async function moveDeadline(manager: EntityManager, conditionId: string, deadline: string, at: string): Promise<void> {
  await preparedQuery(
    manager,
    `UPDATE innsyn_condition SET deadline = $2,
       status = CASE WHEN status = 'BREACHED' THEN 'OPEN' ELSE status END, status_at = GREATEST(status_at, $3)
     WHERE condition_id = $1 AND status <> ALL($4::text[])`,
    [conditionId, deadline, at, TERMINAL],
  );
}

type CaseRow = {
  decisions: Array<{ decisionId: string; office: string; issuedAt: string; periodFrom: string; periodTo: string }>;
  conditions: Array<Omit<InnsynCondition, 'statusAt'> & { statusAt: string }>;
  payments: Array<Omit<InnsynPayment, 'payee'> & { payeeType: 'RECIPIENT' | 'THIRD_PARTY'; payeeName: string | null }>;
};

/**
 * What the cases are now, in one statement: the module's decisions and conditions, and payout's own
 * payments (their authority). A refresh runs for every event payout consumes, so its round trips count.
 * Only the payee's kind and a third party's name are read, never the recipient's fødselsnummer.
 */
const LOAD_CASES = `
  SELECT c.wanted AS "caseId",
    (SELECT coalesce(json_agg(json_build_object('decisionId', decision_id, 'office', office, 'issuedAt', issued_at,
              'periodFrom', to_char(period_from, 'YYYY-MM-DD'), 'periodTo', to_char(period_to, 'YYYY-MM-DD'))
            ORDER BY issued_at, decision_id), '[]'::json)
       FROM innsyn_decision WHERE case_id = c.wanted) AS decisions,
    (SELECT coalesce(json_agg(json_build_object('conditionId', condition_id, 'decisionId', decision_id, 'kind', kind, 'text', text,
              'deadline', to_char(deadline, 'YYYY-MM-DD'), 'status', status, 'statusAt', status_at)
            ORDER BY ref, condition_id), '[]'::json)
       FROM innsyn_condition WHERE case_id = c.wanted AND kind IS NOT NULL AND deadline IS NOT NULL) AS conditions,
    (SELECT coalesce(json_agg(json_build_object('paymentId', id, 'decisionId', decision_id, 'ref', ref, 'purpose', purpose,
              'amountOre', amount_ore, 'dueDate', to_char(due_date, 'YYYY-MM-DD'), 'payeeType', payee->>'type',
              'payeeName', payee->>'name', 'status', status, 'paidOn', settlement->>'paidOn', 'gates', gates)), '[]'::json)
       FROM payment WHERE case_id = c.wanted) AS payments
  FROM unnest($1::text[]) AS c(wanted)`;

const LOCK_DOCUMENTS = `SELECT case_id AS "caseId", sequence, document FROM innsyn_document
  WHERE case_id = ANY($1::text[]) ORDER BY case_id FOR UPDATE`;

type LockedDocument = { caseId: string; sequence: number; document: DigisosSoker | null };

/**
 * Locks the cases' documents (made on a case's first event), then reads the cases. Two statements on
 * purpose: a statement that waited for a lock still reads with the snapshot it began with, so the
 * cases are read by a statement that begins once the locks are held, and sees what the holders committed.
 */
async function lockAndLoadCases(manager: EntityManager, caseIds: string[]): Promise<Array<CaseRow & LockedDocument>> {
  let docs: LockedDocument[] = await preparedQuery(manager, LOCK_DOCUMENTS, [caseIds]);
  if (docs.length < caseIds.length) {
    await preparedQuery(manager, `INSERT INTO innsyn_document (case_id) SELECT unnest($1::text[]) ON CONFLICT (case_id) DO NOTHING`, [
      caseIds,
    ]);
    docs = await preparedQuery(manager, LOCK_DOCUMENTS, [caseIds]);
  }
  const cases: Array<CaseRow & { caseId: string }> = await preparedQuery(manager, LOAD_CASES, [caseIds]);
  const docOf = new Map(docs.map((d) => [d.caseId, d]));
  return cases.map((c) => ({ ...c, ...docOf.get(c.caseId)! }));
}

/**
 * For a caller that must never wait (payout's release job): locks those of the cases' documents no
 * other transaction holds, and returns their case ids. A case without a document yet gets one first
 * (locked by none). The caller leaves the other cases for a later run; refreshDigisosSokers then takes
 * the locks it already holds at once.
 */
export async function lockFreeDocuments(manager: EntityManager, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  await preparedQuery(manager, `INSERT INTO innsyn_document (case_id) SELECT unnest($1::text[]) ON CONFLICT (case_id) DO NOTHING`, [
    caseIds,
  ]);
  const rows: Array<{ caseId: string }> = await preparedQuery(
    manager,
    `SELECT case_id AS "caseId" FROM innsyn_document WHERE case_id = ANY($1::text[]) ORDER BY case_id FOR UPDATE SKIP LOCKED`,
    [caseIds],
  );
  return new Set(rows.map((r) => r.caseId));
}

const caseOf = (row: CaseRow): InnsynCase & { office: string | null } => ({
  office: row.decisions.length ? row.decisions[row.decisions.length - 1].office : null,
  decisions: row.decisions.map(({ decisionId, issuedAt, periodFrom, periodTo }) => ({
    decisionId,
    issuedAt: new Date(issuedAt).toISOString(),
    periodFrom,
    periodTo,
  })),
  conditions: row.conditions.map((c) => ({ ...c, statusAt: new Date(c.statusAt).toISOString() })),
  payments: row.payments.map(({ payeeType, payeeName, ...p }) => ({
    ...p,
    amountOre: Number(p.amountOre),
    payee: payeeType === 'THIRD_PARTY' ? { type: 'THIRD_PARTY', name: payeeName ?? '' } : { type: 'RECIPIENT' },
  })),
});

/**
 * Brings the case's document up to date with what the case is now, in the caller's transaction: the
 * new hendelser are appended, the sequence counts one more, and the whole document goes to the
 * outbox with an id made of case and sequence. Nothing the recipient sees changed: nothing happens.
 */
export async function refreshDigisosSoker(manager: EntityManager, caseId: string, at: string, cause: Cause): Promise<void> {
  await refreshDigisosSokers(manager, [{ caseId, at, cause }]);
}

/** refreshDigisosSoker for several cases, each once, in three statements whatever their number (five when a document is new). */
export async function refreshDigisosSokers(manager: EntityManager, refreshes: Array<{ caseId: string; at: string; cause: Cause }>) {
  if (refreshes.length === 0) return;
  if (new Set(refreshes.map((r) => r.caseId)).size !== refreshes.length) throw new Error('refreshDigisosSokers takes each case once');
  const rows = new Map(
    (
      await lockAndLoadCases(
        manager,
        refreshes.map((r) => r.caseId),
      )
    ).map((row) => [row.caseId, row]),
  );
  const changed: Array<{ caseId: string; office: string; sequence: number; document: DigisosSoker; changedAt: string; cause: Cause }> = [];
  for (const { caseId, at, cause } of refreshes) {
    const row = rows.get(caseId)!;
    const current = caseOf(row);
    if (current.decisions.length === 0 || current.office === null) continue; // the decision has not arrived yet
    const next = nextDigisosSoker(row.document, current, new Date(at), AVSENDER);
    if (next.appended.length === 0) continue;
    changed.push({
      caseId,
      office: current.office,
      sequence: row.sequence + 1,
      document: next.document,
      changedAt: cause.now.toISOString(),
      cause,
    });
  }
  if (changed.length === 0) return;
  await preparedQuery(
    manager,
    `UPDATE innsyn_document SET office = r.office, sequence = r.sequence, document = r.document, changed_at = r.changed_at,
       refreshed_by = r.refreshed_by
     FROM json_to_recordset($1::json) AS r(case_id text, office text, sequence int, document json, changed_at timestamptz, refreshed_by text)
     WHERE innsyn_document.case_id = r.case_id AND innsyn_document.case_id = ANY($2::text[])`,
    // The keys once more as an array: the rows are then looked up by the primary key whatever the
    // statistics say. On a table never analysed, the join alone was planned as a scan of every document
    // for each batch (issue #10, eleventh round: 1.5 million buffers over 1,500 decisions).
    [
      // json, not jsonb: the document is stored as the text it is published as.
      JSON.stringify(
        changed.map((c) => ({
          case_id: c.caseId,
          office: c.office,
          sequence: c.sequence,
          document: c.document,
          changed_at: c.changedAt,
          refreshed_by: c.cause.causationId,
        })),
      ),
      changed.map((c) => c.caseId),
    ],
  );
  await appendManyToOutbox(
    manager,
    'payout',
    changed.map(({ caseId, office, sequence, changedAt, document, cause }) => ({
      cause,
      event: {
        topic: TOPICS.digisosSokerV1,
        key: caseId,
        payload: { caseId, office, sequence, changedAt, document: document as unknown as Record<string, unknown> },
        eventId: deterministicUuid(`digisos-soker:${caseId}:${sequence}`),
      },
    })),
  );
}

/**
 * refreshDigisosSokers for what a batch of events changed, each case once: with its last event (the
 * newest of its partition), whose time stamps what is appended. A case changed by several events of
 * the batch gets one new document, not one per event.
 */
export function refreshEachCaseOnce(manager: EntityManager, refreshes: Array<{ caseId: string; at: string; cause: Cause }>) {
  return refreshDigisosSokers(manager, [...new Map(refreshes.map((r) => [r.caseId, r])).values()]);
}

/**
 * Whether the case's document last changed in handling `causationId`. Payout's handlers for an event
 * (or a request) run before innsyn's, in one transaction, so what they changed (a payment released,
 * stopped) is already in that document, and an event they published need not refresh it again.
 * Only a sufficient test: a document that a later cause changed is refreshed as usual.
 */
export async function documentChangedBy(manager: EntityManager, caseId: string, causationId: string | null): Promise<boolean> {
  return (await documentsChangedBy(manager, [{ caseId, causationId }]))[0];
}

/** documentChangedBy for several cases, in one statement: in the order asked. */
export async function documentsChangedBy(manager: EntityManager, asked: Array<{ caseId: string; causationId: string | null }>) {
  if (asked.every((a) => a.causationId === null)) return asked.map(() => false);
  const rows: Array<{ caseId: string; refreshedBy: string | null }> = await preparedQuery(
    manager,
    `SELECT case_id AS "caseId", refreshed_by AS "refreshedBy" FROM innsyn_document WHERE case_id = ANY($1::text[])`,
    [asked.map((a) => a.caseId)],
  );
  const refreshedBy = new Map(rows.map((r) => [r.caseId, r.refreshedBy]));
  return asked.map((a) => a.causationId !== null && refreshedBy.get(a.caseId) === a.causationId);
}

/** The case's current document and the office it belongs to, or null when there is none. */
export async function loadDigisosSoker(
  manager: EntityManager,
  caseId: string,
): Promise<{ office: string; sequence: number; document: DigisosSoker } | null> {
  const [row]: Array<{ office: string | null; sequence: number; document: DigisosSoker | null }> = await preparedQuery(
    manager,
    `SELECT office, sequence, document FROM innsyn_document WHERE case_id = $1`,
    [caseId],
  );
  return row?.document && row.office ? { office: row.office, sequence: row.sequence, document: row.document } : null;
}
