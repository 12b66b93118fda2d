import { Controller, Get, Query } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import {
  Actor,
  Allow,
  CurrentActor,
  OFFICE_NUMBER,
  OFFICE_NUMBER_REASON,
  PageQuery,
  Pager,
  assertOfficeAccess,
  cursorTs,
  paging,
} from '@vf/platform';
import { WorklistItemEntity } from '../database/worklist-item.entity';

/** `GET /worklist?office=0301&limit=50&cursor=…` */
export class WorklistQuery extends PageQuery {
  /** One office; without it, every office in the token. */
  @IsOptional()
  @Matches(OFFICE_NUMBER, { message: OFFICE_NUMBER_REASON })
  office?: string;
}

type Row = { item: WorklistItemEntity; at: string };
const pager = new Pager<Row>('worklist', ['ts', 'uuid'], (r) => [r.at, r.item.id]);

/** The decision unit's worklist: what awaits its decision, oldest first, for its offices (or one), a page at a time. */
@Controller('worklist')
@Allow('decision-unit', 'auditor')
export class GetWorklistController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: WorklistQuery) {
    if (query.office !== undefined) assertOfficeAccess(actor, query.office);
    const offices = query.office !== undefined ? [query.office] : actor.offices;
    const { limit, cursor } = paging(query);
    const after = pager.after(cursor);
    const q = this.dataSource
      .getRepository(WorklistItemEntity)
      .createQueryBuilder('w')
      .addSelect(cursorTs('w.raised_at'), 'k_at')
      .where(`w.status = 'OPEN'`)
      .andWhere('w.office = ANY(:offices)', { offices })
      .orderBy('w.raised_at', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .limit(limit + 1);
    if (after) q.andWhere('(w.raised_at, w.id) > (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after[0], id: after[1] });
    const { raw, entities } = await q.getRawAndEntities<{ k_at: string }>();
    const { rows, nextCursor } = pager.page(
      entities.map((item, i) => ({ item, at: raw[i].k_at })),
      limit,
    );
    return {
      offices,
      items: rows.map(({ item: i }) => ({
        itemId: i.id,
        kind: i.kind,
        office: i.office,
        caseId: i.caseId,
        decisionId: i.decisionId,
        conditionId: i.conditionId,
        paymentId: i.paymentId,
        summary: i.summary,
        raisedAt: i.raisedAt.toISOString(),
      })),
      nextCursor,
    };
  }
}
