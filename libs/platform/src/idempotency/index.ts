export * from './idempotency-key';
export * from './idempotent-transaction';
export * from './idempotency.interceptor';
export * from './idempotency-key.migration';
export * from './idempotency.module';
