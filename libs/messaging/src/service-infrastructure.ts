import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { EventTopic } from '@vf/contracts';
import { AuthModule, dataSourceOptions, ServiceConfig } from '@vf/platform';
import { EventHandlerPort, MessagingModule } from './messaging.module';

export interface ServiceInfrastructure {
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  /** Topics the service consumes and the handler that runs for each event. */
  consume?: { topics: EventTopic[]; handler: new (...args: never[]) => EventHandlerPort };
}

/** Token checks on every endpoint, the database (own schema, migrations at start-up), the outbox relay and the consumer of one service. */
export function serviceInfrastructure(config: ServiceConfig, infra: ServiceInfrastructure): DynamicModule[] {
  return [
    AuthModule.forConfig(config.auth),
    TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, infra.entities, infra.migrations)),
    MessagingModule.forService(
      {
        service: config.service,
        brokers: config.kafkaBrokers,
        databaseUrl: config.databaseUrl,
        consume: infra.consume ? { groupId: config.consumerGroup, topics: infra.consume.topics } : undefined,
      },
      infra.consume?.handler,
    ),
  ];
}
