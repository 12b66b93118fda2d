export * from './context';
export * from './logging';
export * from './metrics';
export * from './observability';
export * from './observability.module';
export * from './observe-http';
export * from './typeorm-logger';
