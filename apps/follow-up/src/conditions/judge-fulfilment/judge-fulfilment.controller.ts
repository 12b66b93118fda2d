import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, DryRun, ParseDryRun, ParseUuid, ResponseStatus } from '@vf/platform';
import { ConditionPreview } from '../preview/condition-preview';
import { JudgeFulfilmentHandler } from './judge-fulfilment.handler';
import { JudgeFulfilmentRequest } from './judge-fulfilment.request.dto';

@Controller('conditions/:conditionId/fulfilment-judgements')
export class JudgeFulfilmentController {
  constructor(
    private readonly handler: JudgeFulfilmentHandler,
    private readonly preview: ConditionPreview,
  ) {}

  /** With `?dryRun=true`: what the judgement would give (200), judging nothing. */
  @Post()
  @HttpCode(201)
  @Allow('veileder')
  judge(
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() body: JudgeFulfilmentRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    const now = new Date();
    if (!dryRun) return this.handler.execute({ conditionId, justification: body.justification, actor, requestId: randomUUID(), now });
    res.status(200);
    const judgement = {
      justification: body.justification.trim(),
      actorIdent: actor.ident,
      actorRole: actor.role,
      judgedAt: now.toISOString(),
    };
    return this.preview.preview(conditionId, () => ({ type: 'JudgeFulfilled', judgement }), actor, authorization);
  }
}
