import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, ParseUuid, assertOfficeAccess } from '@vf/platform';
import { DecisionEntity } from '../../database/decision.entity';
import { decisionView } from '../decision.view';

@Controller('decisions')
export class GetDecisionController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':decisionId')
  @Allow('decision-unit', 'veileder', 'auditor')
  async get(@Param('decisionId', new ParseUuid('decisionId')) decisionId: string, @CurrentActor() actor: Actor) {
    const decision = await this.dataSource.getRepository(DecisionEntity).findOneBy({ id: decisionId });
    if (!decision) throw new NotFound('decisionId', 'no decision with this id');
    assertOfficeAccess(actor, decision.office);
    return decisionView(decision);
  }
}
