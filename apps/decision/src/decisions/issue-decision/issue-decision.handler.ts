import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { DecisionIssuedV1, TOPICS } from '@vf/contracts';
import { appendToOutbox, causeOfRequest } from '@vf/messaging';
import { Actor, assertOfficeAccess, idempotentTransaction } from '@vf/platform';
import { assertDecision } from '@vf/rules';
import { DecisionEntity } from '../../database/decision.entity';
import { DecisionView, decisionView } from '../decision.view';
import { IssueDecisionRequest } from './issue-decision.request.dto';

export interface IssueDecisionCommand {
  request: IssueDecisionRequest;
  actor: Actor;
  requestId: string;
  now: Date;
}

/** Vedtak: checks the rules, stores the decision and its decision-issued event in one transaction. */
@Injectable()
export class IssueDecisionHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ request, actor, requestId, now }: IssueDecisionCommand): Promise<DecisionView> {
    assertOfficeAccess(actor, request.office);
    assertDecision(request);
    const decisionId = randomUUID();
    const paymentIds = new Map(request.payments.map((p) => [p.ref, randomUUID()]));
    const payload: DecisionIssuedV1 = {
      decisionId,
      caseId: request.caseId,
      office: request.office,
      recipientNationalId: request.recipientNationalId,
      periodFrom: request.periodFrom,
      periodTo: request.periodTo,
      reductionOnBreachAnnounced: request.reductionOnBreachAnnounced,
      veilederIdent: request.veilederIdent ?? null,
      issuedAt: now.toISOString(),
      payments: request.payments.map((p) => ({
        paymentId: paymentIds.get(p.ref)!,
        ref: p.ref,
        purpose: p.purpose,
        amountOre: p.amountOre,
        dueDate: p.dueDate,
        payee: { ...p.payee },
        notBefore: p.notBefore ?? null,
      })),
      conditions: request.conditions.map((c) => ({
        conditionId: randomUUID(),
        ref: c.ref,
        text: c.text,
        deadline: c.deadline,
        requirement: { ...c.requirement },
        gatesPaymentIds: c.gates.map((ref) => paymentIds.get(ref)!),
        ...(c.person ? { person: c.person } : {}),
        ...(c.category ? { category: c.category } : {}),
      })),
      ...(request.partner ? { partner: { relation: request.partner.relation, nationalId: request.partner.nationalId } } : {}),
      ...(request.activityExceptions?.length
        ? { activityExceptions: request.activityExceptions.map((e) => ({ person: e.person, code: e.code, reason: e.reason.trim() })) }
        : {}),
    };
    const entity = Object.assign(new DecisionEntity(), {
      id: decisionId,
      caseId: payload.caseId,
      office: payload.office,
      recipientNationalId: payload.recipientNationalId,
      periodFrom: payload.periodFrom,
      periodTo: payload.periodTo,
      reductionOnBreachAnnounced: payload.reductionOnBreachAnnounced,
      veilederIdent: payload.veilederIdent,
      payments: payload.payments,
      conditions: payload.conditions,
      partner: payload.partner ?? null,
      activityExceptions: payload.activityExceptions ?? [],
      issuedAt: now,
      progress: {
        revoked: false,
        payments: Object.fromEntries(payload.payments.map((p) => [p.paymentId, { amountOre: p.amountOre, status: 'HELD' as const }])),
        conditions: Object.fromEntries(
          payload.conditions.map((c) => [
            c.conditionId,
            { gates: c.gatesPaymentIds, deadline: c.deadline, status: 'ACTIVE' as const, breached: false },
          ]),
        ),
      },
      issuedBy: actor.ident,
      issuedByRole: actor.role,
    });
    return idempotentTransaction(this.dataSource, async (manager) => {
      await manager.insert(DecisionEntity, entity); // new by its fresh id: no read first, as save() would
      await appendToOutbox(manager, 'decision', causeOfRequest(requestId, now, actor), {
        topic: TOPICS.decisionIssuedV1,
        key: decisionId,
        payload,
        eventId: randomUUID(),
      });
      return decisionView(entity);
    });
  }
}
