export * from './actor';
export * from './auth-config';
export * from './token-verifier';
export * from './auth.guard';
export * from './dev-token';
export * from './auth.module';
