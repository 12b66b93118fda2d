import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { AuthModule, dataSourceOptions, ServiceConfig } from '@vf/platform';
import { MessagingModule, TopicHandlers, topicsOf } from './messaging.module';

export interface ServiceInfrastructure {
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  /** What the service consumes: a handler per topic. The topics are the map's keys. */
  consume?: { handlers: TopicHandlers };
}

/** Token checks on every endpoint, the database (own schema, migrations at start-up), the outbox relay and the consumer of one service. */
export function serviceInfrastructure(config: ServiceConfig, infra: ServiceInfrastructure): DynamicModule[] {
  const consume = infra.consume;
  return [
    AuthModule.forConfig(config.auth),
    TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, infra.entities, infra.migrations)),
    MessagingModule.forService(
      {
        service: config.service,
        brokers: config.kafkaBrokers,
        databaseUrl: config.databaseUrl,
        consume: consume ? { groupId: config.consumerGroup, topics: topicsOf(consume.handlers) } : undefined,
      },
      consume?.handlers,
    ),
  ];
}
