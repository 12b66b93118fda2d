import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, DryRun, ParseDryRun, ParseUuid, ResponseStatus } from '@vf/platform';
import { AmendmentCommand } from '@vf/rules';
import { AmendDecisionHandler } from './amend-decision.handler';
import { AmendmentPreview } from './amendment-preview';
import { AddConditionRequest, MoveDeadlineRequest, ReasonRequest, ReducePaymentRequest } from './amend-decision.request.dto';

/** `?dryRun=true` and what a preview needs besides the body. */
interface Ask {
  actor: Actor;
  dryRun: DryRun;
  authorization: string;
  res: ResponseStatus;
}

/**
 * The decision unit's amendments to an issued decision. Each needs a reason; each is journaled and
 * published. A lift, a new deadline and a reduction take `?dryRun=true`: they answer (200) what the
 * amendment would do and which payments it would release, and amend nothing; the others refuse it.
 */
@Controller('decisions/:decisionId')
@Allow('decision-unit')
export class AmendDecisionController {
  constructor(
    private readonly handler: AmendDecisionHandler,
    private readonly preview: AmendmentPreview,
  ) {}

  private amend(decisionId: string, command: AmendmentCommand, reason: string, ask: Ask) {
    if (!ask.dryRun) return this.handler.execute(decisionId, command, reason, ask.actor, new Date());
    ask.res.status(200);
    return this.preview.preview(decisionId, command, reason, ask.actor, ask.authorization);
  }

  /** Oppheve vilkår: payments that this condition alone held are released at once. */
  @Post('conditions/:conditionId/lifting')
  @HttpCode(201)
  lift(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() b: ReasonRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.amend(id, { kind: 'LiftCondition', conditionId }, b.reason, { actor, dryRun, authorization, res });
  }

  /** Also after a breach: the condition reopens with the new deadline. */
  @Post('conditions/:conditionId/deadline')
  @HttpCode(201)
  moveDeadline(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() b: MoveDeadlineRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.amend(id, { kind: 'MoveDeadline', conditionId, deadline: b.deadline }, b.reason, { actor, dryRun, authorization, res });
  }

  @Post('conditions')
  @HttpCode(201)
  addCondition(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Body() b: AddConditionRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun(false)) _dryRun: DryRun,
  ) {
    const condition = {
      conditionId: randomUUID(),
      ref: b.ref,
      text: b.text,
      deadline: b.deadline,
      requirement: { ...b.requirement },
      gatesPaymentIds: b.gatesPaymentIds,
      ...(b.person ? { person: b.person } : {}),
      ...(b.category ? { category: b.category } : {}),
    };
    return this.handler.execute(id, { kind: 'AddCondition', condition }, b.reason, actor, new Date());
  }

  /** A decision on a breach: reduce to an amount a person enters, with a written assessment. */
  @Post('payments/:paymentId/reduction')
  @HttpCode(201)
  reduce(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('paymentId', new ParseUuid('paymentId')) paymentId: string,
    @Body() b: ReducePaymentRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    const command: AmendmentCommand = { kind: 'ReducePayment', paymentId, conditionId: b.conditionId, amountOre: b.amountOre };
    return this.amend(id, command, b.assessment, { actor, dryRun, authorization, res });
  }

  @Post('payments/:paymentId/stop')
  @HttpCode(201)
  stop(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('paymentId', new ParseUuid('paymentId')) paymentId: string,
    @Body() b: ReasonRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun(false)) _dryRun: DryRun,
  ) {
    return this.handler.execute(id, { kind: 'StopPayment', paymentId }, b.reason, actor, new Date());
  }

  /** Only a failed payment, and only this way: the payment team gets a new release with a new idempotency key. */
  @Post('payments/:paymentId/release-again')
  @HttpCode(201)
  releaseAgain(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('paymentId', new ParseUuid('paymentId')) paymentId: string,
    @Body() b: ReasonRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun(false)) _dryRun: DryRun,
  ) {
    return this.handler.execute(id, { kind: 'ReleaseAgain', paymentId }, b.reason, actor, new Date());
  }

  /** Unreleased payments are cancelled, open conditions annulled; released payments are untouched and listed. */
  @Post('revocation')
  @HttpCode(201)
  revoke(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Body() b: ReasonRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun(false)) _dryRun: DryRun,
  ) {
    return this.handler.execute(id, { kind: 'Revoke' }, b.reason, actor, new Date());
  }
}
