import { randomUUID } from 'crypto';
import { EntityManager, In } from 'typeorm';
import {
  ConditionBreachedV1,
  ConditionFulfilledV1,
  ConditionProgressV2,
  ConditionReopenedV1,
  EventEnvelope,
  EventTopic,
  IssuedConditionV1,
  PayloadByTopic,
  TOPICS,
} from '@vf/contracts';
import { Cause, appendManyToOutbox, deterministicUuid } from '@vf/messaging';
import { NotFound, preparedQuery } from '@vf/platform';
import {
  ConditionEvent,
  ConditionState,
  Evidence,
  EvidenceBody,
  conditionDecider,
  describeCondition,
  fold,
  initialConditionState,
} from '@vf/rules';
import { ConditionEntity } from '../database/condition.entity';
import { EvidenceEntity } from '../database/evidence.entity';

export interface LoadedCondition {
  row: ConditionEntity;
  state: ConditionState;
}

export function toEvidence(e: EvidenceEntity): Evidence {
  return {
    ...e.body,
    evidenceId: e.id,
    registeredAt: e.registeredAt.toISOString(),
    registeredBy: e.registeredBy,
    withdrawal: e.withdrawal,
  } as Evidence;
}

export function toState(row: ConditionEntity, evidence: EvidenceEntity[]): ConditionState {
  return {
    conditionId: row.id,
    requirement: row.requirement,
    deadline: row.deadline,
    status: row.status,
    evidence: evidence.map(toEvidence),
    fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
    fulfilledBy: row.fulfilledBy,
    judgement: row.judgement,
    breachedAt: row.breachedAt?.toISOString() ?? null,
  };
}

/** A condition row as the entity has it: `deadline` as its calendar date, never a Date at some midnight. */
const CONDITION_COLUMNS = `id, decision_id AS "decisionId", case_id AS "caseId", office, ref, text, to_char(deadline, 'YYYY-MM-DD') AS deadline,
  requirement, gates_payment_ids AS "gatesPaymentIds", status, fulfilled_at AS "fulfilledAt", fulfilled_by AS "fulfilledBy",
  judgement, breached_at AS "breachedAt", veileder_ident AS "veilederIdent", person, category`;

const EVIDENCE_COLUMNS = `id, seq, condition_id AS "conditionId", kind, body, registered_at AS "registeredAt", registered_by AS "registeredBy",
  registered_by_role AS "registeredByRole", withdrawal`;

/**
 * Loads a condition and locks it for the rest of the transaction, so decisions on it are serial. Plain
 * SQL, as every piece of evidence passes here. Two statements on purpose: the evidence is read by a
 * statement that begins once the lock is held, so it sees what the lock's previous holder committed.
 */
export async function loadConditionForUpdate(manager: EntityManager, conditionId: string): Promise<LoadedCondition> {
  const [found]: ConditionEntity[] = await preparedQuery(manager, `SELECT ${CONDITION_COLUMNS} FROM condition WHERE id = $1 FOR UPDATE`, [
    conditionId,
  ]);
  if (!found) throw new NotFound('conditionId', 'no condition with this id');
  const row = Object.assign(new ConditionEntity(), found);
  const evidence: EvidenceEntity[] = await preparedQuery(
    manager,
    `SELECT ${EVIDENCE_COLUMNS} FROM evidence WHERE condition_id = $1 ORDER BY seq`,
    [conditionId],
  );
  return { row, state: toState(row, evidence) };
}

/**
 * Loads several conditions and locks them, in id order so that two requests locking overlapping sets
 * cannot deadlock. Four conditions or four hundred are two statements, as in loadConditionForUpdate.
 * An id that matches no condition is not in the map.
 */
