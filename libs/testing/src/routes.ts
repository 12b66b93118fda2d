import { INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { Role, allowedRoles } from '@vf/platform';

/** One HTTP route of a running Nest app, as its controllers declare it. */
export interface Route {
  method: string;
  /** Nest's pattern, e.g. /decisions/:decisionId/revocation. */
  path: string;
  /** The class its @Body() is validated against, if it takes one. */
  body: (new () => object) | null;
  roles: Role[];
  status: number | undefined;
}

const join = (...parts: string[]) =>
  `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

/** Every route the app serves, read from its controllers' metadata: what is running, not a list kept by hand. */
export function routesOf(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as Array<new () => object>;
        const bodyArg = Object.entries(args).find(([k]) => k.split(':')[0] === String(RouteParamtypes.BODY));
        for (const base of bases)
          for (const path of [paths].flat())
            routes.push({
              method: RequestMethod[method],
              path: join(base ?? '', path),
              body: bodyArg ? types[bodyArg[1].index] : null,
              roles: allowedRoles(handler, controller),
              status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
            });
      }
    }
  }
  return routes;
}
