import { EntityManager } from 'typeorm';
import { IssuedConditionV1, TOPICS } from '@vf/contracts';
import { Cause, appendToOutbox, deterministicUuid } from '@vf/messaging';
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

/**
 * A condition's status as of `at`: the newest wins, and lifted or annulled is final (a snapshot
 * from before the lift may still arrive after it).
 */
export async function recordConditionStatus(
  manager: EntityManager,
  s: { conditionId: string; decisionId: string; caseId: string; status: ConditionStatus; deadline: string; at: string },
): Promise<void> {
  await preparedQuery(
    manager,
    `INSERT INTO innsyn_condition (condition_id, decision_id, case_id, deadline, status, status_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (condition_id) DO UPDATE SET status = EXCLUDED.status, deadline = EXCLUDED.deadline, status_at = EXCLUDED.status_at
     WHERE innsyn_condition.status_at <= EXCLUDED.status_at AND innsyn_condition.status <> ALL($7::text[])`,
    [s.conditionId, s.decisionId, s.caseId, s.deadline, s.status, s.at, TERMINAL],
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
 * What the case is now, in one statement: the module's decisions and conditions, and payout's own
 * payments (their authority). A refresh runs for every event payout consumes, so its round trips count.
 * Only the payee's kind and a third party's name are read, never the recipient's fødselsnummer.
 */
const LOAD_CASE = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object('decisionId', decision_id, 'office', office, 'issuedAt', issued_at,
              'periodFrom', to_char(period_from, 'YYYY-MM-DD'), 'periodTo', to_char(period_to, 'YYYY-MM-DD'))
            ORDER BY issued_at, decision_id), '[]'::json)
       FROM innsyn_decision WHERE case_id = $1) AS decisions,
    (SELECT coalesce(json_agg(json_build_object('conditionId', condition_id, 'decisionId', decision_id, 'kind', kind, 'text', text,
              'deadline', to_char(deadline, 'YYYY-MM-DD'), 'status', status, 'statusAt', status_at)
            ORDER BY ref, condition_id), '[]'::json)
       FROM innsyn_condition WHERE case_id = $1 AND kind IS NOT NULL AND deadline IS NOT NULL) AS conditions,
    (SELECT coalesce(json_agg(json_build_object('paymentId', id, 'decisionId', decision_id, 'ref', ref, 'purpose', purpose,
              'amountOre', amount_ore, 'dueDate', to_char(due_date, 'YYYY-MM-DD'), 'payeeType', payee->>'type',
              'payeeName', payee->>'name', 'status', status, 'paidOn', settlement->>'paidOn', 'gates', gates)), '[]'::json)
       FROM payment WHERE case_id = $1) AS payments`;

const LOCK_DOCUMENT = `SELECT sequence, document FROM innsyn_document WHERE case_id = $1 FOR UPDATE`;

/**
 * Locks the case's document (made on the case's first event), then reads the case. Two statements on
 * purpose: a statement that waited for the lock still reads with the snapshot it began with, so the
 * case is read by a statement that begins once the lock is held, and sees what the holder committed.
 */
async function lockAndLoadCase(
  manager: EntityManager,
  caseId: string,
): Promise<CaseRow & { sequence: number; document: DigisosSoker | null }> {
  let [doc]: Array<{ sequence: number; document: DigisosSoker | null }> = await preparedQuery(manager, LOCK_DOCUMENT, [caseId]);
  if (!doc) {
    await preparedQuery(manager, `INSERT INTO innsyn_document (case_id) VALUES ($1) ON CONFLICT (case_id) DO NOTHING`, [caseId]);
    [doc] = await preparedQuery(manager, LOCK_DOCUMENT, [caseId]);
  }
  const [current]: CaseRow[] = await preparedQuery(manager, LOAD_CASE, [caseId]);
  return { ...doc, ...current };
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
  const row = await lockAndLoadCase(manager, caseId);
  const current = caseOf(row);
  if (current.decisions.length === 0 || current.office === null) return; // the decision has not arrived yet
  const next = nextDigisosSoker(row.document, current, new Date(at), AVSENDER);
  if (next.appended.length === 0) return;
  const sequence = row.sequence + 1;
  const changedAt = cause.now.toISOString();
  await preparedQuery(
    manager,
    `UPDATE innsyn_document SET office = $2, sequence = $3, document = $4, changed_at = $5, refreshed_by = $6 WHERE case_id = $1`,
    [caseId, current.office, sequence, JSON.stringify(next.document), changedAt, cause.causationId],
  );
  await appendToOutbox(manager, 'payout', cause, {
    topic: TOPICS.digisosSokerV1,
    key: caseId,
    payload: { caseId, office: current.office, sequence, changedAt, document: next.document as unknown as Record<string, unknown> },
    eventId: deterministicUuid(`digisos-soker:${caseId}:${sequence}`),
  });
}

/**
 * Whether the case's document last changed in handling `causationId`. Payout's handlers for an event
 * (or a request) run before innsyn's, in one transaction, so what they changed (a payment released,
 * stopped) is already in that document, and an event they published need not refresh it again.
 * Only a sufficient test: a document that a later cause changed is refreshed as usual.
 */
export async function documentChangedBy(manager: EntityManager, caseId: string, causationId: string | null): Promise<boolean> {
  if (!causationId) return false;
  const [row]: Array<{ refreshedBy: string | null }> = await preparedQuery(
    manager,
    `SELECT refreshed_by AS "refreshedBy" FROM innsyn_document WHERE case_id = $1`,
    [caseId],
  );
  return row?.refreshedBy === causationId;
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
