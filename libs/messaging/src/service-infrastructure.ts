import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { AuthModule, dataSourceOptions, IdempotencyKeys1732000000510, IdempotencyModule, ServiceConfig } from '@vf/platform';
import { MessagingModule, TopicHandlers, topicsOf } from './messaging.module';
import { OutboxNotifyTrigger1732000000600 } from './outbox-notify.migration';
import { OutboxPending1732000000700 } from './outbox-pending.migration';

export interface ServiceInfrastructure {
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  /** What the service consumes: a handler per topic. The topics are the map's keys. */
  consume?: { handlers: TopicHandlers };
}

/**
 * Token checks on every endpoint, the database (own schema, migrations at start-up), Idempotency-Key on
 * every POST (its table in the same database), the outbox relay and the consumer of one service.
 */
export function serviceInfrastructure(config: ServiceConfig, infra: ServiceInfrastructure): DynamicModule[] {
  const consume = infra.consume;
  return [
    AuthModule.forConfig(config.auth),
    TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, infra.entities, withSharedMigrations(infra.migrations))),
    { module: IdempotencyModule },
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

/**
 * What every service's database has besides its own tables: its idempotency keys, beside the changes
 * they answer for, and the trigger that queues its outbox's events for the relay and wakes it. Also
 * for whatever prepares a service's database without the service (`seed:scale`).
 */
export function withSharedMigrations(migrations: DataSourceOptions['migrations']): DataSourceOptions['migrations'] {
  return Array.isArray(migrations)
    ? [...migrations, IdempotencyKeys1732000000510, OutboxNotifyTrigger1732000000600, OutboxPending1732000000700]
    : migrations;
}
