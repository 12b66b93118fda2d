import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@vf/contracts';
import { serviceInfrastructure } from '@vf/messaging';
import { HealthController, ServiceConfig } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { GetPaymentsController } from './payments/get-payments/get-payments.controller';
import { ReleasePaymentHandler } from './payments/release-payment/release-payment.handler';

/** payout: feeds the payment team (fellestjenesten). Consumes decision-issued and condition-fulfilled, produces payment-released. */
@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: serviceInfrastructure(config, {
        entities: ENTITIES,
        migrations: MIGRATIONS,
        consume: { topics: [TOPICS.decisionIssuedV1, TOPICS.conditionFulfilledV1, TOPICS.conditionReopenedV1], handler: ReleasePaymentHandler },
      }),
      controllers: [HealthController, GetPaymentsController],
    };
  }
}
