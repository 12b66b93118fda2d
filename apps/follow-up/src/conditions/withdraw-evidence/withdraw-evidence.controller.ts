import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { WithdrawEvidenceHandler } from './withdraw-evidence.handler';
import { WithdrawEvidenceRequest } from './withdraw-evidence.request.dto';

@Controller('conditions/:conditionId/evidence/:evidenceId/withdrawal')
@Allow('veileder')
export class WithdrawEvidenceController {
  constructor(private readonly handler: WithdrawEvidenceHandler) {}

  @Post()
  @HttpCode(201)
  withdraw(
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Param('evidenceId', new ParseUuid('evidenceId')) evidenceId: string,
    @Body() body: WithdrawEvidenceRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.handler.execute({ conditionId, evidenceId, reason: body.reason, actor, requestId: randomUUID(), now: new Date() });
  }
}
