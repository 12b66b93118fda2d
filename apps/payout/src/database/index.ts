import { GateConditionEntity, PaymentEntity } from './payment.entity';
import { CreatePayout1732000000002 } from './migrations/1732000000002-create-payout';
import { PaymentOffice1732000000102 } from './migrations/1732000000102-payment-office';

export const ENTITIES = [PaymentEntity, GateConditionEntity];
export const MIGRATIONS = [CreatePayout1732000000002, PaymentOffice1732000000102];
