import { DynamicModule, Module } from '@nestjs/common';
import { EventTopic, TOPICS } from '@vf/contracts';
import { serviceInfrastructure } from '@vf/messaging';
import { HealthController, ServiceConfig } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { AmendDecisionController } from './decisions/amend-decision/amend-decision.controller';
import { AmendDecisionHandler } from './decisions/amend-decision/amend-decision.handler';
import { GetDecisionJournalController } from './decisions/get-decision/get-decision-journal.controller';
import { GetDecisionController } from './decisions/get-decision/get-decision.controller';
import { IssueDecisionController } from './decisions/issue-decision/issue-decision.controller';
import { IssueDecisionHandler } from './decisions/issue-decision/issue-decision.handler';
import { ListDecisionsController } from './decisions/list-decisions/list-decisions.controller';
import { GetWorklistController } from './worklist/get-worklist.controller';
import { RaiseWorklistItemHandler } from './worklist/raise-worklist-item.handler';

/** decision: used by the decision unit (vedtaksavdeling). Produces decision-issued; keeps the worklist of breaches and questioned releases. */
/** The topics this service consumes (the test harness reads them too). */
export const CONSUMED_TOPICS: EventTopic[] = [TOPICS.conditionBreachedV1, TOPICS.paymentNeedsReviewV1, TOPICS.paymentReleasedV1, TOPICS.paymentStatusV1];

@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: serviceInfrastructure(config, {
        entities: ENTITIES,
        migrations: MIGRATIONS,
        consume: {
          topics: CONSUMED_TOPICS,
          handler: RaiseWorklistItemHandler,
        },
      }),
      controllers: [
        HealthController,
        IssueDecisionController,
        GetDecisionController,
        GetDecisionJournalController,
        AmendDecisionController,
        GetWorklistController,
        ListDecisionsController,
      ],
      providers: [IssueDecisionHandler, AmendDecisionHandler],
    };
  }
}
