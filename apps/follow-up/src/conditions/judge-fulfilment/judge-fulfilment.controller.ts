import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { ActorIdent, ParseUuid } from '@vf/platform';
import { JudgeFulfilmentHandler } from './judge-fulfilment.handler';
import { JudgeFulfilmentRequest } from './judge-fulfilment.request.dto';

@Controller('conditions/:conditionId/fulfilment-judgements')
export class JudgeFulfilmentController {
  constructor(private readonly handler: JudgeFulfilmentHandler) {}

  @Post()
  @HttpCode(201)
  judge(@Param('conditionId', new ParseUuid('conditionId')) conditionId: string, @Body() body: JudgeFulfilmentRequest, @ActorIdent() actorIdent: string) {
    return this.handler.execute({ conditionId, justification: body.justification, actorIdent, requestId: randomUUID(), now: new Date() });
  }
}
