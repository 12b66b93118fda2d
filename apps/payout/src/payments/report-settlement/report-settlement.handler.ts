import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { causeOfRequest } from '@vf/messaging';
import { Actor, NotFound, idempotentTransaction } from '@vf/platform';
import { PaymentEntity } from '../../database/payment.entity';
import { lockDecision, settle } from '../payment.store';
import { paymentStatusView } from '../payment.view';
import { ReportSettlementRequest } from './report-settlement.request.dto';

export interface ReportSettlementCommand {
  paymentId: string;
  report: ReportSettlementRequest;
  actor: Actor;
  requestId: string;
  now: Date;
}

/** The payment team's report over HTTP: one transaction, load, decide (the payment decider), save, publish. */
@Injectable()
export class ReportSettlementHandler {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: ReportSettlementCommand) {
    return idempotentTransaction(this.dataSource, async (manager) => {
      const row = await manager.getRepository(PaymentEntity).findOneBy({ id: command.paymentId });
      if (!row) throw new NotFound('paymentId', 'no payment with this id');
      await lockDecision(manager, row.decisionId);
      const report = { paymentId: command.paymentId, ...command.report, reportedAt: command.now.toISOString() };
      const after = await settle(manager, row.decisionId, report, causeOfRequest(command.requestId, command.now, command.actor));
      return paymentStatusView(after);
    });
  }
}
