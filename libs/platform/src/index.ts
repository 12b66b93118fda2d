export * from './config';
export * from './database';
export * from './http';
export * from './actor';
export * from './bootstrap';
export * from './health.controller';
