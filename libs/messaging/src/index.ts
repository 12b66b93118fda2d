export * from './ids';
export * from './outbox';
export * from './outbox-relay';
export * from './idempotent-consumer';
export * from './kafka';
export * from './messaging.module';
export * from './service-infrastructure';
export * from './dead-letters';
