import { EntityManager } from 'typeorm';
import {
  EventTopic,
  PayloadByTopic,
  PaymentNeedsReviewV1,
  PaymentReleasedV1,
  PaymentSettlementV1,
  PaymentStatusV1,
  TOPICS,
} from '@vf/contracts';
import { Cause, appendManyToOutbox, deterministicUuid } from '@vf/messaging';
import {
  HeldFigures,
  PaymentCommand,
  PaymentEvent,
  PaymentState,
  RuleViolation,
  decidePayment,
  foldHeld,
  foldPayment,
  heldChange,
  initialPaymentState,
  releaseIdempotencyKey,
  releaseLatencyMs,
} from '@vf/rules';
import { PaymentEntity } from '../database/payment.entity';
import { preparedQuery } from '@vf/platform';

export function toPaymentState(row: PaymentEntity | null): PaymentState {
  if (!row) return initialPaymentState;
  return {
    status: row.status,
    terms: {
      paymentId: row.id,
      decisionId: row.decisionId,
      caseId: row.caseId,
      purpose: row.purpose,
      amountOre: row.amountOre,
      dueDate: row.dueDate,
      payee: row.payee,
      notBefore: row.notBefore,
    },
    gates: row.gates,
    releases: row.releases,
    releasedAt: row.releasedAt?.toISOString() ?? null,
    reduction: row.reduction,
    settlement: row.settlement,
    stopReason: row.stopReason,
    attempts: row.attempts ?? [],
  };
}

type Meta = { ref: string; office: string; veilederIdent: string | null };
type Message = { topic: EventTopic; key: string; payload: PayloadByTopic[EventTopic]; eventId: string };

/** The row the payment is stored as, after the decider's events. */
function paymentRow(after: PaymentState & { status: Exclude<PaymentState['status'], 'NONE'> }, meta: Meta): PaymentEntity {
  const t = after.terms;
  return Object.assign(new PaymentEntity(), {
    id: t.paymentId,
    decisionId: t.decisionId,
    caseId: t.caseId,
    ref: meta.ref,
    office: meta.office,
    veilederIdent: meta.veilederIdent,
    purpose: t.purpose,
    amountOre: t.amountOre,
    dueDate: t.dueDate,
    payee: t.payee,
    notBefore: t.notBefore,
    status: after.status,
    gates: after.gates,
    releases: after.releases,
    releasedAt: after.releasedAt ? new Date(after.releasedAt) : null,
    reduction: after.reduction,
    settlement: after.settlement,
    stopReason: after.stopReason,
    attempts: after.attempts,
  });
}

/**
 * What the others must hear of the decider's events. Event ids derive from the payment and what
 * happened (and the release attempt), so even a second identical decision could not store a second
 * event: outbox.event_id is unique.
 */
function paymentMessages(after: PaymentState, events: PaymentEvent[], meta: Meta, cause: Cause): Message[] {
  if (after.status === 'NONE') return [];
  const t = after.terms;
  const messages: Message[] = [];
  const publish = <K extends EventTopic>(topic: K, key: string, payload: PayloadByTopic[K], eventId: string) =>
    messages.push({ topic, key, payload, eventId });
  const ref = { paymentId: t.paymentId, decisionId: t.decisionId, caseId: t.caseId };
  for (const event of events) {
    switch (event.type) {
      case 'PaymentReleased': {
        const payload: PaymentReleasedV1 = {
          ...ref,
          idempotencyKey: releaseIdempotencyKey(t.paymentId, event.attempt),
          attempt: event.attempt,
          purpose: t.purpose,
          amountOre: event.amountOre,
          dueDate: t.dueDate,
          payee: t.payee,
          waitedFor: event.waitedFor,
          releasedAt: event.releasedAt,
          reduction: after.reduction ? { ...after.reduction } : null,
        };
        publish(TOPICS.paymentReleasedV1, t.paymentId, payload, deterministicUuid(`payment-released:${t.paymentId}:${event.attempt}`));
        break;
      }
      case 'ReleaseQuestioned': {
        const payload: PaymentNeedsReviewV1 = {
          ...ref,
          office: meta.office,
          conditionId: event.conditionId,
          reason: event.reason,
          releasedAt: after.releasedAt!,
          raisedAt: event.at,
        };
        publish(
          TOPICS.paymentNeedsReviewV1,
          t.decisionId,
          payload,
          deterministicUuid(`payment-needs-review:${t.paymentId}:${cause.causationId}`),
        );
        break;
      }
      case 'PaymentStopped':
      case 'PaymentCancelled':
      case 'PaymentSettled': {
        const status =
          event.type === 'PaymentStopped' ? 'STOPPED' : event.type === 'PaymentCancelled' ? 'CANCELLED' : event.settlement.outcome;
        const payload: PaymentStatusV1 = {
          ...ref,
          office: meta.office,
          status,
          reason: event.type === 'PaymentSettled' ? event.settlement.reason : event.reason,
          reference: event.type === 'PaymentSettled' ? event.settlement.reference : null,
          paidOn: event.type === 'PaymentSettled' ? event.settlement.paidOn : null,
          at: event.type === 'PaymentSettled' ? event.settlement.reportedAt : event.at,
        };
        publish(
          TOPICS.paymentStatusV1,
          t.decisionId,
          payload,
          deterministicUuid(`payment-status:${t.paymentId}:${status}:${after.releases}`),
        );
        break;
      }
      default:
        break;
    }
  }
  return messages;
}

