import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { GateChange } from '@vf/rules';
import { PaymentsWhatIfHandler } from './payments-what-if.handler';
import { GateChangeRequest, PaymentsWhatIfRequest } from './payments-what-if.request.dto';

const toChange = (c: GateChangeRequest): GateChange => {
  switch (c.kind) {
    case 'REDUCED':
      return { kind: 'REDUCED', conditionId: c.conditionId, paymentId: c.paymentId!, toOre: c.toOre!, assessment: 'what-if' };
    case 'REOPENED':
      return { kind: 'REOPENED', conditionId: c.conditionId, reason: 'what-if' };
    default:
      return { kind: c.kind, conditionId: c.conditionId };
  }
};

/**
 * Read-only: which payments of a decision would be released, with which amounts, if these changes
 * happened now. Asked by follow-up's and decision's `?dryRun=true` with the user's own token. A POST
 * only because the question has a body; it changes nothing.
 */
@Controller('decisions/:decisionId/payments/what-if')
@Allow('veileder', 'decision-unit', 'auditor')
export class PaymentsWhatIfController {
  constructor(private readonly handler: PaymentsWhatIfHandler) {}

  @Post()
  @HttpCode(200)
  ask(
    @Param('decisionId', new ParseUuid('decisionId')) decisionId: string,
    @Body() b: PaymentsWhatIfRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.handler.execute({ decisionId, changes: b.changes.map(toChange), actor, now: new Date() });
  }
}
