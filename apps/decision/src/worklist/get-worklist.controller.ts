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

interface Row {
  id: string;
  kind: WorklistItemEntity['kind'];
  office: string;
  case_id: string;
  decision_id: string;
  condition_id: string | null;
  payment_id: string | null;
  summary: string;
  raised_at: Date;
  k_at: string;
}
const pager = new Pager<Row>('worklist', ['ts', 'uuid'], (r) => [r.k_at, r.id]);

/**
 * The decision unit's worklist: what awaits its decision, oldest first, for its offices (or one), a
 * page at a time. Each office's items are read in index order and only a page of each is merged, so a
 * page costs the same however long the worklist is.
 */
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
    const found: Row[] = await this.dataSource.query(
      `SELECT w.* FROM unnest($1::text[]) AS o(office)
       CROSS JOIN LATERAL (
         SELECT id, kind, office, case_id, decision_id, condition_id, payment_id, summary, raised_at, ${cursorTs('raised_at')} AS k_at
         FROM worklist_item
         WHERE status = 'OPEN' AND office = o.office AND ($2::timestamptz IS NULL OR (raised_at, id) > ($2::timestamptz, $3::uuid))
         ORDER BY raised_at, id
         LIMIT $4
       ) AS w
       ORDER BY w.raised_at, w.id
       LIMIT $4`,
      [offices, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const { rows, nextCursor } = pager.page(found, limit);
    return {
      offices,
      items: rows.map((i) => ({
        itemId: i.id,
        kind: i.kind,
        office: i.office,
        caseId: i.case_id,
        decisionId: i.decision_id,
        conditionId: i.condition_id,
        paymentId: i.payment_id,
        summary: i.summary,
        raisedAt: i.raised_at.toISOString(),
      })),
      nextCursor,
    };
  }
}
