import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound, ParseUuid } from '@vf/platform';
import { DecisionEntity } from '../../database/decision.entity';
import { decisionView } from '../decision.view';

@Controller('decisions')
export class GetDecisionController {
  constructor(private readonly dataSource: DataSource) {}

  @Get(':decisionId')
  async get(@Param('decisionId', new ParseUuid('decisionId')) decisionId: string) {
    const decision = await this.dataSource.getRepository(DecisionEntity).findOneBy({ id: decisionId });
    if (!decision) throw new NotFound('decisionId', 'no decision with this id');
    return decisionView(decision);
  }
}