/** Payment rows as the upsert takes them (jsonb_populate_recordset over the payment table). */
function paymentRecords(payments: PaymentEntity[]) {
  return payments.map((r) => ({
    id: r.id,
    decision_id: r.decisionId,
    case_id: r.caseId,
    ref: r.ref,
    office: r.office,
    veileder_ident: r.veilederIdent,
    purpose: r.purpose,
    amount_ore: r.amountOre,
    due_date: r.dueDate,
    payee: r.payee,
    not_before: r.notBefore,
    status: r.status,
    gates: r.gates,
    releases: r.releases,
    released_at: r.releasedAt?.toISOString() ?? null,
    reduction: r.reduction,
    settlement: r.settlement,
    stop_reason: r.stopReason,
    attempts: r.attempts,
  }));
}

const PAYMENT_RECORD_COLUMNS = Object.keys(paymentRecords([{} as PaymentEntity])[0]);

/**
 * Stores payments, whatever their number, and keeps the office overview as they change, in one
 * statement (data-modifying WITH clauses all run, read or not): the rows are inserted or updated,
 * changes to the held figures appended, folded per office and veileder (the compaction job folds
 * them further), and each release records its latency.
 */
const WRITE_PAYMENTS = `
  WITH written AS (
    INSERT INTO payment (${PAYMENT_RECORD_COLUMNS.join(', ')})
    SELECT ${PAYMENT_RECORD_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::payment, $1::jsonb)
    ON CONFLICT (id) DO UPDATE SET ${PAYMENT_RECORD_COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ')}
  ), held AS (
    INSERT INTO held_figures_change (office, veileder_ident, held_count, held_amount_ore)
    SELECT office, veileder, count, "amountOre"
    FROM jsonb_to_recordset($2::jsonb) AS r(office text, veileder text, count int, "amountOre" bigint)
  ), latency AS (
    INSERT INTO release_latency (payment_id, office, veileder_ident, released_at, latency_ms)
    SELECT payment_id, office, veileder, at, ms
    FROM jsonb_to_recordset($3::jsonb) AS r(payment_id uuid, office text, veileder text, at timestamptz, ms bigint)
    ON CONFLICT (payment_id) DO UPDATE SET released_at = EXCLUDED.released_at, latency_ms = EXCLUDED.latency_ms
  )
  SELECT 1`;

async function writePayments(manager: EntityManager, payments: PaymentEntity[], figures: OverviewFigures[]): Promise<void> {
  const changes = new Map<string, { office: string; veileder: string; changes: HeldFigures[] }>();
  for (const f of figures.filter((x) => x.change !== null)) {
    const key = `${f.office} ${f.veileder}`;
    if (!changes.has(key)) changes.set(key, { office: f.office, veileder: f.veileder, changes: [] });
    changes.get(key)!.changes.push(f.change!);
  }
  const held = [...changes.values()].map((c) => ({ office: c.office, veileder: c.veileder, ...foldHeld(c.changes) }));
  const latencies = figures
    .filter((f) => f.latency !== null)
    .map((f) => ({ payment_id: f.latency!.paymentId, office: f.office, veileder: f.veileder, at: f.latency!.at, ms: f.latency!.ms }));
  await preparedQuery(manager, WRITE_PAYMENTS, [JSON.stringify(paymentRecords(payments)), JSON.stringify(held), JSON.stringify(latencies)]);
}

