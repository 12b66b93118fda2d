import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@vf/contracts';
import { serviceInfrastructure } from '@vf/messaging';
import { HealthController, ServiceConfig } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { GetOfficeOverviewController } from './overview/get-office-overview.controller';
import { GetPaymentsController } from './payments/get-payments/get-payments.controller';
import { ListPaymentsController } from './payments/list-payments/list-payments.controller';
import { ReleasePaymentHandler } from './payments/release-payment/release-payment.handler';
import { PAYOUT_JOB_INTERVAL_MS, ReleaseDuePaymentsJob } from './payments/release-due/release-due-payments.job';
import { ReportSettlementController } from './payments/report-settlement/report-settlement.controller';

/** payout: feeds the payment team (fellestjenesten). Consumes decision-issued and condition-fulfilled, produces payment-released. */
@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: serviceInfrastructure(config, {
        entities: ENTITIES,
        migrations: MIGRATIONS,
        consume: {
          topics: [
            TOPICS.decisionIssuedV1,
            TOPICS.conditionFulfilledV1,
            TOPICS.conditionReopenedV1,
            TOPICS.conditionProgressV1,
            TOPICS.decisionAmendedV1,
            TOPICS.paymentSettlementV1,
          ],
          handler: ReleasePaymentHandler,
        },
      }),
      controllers: [HealthController, GetPaymentsController, ListPaymentsController, ReportSettlementController, GetOfficeOverviewController],
      providers: [ReleaseDuePaymentsJob, { provide: PAYOUT_JOB_INTERVAL_MS, useValue: config.jobIntervalMs }],
    };
  }
}
