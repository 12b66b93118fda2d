import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PaymentSettlementV1, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { RuleViolation } from '@vf/rules';
import { PaymentEntity } from '../../database/payment.entity';
import { lockDecision, settle } from '../payment.store';

/** payment-settlement: the payment team's report over Kafka (the same as POST /payments/:id/settlement). */
@Injectable()
export class OnPaymentSettlementHandler implements TopicHandler<typeof TOPICS.paymentSettlementV1> {
  async handle(event: EventEnvelope<PaymentSettlementV1>, manager: EntityManager): Promise<void> {
    const s = event.payload;
    const row = await manager.getRepository(PaymentEntity).findOneBy({ id: s.paymentId });
    if (!row) throw RuleViolation.invalid('paymentId', 'no such payment');
    await lockDecision(manager, row.decisionId);
    await settle(manager, row.decisionId, s, causeOfEvent(event));
  }
}