/** Stores the payment as the decider left it and, in the same transaction, puts what the others must hear in the outbox. */
export async function savePayment(
  manager: EntityManager,
  before: PaymentState,
  events: PaymentEvent[],
  meta: Meta,
  cause: Cause,
): Promise<PaymentState> {
  if (events.length === 0) return before;
  const after = foldPayment(events, before);
  if (after.status === 'NONE') return after;
  await writePayments(manager, [paymentRow(after, meta)], [overviewFigures(before, after, events, meta)]);
  await appendManyToOutbox(
    manager,
    'payout',
    paymentMessages(after, events, meta, cause).map((event) => ({ cause, event })),
  );
  return after;
}

/**
 * savePayment for many payments at once, in two statements whatever their number: one for the rows
 * and the overview's figures, one append to the outbox. For set-based jobs (the
 * due-payment job), whose payments are each already locked in the caller's transaction.
 */
export async function savePayments(manager: EntityManager, decided: DecidedPayment[]): Promise<PaymentState[]> {
  const afters = decided.map((d) => (d.events.length === 0 ? d.before : foldPayment(d.events, d.before)));
  const changed = decided.map((d, i) => ({ ...d, after: afters[i] })).filter((d) => d.events.length > 0 && d.after.status !== 'NONE');
  if (changed.length === 0) return afters;
  await writePayments(
    manager,
    changed.map((d) => paymentRow(d.after as PaymentState & { status: PaymentEntity['status'] }, d.meta)),
    changed.map((d) => overviewFigures(d.before, d.after, d.events, d.meta)),
  );
  await appendManyToOutbox(
    manager,
    'payout',
    changed.flatMap((d) => paymentMessages(d.after, d.events, d.meta, d.cause).map((event) => ({ cause: d.cause, event }))),
  );
  return afters;
}

type OverviewFigures = {
  office: string;
  veileder: string;
  change: HeldFigures | null;
  latency: { paymentId: string; at: string; ms: number } | null;
};

/** What a payment's change does to the office overview: its held figures, and a release's latency. */
function overviewFigures(before: PaymentState, after: PaymentState, events: PaymentEvent[], meta: Meta): OverviewFigures {
  const veileder = meta.veilederIdent ?? '';
  if (after.status === 'NONE') return { office: meta.office, veileder, change: null, latency: null };
  const change = heldChange(before.status === 'NONE' ? null : { status: before.status, amountOre: before.terms.amountOre }, {
    status: after.status,
    amountOre: after.terms.amountOre,
  });
  const ms = events.some((e) => e.type === 'PaymentReleased') ? releaseLatencyMs(after.gates, after.releasedAt) : null;
  return {
    office: meta.office,
    veileder,
    // A new payment records its veileder's row even at zero, so the overview lists the veileder.
    change: change.count !== 0 || change.amountOre !== 0 || before.status === 'NONE' ? change : null,
    latency: ms === null ? null : { paymentId: after.terms.paymentId, at: after.releasedAt!, ms },
  };
}

/** Events of one decision are handled one at a time: they come on different topics, maybe to different instances. */
export const lockDecision = (manager: EntityManager, decisionId: string) =>
  preparedQuery(manager, `SELECT pg_advisory_xact_lock(hashtext($1))`, [decisionId]);

/**
 * lockDecision for several decisions in one statement, in the order of their ids' text, so two
 * transactions taking the same decisions take them in the same order. (A transaction that also takes
 * one by one may still meet another in a deadlock; PostgreSQL breaks it and the consumer goes again.)
 */
export async function lockDecisions(manager: EntityManager, decisionIds: string[]): Promise<void> {
  const ids = [...new Set(decisionIds.map((d) => d.toLowerCase()))].sort();
  if (ids.length === 1) await lockDecision(manager, ids[0]);
  else if (ids.length > 1) {
    await preparedQuery(
      manager,
      `SELECT count(pg_advisory_xact_lock(hashtext(d))) FROM (SELECT d FROM unnest($1::text[]) WITH ORDINALITY AS u(d, n) ORDER BY n) s`,
      [ids],
    );
  }
}

/** A payment, what the decider made of a command, and what it needs to be saved (savePayments). */
export type DecidedPayment = { before: PaymentState; events: PaymentEvent[]; meta: Meta; cause: Cause };

