import { causeOfRequest } from '@vf/messaging';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, ParseUuid } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { lockDecision, settle } from '../payment.store';
import { paymentStatusView } from '../payment.view';
import { ReportSettlementRequest } from './report-settlement.request.dto';

/**
 * The payment team reports back over HTTP, as it can over Kafka (vilkarsflyt.payment-settlement.v1).
 * A repeated report is harmless (200, nothing changes); a conflicting one is a 409.
 */
@Controller('payments/:paymentId/settlement')
@Allow('payment-team')
export class ReportSettlementController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @HttpCode(200)
  async report(@Param('paymentId', new ParseUuid('paymentId')) paymentId: string, @Body() body: ReportSettlementRequest, @CurrentActor() actor: Actor) {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(PaymentEntity).findOneBy({ id: paymentId });
      if (!row) throw new NotFound('paymentId', 'no payment with this id');
      await lockDecision(manager, row.decisionId);
      const now = new Date();
      const requestId = randomUUID();
      const after = await settle(manager, row.decisionId, { paymentId, ...body, reportedAt: now.toISOString() }, causeOfRequest(requestId, now, actor));
      return paymentStatusView(after);
    });
  }
}
