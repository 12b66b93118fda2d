import { DynamicModule, Module } from '@nestjs/common';
import { EventTopic, TOPICS } from '@vf/contracts';
import { TopicHandlers, serviceInfrastructure, topicsOf } from '@vf/messaging';
import { HealthController, JOB_INTERVAL_MS, PEER_URLS, ServiceConfig } from '@vf/platform';
import { ListOfficeCasesController } from './cases/list-office-cases.controller';
import { GetConditionsController } from './conditions/get-conditions/get-conditions.controller';
import { JudgeFulfilmentController } from './conditions/judge-fulfilment/judge-fulfilment.controller';
import { JudgeFulfilmentHandler } from './conditions/judge-fulfilment/judge-fulfilment.handler';
import { OnDecisionAmendedHandler } from './conditions/on-decision-amended/on-decision-amended.handler';
import { OnDecisionIssuedHandler } from './conditions/on-decision-issued/on-decision-issued.handler';
import { ConditionPreview } from './conditions/preview/condition-preview';
import { DeadlineWhatIfController } from './conditions/preview/deadline-what-if.controller';
import { RegisterEvidenceBatchController } from './conditions/register-evidence-batch/register-evidence-batch.controller';
import { RegisterEvidenceBatchHandler } from './conditions/register-evidence-batch/register-evidence-batch.handler';
import { RegisterEvidenceController } from './conditions/register-evidence/register-evidence.controller';
import { RegisterEvidenceHandler } from './conditions/register-evidence/register-evidence.handler';
import { WithdrawEvidenceController } from './conditions/withdraw-evidence/withdraw-evidence.controller';
import { WithdrawEvidenceHandler } from './conditions/withdraw-evidence/withdraw-evidence.handler';
import { ENTITIES, MIGRATIONS } from './database';
import { BreachDeadlinesJob } from './deadlines/breach-deadlines.job';
import { GetJournalController } from './journal/get-journal.controller';

/** follow-up: used by veiledere (oppfølging). Consumes decision-issued; produces condition-fulfilled, -reopened, -breached. */
/** One handler per consumed topic; the consumer dispatches on this map. */
const HANDLERS: TopicHandlers = {
  [TOPICS.decisionIssuedV1]: OnDecisionIssuedHandler,
  [TOPICS.decisionAmendedV1]: OnDecisionAmendedHandler,
};

/** The topics this service consumes (the test harness reads them too). */
export const CONSUMED_TOPICS: EventTopic[] = topicsOf(HANDLERS);

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
        RegisterEvidenceController,
        RegisterEvidenceBatchController,
        WithdrawEvidenceController,
        JudgeFulfilmentController,
        GetConditionsController,
        GetJournalController,
        ListOfficeCasesController,
        DeadlineWhatIfController,
      ],
      providers: [
        RegisterEvidenceHandler,
        RegisterEvidenceBatchHandler,
        WithdrawEvidenceHandler,
        JudgeFulfilmentHandler,
        BreachDeadlinesJob,
        ConditionPreview,
        { provide: JOB_INTERVAL_MS, useValue: config.jobIntervalMs },
        { provide: PEER_URLS, useValue: config.peerUrls },
      ],
    };
  }
}
