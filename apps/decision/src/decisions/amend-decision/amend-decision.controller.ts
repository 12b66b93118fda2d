import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { AmendDecisionHandler } from './amend-decision.handler';
import { AddConditionRequest, MoveDeadlineRequest, ReasonRequest, ReducePaymentRequest } from './amend-decision.request.dto';

/** The decision unit's amendments to an issued decision. Each needs a reason; each is journaled and published. */
@Controller('decisions/:decisionId')
@Allow('decision-unit')
export class AmendDecisionController {
  constructor(private readonly handler: AmendDecisionHandler) {}

  /** Oppheve vilkår: payments that this condition alone held are released at once. */
  @Post('conditions/:conditionId/lifting')
  @HttpCode(201)
  lift(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() b: ReasonRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.handler.execute(id, { kind: 'LiftCondition', conditionId }, b.reason, actor, new Date());
  }

  /** Also after a breach: the condition reopens with the new deadline. */
  @Post('conditions/:conditionId/deadline')
  @HttpCode(201)
  moveDeadline(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() b: MoveDeadlineRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.handler.execute(id, { kind: 'MoveDeadline', conditionId, deadline: b.deadline }, b.reason, actor, new Date());
  }

  @Post('conditions')
  @HttpCode(201)
  addCondition(@Param('decisionId', new ParseUuid('decisionId')) id: string, @Body() b: AddConditionRequest, @CurrentActor() actor: Actor) {
    const condition = {
      conditionId: randomUUID(),
      ref: b.ref,
      text: b.text,
      deadline: b.deadline,
      requirement: { ...b.requirement },
      gatesPaymentIds: b.gatesPaymentIds,
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
  ) {
    return this.handler.execute(
      id,
      { kind: 'ReducePayment', paymentId, conditionId: b.conditionId, amountOre: b.amountOre },
      b.assessment,
      actor,
      new Date(),
    );
  }

  @Post('payments/:paymentId/stop')
  @HttpCode(201)
  stop(
    @Param('decisionId', new ParseUuid('decisionId')) id: string,
    @Param('paymentId', new ParseUuid('paymentId')) paymentId: string,
    @Body() b: ReasonRequest,
    @CurrentActor() actor: Actor,
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
  ) {
    return this.handler.execute(id, { kind: 'ReleaseAgain', paymentId }, b.reason, actor, new Date());
  }

  /** Unreleased payments are cancelled, open conditions annulled; released payments are untouched and listed. */
  @Post('revocation')
  @HttpCode(201)
  revoke(@Param('decisionId', new ParseUuid('decisionId')) id: string, @Body() b: ReasonRequest, @CurrentActor() actor: Actor) {
    return this.handler.execute(id, { kind: 'Revoke' }, b.reason, actor, new Date());
  }
}
