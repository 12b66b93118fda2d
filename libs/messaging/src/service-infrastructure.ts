import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { EventTopic } from '@vf/contracts';
import { AuthModule, dataSourceOptions, ServiceConfig } from '@vf/platform';
import { EventHandlerPort, MessagingModule, TopicHandlers, topicsOf } from './messaging.module';

export interface ServiceInfrastructure {
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  /**
   * What the service consumes: a handler per topic (`handlers`, the shape every service is moving
   * to), or, until it has moved, one handler for several topics.
   */
  consume?: { handlers: TopicHandlers } | { topics: EventTopic[]; handler: new (...args: never[]) => EventHandlerPort };
}

/** Token checks on every endpoint, the database (own schema, migrations at start-up), the outbox relay and the consumer of one service. */
export function serviceInfrastructure(config: ServiceConfig, infra: ServiceInfrastructure): DynamicModule[] {
  const consume = infra.consume;
  const topics = !consume ? [] : 'handlers' in consume ? topicsOf(consume.handlers) : consume.topics;
  return [
    AuthModule.forConfig(config.auth),
    TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, infra.entities, infra.migrations)),
    MessagingModule.forService(
      {
        service: config.service,
        brokers: config.kafkaBrokers,
        databaseUrl: config.databaseUrl,
        consume: consume ? { groupId: config.consumerGroup, topics } : undefined,
      },
      consume && 'handler' in consume ? consume.handler : undefined,
      consume && 'handlers' in consume ? consume.handlers : undefined,
    ),
  ];
}
