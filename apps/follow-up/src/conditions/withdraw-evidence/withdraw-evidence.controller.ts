import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, DryRun, ParseDryRun, ParseUuid, ResponseStatus } from '@vf/platform';
import { ConditionPreview } from '../preview/condition-preview';
import { WithdrawEvidenceHandler } from './withdraw-evidence.handler';
import { WithdrawEvidenceRequest } from './withdraw-evidence.request.dto';

@Controller('conditions/:conditionId/evidence/:evidenceId/withdrawal')
@Allow('veileder')
export class WithdrawEvidenceController {
  constructor(
    private readonly handler: WithdrawEvidenceHandler,
    private readonly preview: ConditionPreview,
  ) {}

  /** With `?dryRun=true`: what withdrawing would give (200), withdrawing nothing. */
  @Post()
  @HttpCode(201)
  withdraw(
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Param('evidenceId', new ParseUuid('evidenceId')) evidenceId: string,
    @Body() body: WithdrawEvidenceRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    const now = new Date();
    if (!dryRun) return this.handler.execute({ conditionId, evidenceId, reason: body.reason, actor, requestId: randomUUID(), now });
    res.status(200);
    const withdrawal = { reason: body.reason.trim(), actorIdent: actor.ident, withdrawnAt: now.toISOString() };
    return this.preview.preview(conditionId, () => ({ type: 'WithdrawEvidence', evidenceId, withdrawal }), actor, authorization);
  }
}
