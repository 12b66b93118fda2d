import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  Actor,
  Allow,
  CurrentActor,
  NotFound,
  PageQuery,
  Pager,
  ParseUuid,
  assertOfficeAccess,
  forbiddenOffice,
  paging,
  readableOffices,
} from '@vf/platform';
import { ConditionEntity } from '../../database/condition.entity';
import { EvidenceEntity } from '../../database/evidence.entity';
import { toState } from '../condition.store';
import { conditionView } from '../condition.view';

const pager = new Pager<ConditionEntity>('case-conditions', ['date', 'text', 'uuid'], (c) => [c.deadline, c.ref, c.id]);

/** Per case: each condition with its status and why (e.g. "week 47 (2026-W47): 4 of 5 applications"). */
@Controller()
@Allow('veileder', 'decision-unit', 'auditor')
export class GetConditionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('cases/:caseId/conditions')
  async forCase(@Param('caseId') caseId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const { limit, cursor } = paging(query);
    const after = pager.after(cursor);
    const offices = readableOffices(actor);
    const q = this.dataSource
      .getRepository(ConditionEntity)
      .createQueryBuilder('c')
      .where('c.case_id = :caseId', { caseId })
      .orderBy('c.deadline', 'ASC')
      .addOrderBy('c.ref', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (offices) q.andWhere('c.office = ANY(:offices)', { offices });
    if (after) {
      q.andWhere('(c.deadline, c.ref, c.id) > (CAST(:deadline AS date), :ref, CAST(:id AS uuid))', {
        deadline: after[0],
        ref: after[1],
        id: after[2],
      });
    }
    const found = await q.getMany();
    // Case numbers can be guessed: a case of another office and no case at all get the same 403 (a later page may be empty).
    if (found.length === 0 && !after) throw forbiddenOffice();
    const { rows, nextCursor } = pager.page(found, limit);
    return { caseId, conditions: await this.views(rows), nextCursor };
  }

  @Get('conditions/:conditionId')
  async one(@Param('conditionId', new ParseUuid('conditionId')) conditionId: string, @CurrentActor() actor: Actor) {
    const row = await this.dataSource.getRepository(ConditionEntity).findOneBy({ id: conditionId });
    if (!row) throw new NotFound('conditionId', 'no condition with this id');
    assertOfficeAccess(actor, row.office);
    return (await this.views([row]))[0];
  }

  private async views(rows: ConditionEntity[]) {
    const evidence = rows.length
      ? await this.dataSource
          .getRepository(EvidenceEntity)
          .find({ where: { conditionId: In(rows.map((r) => r.id)) }, order: { seq: 'ASC' } })
      : [];
    return rows.map((row) =>
      conditionView(
        row,
        toState(
          row,
          evidence.filter((e) => e.conditionId === row.id),
        ),
      ),
    );
  }
}