export async function loadConditionsForUpdate(manager: EntityManager, conditionIds: string[]): Promise<Map<string, LoadedCondition>> {
  const ids = [...new Set(conditionIds)];
  const found: ConditionEntity[] = await preparedQuery(
    manager,
    `SELECT ${CONDITION_COLUMNS} FROM condition WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  const evidence: EvidenceEntity[] = await preparedQuery(
    manager,
    `SELECT ${EVIDENCE_COLUMNS} FROM evidence WHERE condition_id = ANY($1::uuid[]) ORDER BY condition_id, seq`,
    [found.map((c) => c.id)],
  );
  const byCondition = new Map<string, EvidenceEntity[]>();
  for (const e of evidence) {
    const list = byCondition.get(e.conditionId);
    if (list) list.push(e);
    else byCondition.set(e.conditionId, [e]);
  }
  return new Map(
    found.map((c) => {
      const row = Object.assign(new ConditionEntity(), c);
      return [row.id, { row, state: toState(row, byCondition.get(row.id) ?? []) }];
    }),
  );
}

export function describeEvidence(body: EvidenceBody): { what: string; why: string | null } {
  switch (body.kind) {
    case 'DOCUMENT_RECEIVED': {
      const reference = body.reference ? ` (${body.reference})` : '';
      return {
        what: `document "${body.documentType}" received ${body.receivedOn}, ${body.outcome.toLowerCase()}${reference}`,
        why: body.rejectionReason ?? null,
      };
    }
    case 'DOCUMENT_COVERED':
      return { what: `document covered by ${body.coveredBy}`, why: body.note };
    case 'ATTENDANCE_LIST':
      return {
        what: `attendance list from ${body.provider}, signed by ${body.signedBy} on ${body.signedOn}, ${body.entries.length} days`,
        why: null,
      };
    case 'JOB_APPLICATIONS':
      return { what: `${body.applications.length} job application(s)`, why: null };
    case 'ACTIVITY_HELD':
      return { what: `activity held ${body.heldOn}`, why: body.note };
  }
}

/** The columns of a condition row that its state owns: what `evolveCondition` folds to is what is stored. */
function stateColumns(state: ConditionState) {
  return {
    requirement: { ...state.requirement },
    deadline: state.deadline,
    status: state.status,
    fulfilledAt: state.fulfilledAt ? new Date(state.fulfilledAt) : null,
    fulfilledBy: state.fulfilledBy,
    judgement: state.judgement,
    breachedAt: state.breachedAt ? new Date(state.breachedAt) : null,
  };
}

/**
 * What one change did to one condition: the state before, the decider's events, their cause, and the
 * state they fold to. Changes of one condition follow one another in a list (each `before` is the
 * previous one's `after`).
 */
export interface ConditionChange {
  row: ConditionEntity;
  before: ConditionState;
  events: ConditionEvent[];
  cause: Cause;
  after: ConditionState;
}

/** The last change of each condition: what its row ends as. */
const lastOfEach = <T>(items: T[], idOf: (item: T) => string): T[] => [...new Map(items.map((item) => [idOf(item), item])).values()];

/**
 * A statement over rows given as columns of equal length: one row by plain parameters (`one`, the
 * common case of a single route), several through unnest (`many`), which costs more for one row.
 */
const byColumns = (manager: EntityManager, columns: unknown[][], one: string, many: string) =>
  preparedQuery(manager, columns[0].length === 1 ? one : many, columns[0].length === 1 ? columns.map(([value]) => value) : columns);

/**
 * Saves the conditions as the decider's events fold them, set-based: the rows in one statement, new
 * evidence in one (in the order registered, so `seq` follows it), withdrawals in one.
 */
async function saveConditions(manager: EntityManager, changed: ConditionChange[]) {
  const rows = lastOfEach(changed, (c) => c.row.id).map((c) => ({ id: c.row.id, ...stateColumns(c.after) }));
  const columns = [
    rows.map((r) => r.id),
    rows.map((r) => r.deadline),
    rows.map((r) => r.status),
    rows.map((r) => r.fulfilledAt),
    rows.map((r) => r.fulfilledBy),
    rows.map((r) => json(r.judgement)),
    rows.map((r) => r.breachedAt),
  ];
  await byColumns(
    manager,
    columns,
    `UPDATE condition SET deadline = $2, status = $3, fulfilled_at = $4, fulfilled_by = $5, judgement = $6, breached_at = $7 WHERE id = $1`,
    `UPDATE condition AS c SET deadline = r.deadline, status = r.status, fulfilled_at = r.fulfilled_at, fulfilled_by = r.fulfilled_by,
       judgement = r.judgement, breached_at = r.breached_at
     FROM unnest($1::uuid[], $2::date[], $3::text[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::timestamptz[])
       AS r(id, deadline, status, fulfilled_at, fulfilled_by, judgement, breached_at)
     WHERE c.id = r.id`,
  );
  const added: Array<Evidence & { conditionId: string; role: string }> = [];
  const withdrawn: Evidence[] = [];
  for (const { before, after, cause } of changed) {
    const earlier = new Map(before.evidence.map((e) => [e.evidenceId, e]));
    for (const e of after.evidence) {
      const was = earlier.get(e.evidenceId);
      if (!was) added.push({ ...e, conditionId: after.conditionId, role: cause.actor?.role ?? 'system' });
      else if (was.withdrawal !== e.withdrawal) withdrawn.push(e);
    }
  }
  if (added.length > 0) {
    const bodies = added.map(
      ({ evidenceId: _id, registeredAt: _at, registeredBy: _by, withdrawal: _w, conditionId: _c, role: _r, ...body }) => body,
    );
    const columns = [
      added.map((e) => e.evidenceId),
      added.map((e) => e.conditionId),
      bodies.map((b) => b.kind),
      added.map((e) => e.registeredAt),
      added.map((e) => e.registeredBy),
      added.map((e) => e.role),
    ];
    if (added.length === 1) {
      const [id, conditionId, kind, registeredAt, registeredBy, role] = columns.map(([value]) => value);
      await preparedQuery(
        manager,
        `INSERT INTO evidence (id, condition_id, kind, body, registered_at, registered_by, registered_by_role, withdrawal)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, conditionId, kind, json(bodies[0]), registeredAt, registeredBy, role, json(added[0].withdrawal)],
      );
    } else {
      // Bodies and withdrawals as JSON arrays, not jsonb[]: no escaping of every quote into an array literal.
      // A withdrawal's JSON null is stored as SQL NULL, as json() gives it for one row.
      await preparedQuery(
        manager,
        `INSERT INTO evidence (id, condition_id, kind, body, registered_at, registered_by, registered_by_role, withdrawal)
         SELECT e.id, e.condition_id, e.kind, b.body, e.registered_at, e.registered_by, e.registered_by_role, NULLIF(w.withdrawal, 'null')
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) WITH ORDINALITY
           AS e(id, condition_id, kind, registered_at, registered_by, registered_by_role, ord)
         JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS b(body, ord) ON b.ord = e.ord
         JOIN jsonb_array_elements($8::jsonb) WITH ORDINALITY AS w(withdrawal, ord) ON w.ord = e.ord
         ORDER BY e.ord`,
        [...columns, JSON.stringify(bodies), JSON.stringify(added.map((e) => e.withdrawal ?? null))],
      );
    }
  }
  if (withdrawn.length > 0) {
    const last = lastOfEach(withdrawn, (e) => e.evidenceId);
    await byColumns(
      manager,
      [last.map((e) => e.evidenceId), last.map((e) => json(e.withdrawal))],
      `UPDATE evidence SET withdrawal = $2 WHERE id = $1`,
      `UPDATE evidence SET withdrawal = w.withdrawal FROM unnest($1::uuid[], $2::jsonb[]) AS w(id, withdrawal) WHERE evidence.id = w.id`,
    );
  }
}

