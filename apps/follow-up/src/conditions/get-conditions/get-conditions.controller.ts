import { Controller, Get, Param } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, ParseUuid, assertOfficeAccess, forbiddenOffice, mayActForOffice } from '@vf/platform';
import { ConditionEntity } from '../../database/condition.entity';
import { EvidenceEntity } from '../../database/evidence.entity';
import { toState } from '../condition.store';
import { conditionView } from '../condition.view';

/** Per case: each condition with its status and why (e.g. "week 47 (2026-W47): 4 of 5 applications"). */
@Controller()
@Allow('veileder', 'decision-unit', 'auditor')
export class GetConditionsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('cases/:caseId/conditions')
  async forCase(@Param('caseId') caseId: string, @CurrentActor() actor: Actor) {
    const rows = await this.dataSource.getRepository(ConditionEntity).find({ where: { caseId }, order: { deadline: 'ASC', ref: 'ASC' } });
    const visible = rows.filter((r) => mayActForOffice(actor, r.office));
    // Case numbers can be guessed: a case of another office and no case at all get the same 403.
    if (visible.length === 0) throw forbiddenOffice();
    return { caseId, conditions: await this.views(visible) };
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
