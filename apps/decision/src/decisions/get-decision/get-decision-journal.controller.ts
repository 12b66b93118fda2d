import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, PageQuery, Pager, ParseUuid, assertOfficeAccess, cursorTs, paging } from '@vf/platform';
import { DecisionActionEntity } from '../../database/decision-action.entity';
import { DecisionEntity } from '../../database/decision.entity';

type Row = { action: DecisionActionEntity; at: string };
const pager = new Pager<Row>('decision-journal', ['ts', 'uuid'], (r) => [r.at, r.action.id]);

/** The decision's own journal: issued, then every amendment, with who, in which role, when and why; the issue opens the first page. */
@Controller('decisions/:decisionId/journal')
@Allow('decision-unit', 'veileder', 'auditor')
export class GetDecisionJournalController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async journal(
    @Param('decisionId', new ParseUuid('decisionId')) decisionId: string,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
  ) {
    const { limit, cursor } = paging(query);
    const after = pager.after(cursor);
    const decision = await this.dataSource.getRepository(DecisionEntity).findOneBy({ id: decisionId });
    if (!decision) throw new NotFound('decisionId', 'no decision with this id');
    assertOfficeAccess(actor, decision.office);
    const q = this.dataSource
      .getRepository(DecisionActionEntity)
      .createQueryBuilder('a')
      .addSelect(cursorTs('a.at'), 'k_at')
      .where('a.decision_id = :decisionId', { decisionId })
      .orderBy('a.at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit + 1);
    if (after) q.andWhere('(a.at, a.id) > (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after[0], id: after[1] });
    const { raw, entities } = await q.getRawAndEntities<{ k_at: string }>();
    const { rows, nextCursor } = pager.page(
      entities.map((action, i) => ({ action, at: raw[i].k_at })),
      limit,
    );
    const actions = rows.map((r) => r.action);
    const issued = after
      ? []
      : [
          {
            at: decision.issuedAt.toISOString(),
            actor: { ident: decision.issuedBy, role: decision.issuedByRole },
            kind: 'DECISION_ISSUED',
            details: null,
            reason: null,
          },
          // § 20 a exceptions are decided with the decision: journaled with its actor and time, with their written reason.
          ...(decision.activityExceptions ?? []).map((e) => ({
            at: decision.issuedAt.toISOString(),
            actor: { ident: decision.issuedBy, role: decision.issuedByRole },
            kind: 'ACTIVITY_DUTY_EXCEPTION',
            details: { person: e.person, code: e.code },
            reason: e.reason,
          })),
        ];
    return {
      decisionId,
      entries: [
        ...issued,
        ...actions.map((a) => ({
          at: a.at.toISOString(),
          actor: { ident: a.actorIdent, role: a.actorRole },
          kind: a.kind,
          details: a.details,
          reason: a.reason,
        })),
      ],
      nextCursor,
    };
  }
}