/** A jsonb parameter: SQL NULL for null (JSON.stringify would give the JSON value null). */
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

type JournalLine = {
  row: Pick<ConditionEntity, 'id' | 'decisionId' | 'caseId' | 'office'>;
  actor: Cause['actor'];
  action: string;
  what: string;
  why: string | null;
  at: string;
  evidenceId: string | null;
};

/** The changes' journal lines, in one statement and in their order. */
async function writeJournal(manager: EntityManager, lines: JournalLine[]) {
  if (lines.length === 0) return;
  await preparedQuery(
    manager,
    `INSERT INTO journal_entry (case_id, office, decision_id, condition_id, evidence_id, at, actor_ident, actor_role, action, what, why)
     SELECT case_id, office, decision_id, condition_id, evidence_id, at, actor_ident, actor_role, action, what, why
     FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[]) WITH ORDINALITY
       AS l(case_id, office, decision_id, condition_id, evidence_id, at, actor_ident, actor_role, action, what, why, ord)
     ORDER BY ord`,
    [
      lines.map((l) => l.row.caseId),
      lines.map((l) => l.row.office),
      lines.map((l) => l.row.decisionId),
      lines.map((l) => l.row.id),
      lines.map((l) => l.evidenceId),
      lines.map((l) => l.at),
      lines.map((l) => l.actor?.ident ?? null),
      lines.map((l) => l.actor?.role ?? null),
      lines.map((l) => l.action),
      lines.map((l) => l.what),
      lines.map((l) => l.why),
    ],
  );
}

type Message = { cause: Cause; event: { topic: EventTopic; key: string; payload: PayloadByTopic[EventTopic]; eventId: string } };

