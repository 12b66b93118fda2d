export * from './system';
export * from './topic-watcher';
export * from './fixtures';
export * from './tokens';
export * from './scenario';
export * from './service-process';
export * from './lossy-proxy';
export * from './routes';
