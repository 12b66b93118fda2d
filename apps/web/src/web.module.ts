import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DevLoginController } from './auth/dev-login.controller';
import { OidcController } from './auth/oidc.controller';
import { SessionController } from './auth/session.controller';
import { CsrfGuard } from './csrf.guard';
import { ApiProxyController } from './proxy/api-proxy.controller';
import { SessionStore } from './session/session.store';
import { WEB_CONFIG } from './web-config.provider';
import { WebConfig } from './web.config';

/** The backend for the browser: sign-in, the session cookie, and the one door to the services. */
@Module({})
export class WebModule {
  static forConfig(config: WebConfig): DynamicModule {
    return {
      module: WebModule,
      controllers: [SessionController, DevLoginController, OidcController, ApiProxyController],
      providers: [{ provide: WEB_CONFIG, useValue: config }, SessionStore, { provide: APP_GUARD, useClass: CsrfGuard }],
    };
  }
}
