import { GateConditionEntity, PaymentEntity } from './payment.entity';
import { CreatePayout1732000000002 } from './migrations/1732000000002-create-payout';
import { PaymentOffice1732000000102 } from './migrations/1732000000102-payment-office';
import { PaymentLifecycle1732000000300 } from './migrations/1732000000300-payment-lifecycle';
import { PaymentAttempts1732000000400 } from './migrations/1732000000400-payment-attempts';
import { PaymentList1732000000401 } from './migrations/1732000000401-payment-list';
import { InnsynDigisosSoker1732000000513 } from '../innsyn/innsyn.migration';
import { OfficeOverview1732000000520 } from './migrations/1732000000520-office-overview';
import { ReadIndexes1732000000521 } from './migrations/1732000000521-read-indexes';
import { PaymentDue1732000000522 } from './migrations/1732000000522-payment-due';
import { InnsynRefreshedBy1732000000523 } from '../innsyn/innsyn-refreshed-by.migration';

export const ENTITIES = [PaymentEntity, GateConditionEntity];
export const MIGRATIONS = [
  CreatePayout1732000000002,
  PaymentOffice1732000000102,
  PaymentLifecycle1732000000300,
  PaymentAttempts1732000000400,
  PaymentList1732000000401,
  InnsynDigisosSoker1732000000513,
  OfficeOverview1732000000520,
  ReadIndexes1732000000521,
  PaymentDue1732000000522,
  InnsynRefreshedBy1732000000523,
];