/** One change's journal lines and the events others must hear, in the order of its events. */
function consequences({ row, events, cause, after }: ConditionChange): { lines: JournalLine[]; messages: Message[] } {
  const lines: JournalLine[] = [];
  const journal = (action: string, what: string, why: string | null, at: string, evidenceId: string | null = null) =>
    lines.push({ row, actor: cause.actor, action, what, why, at, evidenceId });
  const messages: Message[] = [];
  const publish = <K extends EventTopic>(topic: K, payload: PayloadByTopic[K], eventId: string) =>
    messages.push({ cause, event: { topic, key: row.decisionId, payload, eventId } });
  const ref = { conditionId: row.id, decisionId: row.decisionId, caseId: row.caseId };
  let fulfilment: { payload: ConditionFulfilledV1; eventId: string } | null = null;

  for (const event of events) {
    switch (event.type) {
      case 'EvidenceRegistered': {
        const { evidenceId, registeredAt, registeredBy: _by, withdrawal: _none, ...body } = event.evidence;
        const { what, why } = describeEvidence(body as EvidenceBody);
        journal('EVIDENCE_REGISTERED', what, why, registeredAt, evidenceId);
        break;
      }
      case 'EvidenceWithdrawn':
        journal('EVIDENCE_WITHDRAWN', 'evidence withdrawn', event.withdrawal.reason, event.withdrawal.withdrawnAt, event.evidenceId);
        break;
      case 'ConditionFulfilled': {
        journal('CONDITION_FULFILLED', event.summary, event.judgement?.justification ?? null, event.fulfilledAt);
        const payload: ConditionFulfilledV1 = {
          ...ref,
          fulfilledAt: event.fulfilledAt,
          fulfilledBy: event.fulfilledBy,
          summary: event.summary,
          judgement: event.judgement,
        };
        // Fulfilled once per fulfilment: the id says which, and a repeat is stored once.
        const eventId = deterministicUuid(`condition-fulfilled:${row.id}:${event.fulfilledAt}`);
        publish(TOPICS.conditionFulfilledV1, payload, eventId);
        fulfilment = { payload, eventId };
        break;
      }
      case 'ConditionReopened': {
        journal('CONDITION_REOPENED', event.summary, event.reason, event.reopenedAt);
        const payload: ConditionReopenedV1 = {
          ...ref,
          office: row.office,
          reopenedAt: event.reopenedAt,
          reason: event.reason,
          summary: event.summary,
        };
        publish(TOPICS.conditionReopenedV1, payload, randomUUID());
        break;
      }
      case 'ConditionBreached': {
        journal('CONDITION_BREACHED', event.summary, null, event.breachedAt);
        const payload: ConditionBreachedV1 = {
          ...ref,
          office: row.office,
          deadline: event.deadline,
          breachedAt: event.breachedAt,
          summary: event.summary,
        };
        publish(TOPICS.conditionBreachedV1, payload, deterministicUuid(`condition-breached:${row.id}:${event.deadline}`));
        break;
      }
      // The decision unit's amendments: decision-amended already told everyone; here they are carried out and journaled.
      case 'ConditionLifted':
        journal('CONDITION_LIFTED', 'lifted by the decision unit', event.reason, event.at);
        break;
      case 'ConditionAnnulled':
        journal('CONDITION_ANNULLED', 'annulled: the decision was revoked', event.reason, event.at);
        break;
      case 'DeadlineMoved':
        journal('DEADLINE_MOVED', `deadline moved from ${event.from} to ${event.to}`, event.reason, event.at);
        break;
    }
  }
  // How far the condition has come, for payout's "what does this payment wait for" and the recipient.
  const view = describeCondition(after);
  const progress: ConditionProgressV2 = {
    ...ref,
    office: row.office,
    status: view.status,
    deadline: after.deadline,
    summary: view.summary,
    achievable: view.achievable,
    at: cause.now.toISOString(),
  };
  // The fulfilling change's snapshot travels only with its condition-fulfilled (condition-progress.v2):
  // one event per fulfilling piece of evidence, not two.
  if (fulfilment) fulfilment.payload.progress = progress;
  else publish(TOPICS.conditionProgressV2, progress, randomUUID());
  return { lines, messages };
}

/**
 * Stores what the decider decided for each change (the folded state, saved one way), journals each
 * event, and puts the events others must hear in the outbox, in the changes' order. Set-based: a
 * batch of changes costs the same few statements as one (rows, evidence, journal, outbox).
 */
