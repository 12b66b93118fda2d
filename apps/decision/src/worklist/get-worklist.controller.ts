import { Controller, Get, Query } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor, Allow, CurrentActor, assertOfficeAccess } from '@vf/platform';
import { WorklistItemEntity } from '../database/worklist-item.entity';

/** The decision unit's worklist: what awaits its decision, oldest first, for its offices (or one). */
@Controller('worklist')
@Allow('decision-unit', 'auditor')
export class GetWorklistController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query('office') office?: string) {
    if (office !== undefined) assertOfficeAccess(actor, office);
    const offices = office !== undefined ? [office] : actor.offices;
    const items = await this.dataSource.getRepository(WorklistItemEntity).find({
      where: { status: 'OPEN', office: In(offices) },
      order: { raisedAt: 'ASC', id: 'ASC' },
    });
    return {
      offices,
      items: items.map((i) => ({
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
    };
  }
}
