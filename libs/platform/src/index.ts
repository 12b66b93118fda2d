export * from './config';
export * from './database';
export * from './http';
export * from './auth';
export * from './bootstrap';
export * from './health.controller';
export * from './interval-runner';
export * from './queries';
