import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { AuthConfig } from './auth-config';
import { TokenVerifier } from './token-verifier';

/** Puts AuthGuard in front of every endpoint of the app. */
@Module({})
export class AuthModule {
  static forConfig(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(config) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
