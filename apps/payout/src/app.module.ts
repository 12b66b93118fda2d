import { DynamicModule, Module } from '@nestjs/common';
import { EventTopic, TOPICS } from '@vf/contracts';
import { TopicHandlers, mergeTopicHandlers, serviceInfrastructure, topicsOf } from '@vf/messaging';
import { HealthController, JOB_INTERVAL_MS, ServiceConfig } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { GetDigisosSokerController } from './innsyn/get-digisos-soker/get-digisos-soker.controller';
import { INNSYN_HANDLERS } from './innsyn/innsyn.handlers';
import { CompactHeldFiguresJob } from './overview/compact-held-figures.job';
import { GetOfficeOverviewController } from './overview/get-office-overview.controller';
import { GetPaymentsController } from './payments/get-payments/get-payments.controller';
import { ListPaymentsController } from './payments/list-payments/list-payments.controller';
import { OnConditionFulfilledHandler } from './gates/on-condition-fulfilled/on-condition-fulfilled.handler';
import { OnConditionProgressHandler, OnConditionProgressV1Handler } from './gates/on-condition-progress/on-condition-progress.handler';
import { OnConditionReopenedHandler } from './gates/on-condition-reopened/on-condition-reopened.handler';
import { OnDecisionAmendedHandler } from './payments/on-decision-amended/on-decision-amended.handler';
import { OnDecisionIssuedHandler } from './payments/on-decision-issued/on-decision-issued.handler';
import { OnPaymentSettlementHandler } from './payments/on-payment-settlement/on-payment-settlement.handler';
import { ReleaseDuePaymentsJob } from './payments/release-due/release-due-payments.job';
import { ReportSettlementController } from './payments/report-settlement/report-settlement.controller';
import { ReportSettlementHandler } from './payments/report-settlement/report-settlement.handler';
import { PaymentsWhatIfController } from './payments/what-if/payments-what-if.controller';
import { PaymentsWhatIfHandler } from './payments/what-if/payments-what-if.handler';

/** payout: feeds the payment team (fellestjenesten). Consumes decision-issued and condition-fulfilled, produces payment-released. */
/** One handler per consumed topic; the consumer dispatches on this map. */
const HANDLERS: TopicHandlers = {
  [TOPICS.decisionIssuedV1]: OnDecisionIssuedHandler,
  [TOPICS.conditionFulfilledV1]: OnConditionFulfilledHandler,
  [TOPICS.conditionReopenedV1]: OnConditionReopenedHandler,
  [TOPICS.conditionProgressV1]: OnConditionProgressV1Handler,
  [TOPICS.conditionProgressV2]: OnConditionProgressHandler,
  [TOPICS.decisionAmendedV1]: OnDecisionAmendedHandler,
  [TOPICS.paymentSettlementV1]: OnPaymentSettlementHandler,
};

/** payout's own handlers first, then the innsyn module's (docs/innsyn.md), for the same event in the same transaction. */
const ALL_HANDLERS = mergeTopicHandlers(HANDLERS, INNSYN_HANDLERS);

/** The topics this service consumes (the test harness reads them too). */
export const CONSUMED_TOPICS: EventTopic[] = topicsOf(ALL_HANDLERS);

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: serviceInfrastructure(config, {
        entities: ENTITIES,
        migrations: MIGRATIONS,
        consume: { handlers: ALL_HANDLERS },
      }),
      controllers: [
        HealthController,
        GetPaymentsController,
        ListPaymentsController,
        ReportSettlementController,
        GetOfficeOverviewController,
        PaymentsWhatIfController,
        GetDigisosSokerController,
      ],
      providers: [
        ReportSettlementHandler,
        PaymentsWhatIfHandler,
        ReleaseDuePaymentsJob,
        CompactHeldFiguresJob,
        { provide: JOB_INTERVAL_MS, useValue: config.jobIntervalMs },
      ],
    };
  }
}
