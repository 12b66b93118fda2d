import { GateConditionEntity, PaymentEntity } from './payment.entity';
import { CreatePayout1732000000002 } from './migrations/1732000000002-create-payout';

export const ENTITIES = [PaymentEntity, GateConditionEntity];
export const MIGRATIONS = [CreatePayout1732000000002];