export async function applyConditionChanges(manager: EntityManager, changes: ConditionChange[]): Promise<void> {
  const changed = changes.filter((c) => c.events.length > 0);
  if (changed.length === 0) return;
  await saveConditions(manager, changed);
  const each = changed.map(consequences);
  await writeJournal(
    manager,
    each.flatMap((c) => c.lines),
  );
  await appendManyToOutbox(
    manager,
    'follow-up',
    each.flatMap((c) => c.messages),
  );
}

/** applyConditionChanges for one change, folded here. Returns the state after. */
export async function applyConditionEvents(
  manager: EntityManager,
  row: ConditionEntity,
  events: ConditionEvent[],
  cause: Cause,
  before: ConditionState,
): Promise<ConditionState> {
  if (events.length === 0) return before;
  const after = fold(conditionDecider, before, events);
  await applyConditionChanges(manager, [{ row, events, cause, before, after }]);
  return after;
}

/** A decision as far as its conditions need it. */
export interface DecisionRef {
  decisionId: string;
  caseId: string;
  office: string;
  /** The follow-up veileder the decision names, if any. */
  veilederIdent: string | null;
}

/** Conditions one decision sets (or one amendment adds), as follow-up learns them. */
export interface IssuedConditions {
  decision: DecisionRef;
  conditions: IssuedConditionV1[];
  at: string;
  actor: EventEnvelope['actor'];
}

/** Learns conditions set by a decision or added to it later, once each, and journals them. */
export async function addConditions(
  manager: EntityManager,
  d: DecisionRef,
  conditions: IssuedConditionV1[],
  at: string,
  actor: EventEnvelope['actor'],
) {
  await addIssuedConditions(manager, [{ decision: d, conditions, at, actor }]);
}

/**
 * addConditions for several decisions at once, set-based: one read of the conditions already known,
 * one insert of the new ones, one of their journal lines.
 */
export async function addIssuedConditions(manager: EntityManager, issued: IssuedConditions[]) {
  const all = issued.flatMap(({ conditions, ...of }) => conditions.map((c) => ({ ...of, c })));
  if (all.length === 0) return;
  const known = new Set(
    (await manager.getRepository(ConditionEntity).findBy({ id: In(all.map(({ c }) => c.conditionId)) })).map((c) => c.id),
  );
  const fresh = all.filter(({ c }) => !known.has(c.conditionId));
  if (fresh.length === 0) return;
  const rows = fresh.map(({ decision: d, c }) => ({
    id: c.conditionId,
    decisionId: d.decisionId,
    caseId: d.caseId,
    office: d.office,
    ref: c.ref,
    text: c.text,
    gatesPaymentIds: c.gatesPaymentIds,
    veilederIdent: d.veilederIdent,
    // A new condition is what the decider says a new condition is.
    ...stateColumns(initialConditionState(c.conditionId, { ...c.requirement }, c.deadline)),
    person: c.person ?? 'RECIPIENT',
    category: c.category ?? null,
  }));
  await manager.createQueryBuilder().insert().into(ConditionEntity).values(rows).execute();
  await writeJournal(
    manager,
    fresh.map(({ decision: d, c, at, actor }) => ({
      row: { id: c.conditionId, decisionId: d.decisionId, caseId: d.caseId, office: d.office },
      actor,
      action: 'CONDITION_SET',
      what: `${c.ref} (${c.requirement.kind}), deadline ${c.deadline}: ${c.text}`,
      why: null,
      at,
      evidenceId: null,
    })),
  );
}

/**
 * Names the veileder on the decisions' conditions that have none yet (a condition added later may
 * have arrived first, on another topic). By case too, so that the case index finds the rows.
 */
export async function nameVeileders(manager: EntityManager, decisions: DecisionRef[]) {
  const named = decisions.filter((d) => d.veilederIdent);
  if (named.length === 0) return;
  await preparedQuery(
    manager,
    `UPDATE condition AS c SET veileder_ident = v.ident
     FROM unnest($1::text[], $2::uuid[], $3::text[]) AS v(case_id, decision_id, ident)
     WHERE c.case_id = v.case_id AND c.decision_id = v.decision_id AND c.veileder_ident IS NULL`,
    [named.map((d) => d.caseId), named.map((d) => d.decisionId), named.map((d) => d.veilederIdent)],
  );
}
