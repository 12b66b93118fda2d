import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  Allow,
  CurrentActor,
  PageQuery,
  Pager,
  assertOfficeAccess,
  cursorTs,
  forbiddenOffice,
  paging,
  readableOffices,
} from '@vf/platform';
import { DecisionEntity } from '../../database/decision.entity';
import { decisionView } from '../decision.view';
import { ListDecisionsQuery } from './list-decisions.query.dto';
import { officeDecisions } from './office-decisions.query';

type Row = { decision: DecisionEntity; at: string };
const casePager = new Pager<Row>('case-decisions', ['ts', 'uuid'], (r) => [r.at, r.decision.id]);

/** Decisions newest first: a case's in full, or an office's in summary. */
@Controller()
export class ListDecisionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('cases/:caseId/decisions')
  @Allow('decision-unit', 'veileder', 'auditor')
  async forCase(@Param('caseId') caseId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const { limit, cursor } = paging(query);
    const after = casePager.after(cursor);
    const offices = readableOffices(actor);
    const q = this.dataSource
      .getRepository(DecisionEntity)
      .createQueryBuilder('d')
      .addSelect(cursorTs('d.issued_at'), 'k_at')
      .where('d.case_id = :caseId', { caseId })
      .orderBy('d.issued_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (offices) q.andWhere('d.office = ANY(:offices)', { offices });
    if (after) q.andWhere('(d.issued_at, d.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after[0], id: after[1] });
    const { raw, entities } = await q.getRawAndEntities<{ k_at: string }>();
    // A case number can be guessed: same answer whether it exists or not (a later page may be empty).
    if (entities.length === 0 && !after) throw forbiddenOffice();
    const { rows, nextCursor } = casePager.page(
      entities.map((decision, i) => ({ decision, at: raw[i].k_at })),
      limit,
    );
    return { caseId, decisions: rows.map((r) => decisionView(r.decision)), nextCursor };
  }

  @Get('decisions')
  @Allow('decision-unit', 'auditor')
  async forOffices(@Query() query: ListDecisionsQuery, @CurrentActor() actor: Actor) {
    if (query.office !== undefined) assertOfficeAccess(actor, query.office);
    const offices = query.office !== undefined ? [query.office] : actor.offices;
    return { offices, ...(await officeDecisions(this.dataSource, offices, paging(query, 20))) };
  }
}
