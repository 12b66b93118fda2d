import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { JudgeFulfilmentHandler } from './judge-fulfilment.handler';
import { JudgeFulfilmentRequest } from './judge-fulfilment.request.dto';

@Controller('conditions/:conditionId/fulfilment-judgements')
export class JudgeFulfilmentController {
  constructor(private readonly handler: JudgeFulfilmentHandler) {}

  @Post()
  @HttpCode(201)
  @Allow('veileder')
  judge(
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() body: JudgeFulfilmentRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.handler.execute({ conditionId, justification: body.justification, actor, requestId: randomUUID(), now: new Date() });
  }
}
