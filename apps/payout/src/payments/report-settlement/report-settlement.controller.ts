import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { ReportSettlementHandler } from './report-settlement.handler';
import { ReportSettlementRequest } from './report-settlement.request.dto';

/**
 * The payment team reports back over HTTP, as it can over Kafka (vilkarsflyt.payment-settlement.v1).
 * A repeated report is harmless (200, nothing changes); a conflicting one is a 409.
 */
@Controller('payments/:paymentId/settlement')
@Allow('payment-team')
export class ReportSettlementController {
  constructor(private readonly handler: ReportSettlementHandler) {}

  @Post()
  @HttpCode(200)
  report(
    @Param('paymentId', new ParseUuid('paymentId')) paymentId: string,
    @Body() report: ReportSettlementRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.handler.execute({ paymentId, report, actor, requestId: randomUUID(), now: new Date() });
  }
}
