import { DynamicModule, Module } from '@nestjs/common';
import { EventTopic, TOPICS } from '@vf/contracts';
import { TopicHandlers, serviceInfrastructure, topicsOf } from '@vf/messaging';
import { HealthController, PEER_URLS, ServiceConfig } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { AmendDecisionController } from './decisions/amend-decision/amend-decision.controller';
import { AmendmentPreview } from './decisions/amend-decision/amendment-preview';
import { AmendDecisionHandler } from './decisions/amend-decision/amend-decision.handler';
import { GetDecisionJournalController } from './decisions/get-decision/get-decision-journal.controller';
import { GetDecisionController } from './decisions/get-decision/get-decision.controller';
import { IssueDecisionController } from './decisions/issue-decision/issue-decision.controller';
import { IssueDecisionHandler } from './decisions/issue-decision/issue-decision.handler';
import { ListDecisionsController } from './decisions/list-decisions/list-decisions.controller';
import { GetWorklistController } from './worklist/get-worklist.controller';
import { GetYearlyStatisticsController } from './statistics/get-yearly-statistics/get-yearly-statistics.controller';
import { OnPaymentReleasedHandler } from './decisions/on-payment-released/on-payment-released.handler';
import { OnConditionBreachedHandler } from './worklist/on-condition-breached/on-condition-breached.handler';
import { OnPaymentNeedsReviewHandler } from './worklist/on-payment-needs-review/on-payment-needs-review.handler';
import { OnPaymentStatusHandler } from './worklist/on-payment-status/on-payment-status.handler';

/** One handler per consumed topic; the consumer dispatches on this map. */
const HANDLERS: TopicHandlers = {
  [TOPICS.conditionBreachedV1]: OnConditionBreachedHandler,
  [TOPICS.paymentNeedsReviewV1]: OnPaymentNeedsReviewHandler,
  [TOPICS.paymentReleasedV1]: OnPaymentReleasedHandler,
  [TOPICS.paymentStatusV1]: OnPaymentStatusHandler,
};

/** The topics this service consumes (the test harness reads them too). */
export const CONSUMED_TOPICS: EventTopic[] = topicsOf(HANDLERS);

/** decision: used by the decision unit (vedtaksavdeling). Produces decision-issued; keeps the worklist of breaches and questioned releases. */
@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: serviceInfrastructure(config, {
        entities: ENTITIES,
        migrations: MIGRATIONS,
        consume: { handlers: HANDLERS },
      }),
      controllers: [
        HealthController,
        IssueDecisionController,
        GetDecisionController,
        GetDecisionJournalController,
        AmendDecisionController,
        GetWorklistController,
        ListDecisionsController,
        GetYearlyStatisticsController,
      ],
      providers: [IssueDecisionHandler, AmendDecisionHandler, AmendmentPreview, { provide: PEER_URLS, useValue: config.peerUrls }],
    };
  }
}