/** Runs one command against one payment row (locked in this transaction): decided, not yet saved. */
export function decidedPayment(row: PaymentEntity, command: PaymentCommand, cause: Cause): DecidedPayment {
  const before = toPaymentState(row);
  return {
    before,
    events: decidePayment(command, before),
    meta: { ref: row.ref, office: row.office, veilederIdent: row.veilederIdent },
    cause,
  };
}

/** Runs one command against one payment row (locked) and saves what it decided. */
export async function commandPayment(manager: EntityManager, row: PaymentEntity, command: PaymentCommand, cause: Cause) {
  const { before, events, meta } = decidedPayment(row, command, cause);
  return savePayment(manager, before, events, meta, cause);
}

/** A payment row as the entity has it (plain SQL on the release path): calendar dates as dates, øre as a number. */
const PAYMENT_COLUMNS = `id, decision_id AS "decisionId", case_id AS "caseId", ref, office, purpose, amount_ore AS "amountOre",
  to_char(due_date, 'YYYY-MM-DD') AS "dueDate", payee, status, gates, released_at AS "releasedAt",
  to_char(not_before, 'YYYY-MM-DD') AS "notBefore", releases, reduction, settlement, attempts, stop_reason AS "stopReason",
  veileder_ident AS "veilederIdent"`;

/**
 * The payments of a decision (all, or one), locked for this transaction, in id order. Those a
 * condition gates: lockedPaymentsGatedBy.
 */
export async function lockedPayments(manager: EntityManager, where: { decisionId: string; paymentId?: string }): Promise<PaymentEntity[]> {
  const rows: PaymentEntity[] = await preparedQuery(
    manager,
    `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE decision_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY id FOR UPDATE`,
    [where.decisionId, where.paymentId ?? null],
  );
  return rows.map(paymentEntity);
}

const paymentEntity = (r: PaymentEntity) => Object.assign(new PaymentEntity(), r, { amountOre: Number(r.amountOre) });

/**
 * The payments each condition gates, each condition of its own decision, read and locked in one
 * statement (in id order): by condition id.
 */
export async function lockedPaymentsGatedBy(
  manager: EntityManager,
  conditions: Array<{ decisionId: string; conditionId: string }>,
): Promise<Map<string, PaymentEntity[]>> {
  const rows: Array<PaymentEntity & { gatedBy: string }> = await preparedQuery(
    manager,
    `SELECT ${PAYMENT_COLUMNS}, g.gated_by AS "gatedBy"
     FROM unnest($1::uuid[], $2::text[]) AS g(gate_decision, gated_by)
     JOIN payment ON payment.decision_id = g.gate_decision AND jsonb_exists(payment.gates, g.gated_by)
     ORDER BY payment.id FOR UPDATE OF payment`,
    [conditions.map((c) => c.decisionId), conditions.map((c) => c.conditionId)],
  );
  const byCondition = new Map<string, PaymentEntity[]>();
  for (const { gatedBy, ...row } of rows) {
    byCondition.set(gatedBy, [...(byCondition.get(gatedBy) ?? []), paymentEntity(row as PaymentEntity)]);
  }
  return byCondition;
}

/** Runs one command against one payment of a decision, under the decision's lock. */
export async function commandOnePayment(
  manager: EntityManager,
  decisionId: string,
  paymentId: string,
  command: PaymentCommand,
  cause: Cause,
) {
  await lockDecision(manager, decisionId);
  const [row] = await lockedPayments(manager, { decisionId, paymentId });
  if (!row) throw RuleViolation.invalid('paymentId', 'payout knows no such payment of this decision');
  await commandPayment(manager, row, command, cause);
}

/** The payment team's report, from Kafka or HTTP: paid (reference, day) or failed (reason). The payment decider checks it. */
export async function settle(manager: EntityManager, decisionId: string, s: PaymentSettlementV1, cause: Cause) {
  const [row] = await lockedPayments(manager, { decisionId, paymentId: s.paymentId });
  if (!row) throw RuleViolation.invalid('paymentId', 'no such payment');
  const settlement = {
    outcome: s.outcome,
    reference: s.reference ?? null,
    paidOn: s.paidOn ?? null,
    reason: s.reason ?? null,
    reportedAt: s.reportedAt,
  };
  return commandPayment(manager, row, { type: 'ReportSettlement', idempotencyKey: s.idempotencyKey, settlement, now: cause.now }, cause);
}

export type { Cause };
