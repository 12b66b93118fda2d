import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, assertOfficeAccess, forbiddenOffice, mayActForOffice, paging } from '@vf/platform';
import { DecisionEntity } from '../../database/decision.entity';
import { decisionView } from '../decision.view';
import { ListDecisionsQuery } from './list-decisions.query.dto';
import { officeDecisions } from './office-decisions.query';

/** Decisions newest first: a case's in full, or an office's in summary. */
@Controller()
export class ListDecisionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('cases/:caseId/decisions')
  @Allow('decision-unit', 'veileder', 'auditor')
  async forCase(@Param('caseId') caseId: string, @CurrentActor() actor: Actor) {
    const rows = await this.dataSource.getRepository(DecisionEntity).find({ where: { caseId }, order: { issuedAt: 'DESC', id: 'DESC' } });
    const visible = rows.filter((d) => mayActForOffice(actor, d.office));
    if (visible.length === 0) throw forbiddenOffice(); // a case number can be guessed: same answer whether it exists or not
    return { caseId, decisions: visible.map(decisionView) };
  }

  @Get('decisions')
  @Allow('decision-unit', 'auditor')
  async forOffices(@Query() query: ListDecisionsQuery, @CurrentActor() actor: Actor) {
    if (query.office !== undefined) assertOfficeAccess(actor, query.office);
    const offices = query.office !== undefined ? [query.office] : actor.offices;
    return { offices, ...(await officeDecisions(this.dataSource, offices, paging(query, 20))) };
  }
}
