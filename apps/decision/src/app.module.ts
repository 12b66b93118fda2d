import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure } from '@vf/messaging';
import { HealthController, ServiceConfig } from '@vf/platform';
import { ENTITIES, MIGRATIONS } from './database';
import { GetDecisionController } from './decisions/get-decision/get-decision.controller';
import { IssueDecisionController } from './decisions/issue-decision/issue-decision.controller';
import { IssueDecisionHandler } from './decisions/issue-decision/issue-decision.handler';

/** decision: used by the decision unit (vedtaksavdeling) to issue decisions. Produces decision-issued. */
@Module({})
export class AppModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: serviceInfrastructure(config, { entities: ENTITIES, migrations: MIGRATIONS }),
      controllers: [HealthController, IssueDecisionController, GetDecisionController],
      providers: [IssueDecisionHandler],
    };
  }
}
