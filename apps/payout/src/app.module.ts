import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TOPICS } from '@vf/contracts';
import { MessagingModule } from '@vf/messaging';
import { HealthController, ServiceConfig, dataSourceOptions } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { GetPaymentsController } from './payments/get-payments/get-payments.controller';
import { ReleasePaymentHandler } from './payments/release-payment/release-payment.handler';

/** payout: feeds the payment team (fellestjenesten). Consumes decision-issued and condition-fulfilled, produces payment-released. */
@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, ENTITIES, MIGRATIONS)),
        MessagingModule.forService(
          {
            service: config.service,
            brokers: config.kafkaBrokers,
            databaseUrl: config.databaseUrl,
            consume: { groupId: config.consumerGroup, topics: [TOPICS.decisionIssuedV1, TOPICS.conditionFulfilledV1] },
          },
          ReleasePaymentHandler,
        ),
      ],
      controllers: [HealthController, GetPaymentsController],
    };
  }
}
