// npm run docs:generate: writes the documents generated from the code, so that they are committed
// beside it and reviewed with it:
//   docs/openapi/<service>.json   each service's OpenAPI 3 document (as it serves at /docs-json)
//   docs/asyncapi.yaml            the AsyncAPI 3 document of every topic (libs/contracts)
// `npm run docs:generate -- --check` writes nothing and exits 1 if a committed document differs.
// test/docs.e2e-spec.ts fails when they drift from the code.
import 'reflect-metadata';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { stringify } from 'yaml';
import { asyncApiDocument } from '@vf/contracts';
import { ServiceConfig, ServiceName, buildOpenApiDocument, generateDevKeys, loadServiceConfig } from '@vf/platform';
import { AppModule as DecisionModule, CONSUMED_TOPICS as DECISION_TOPICS } from '../apps/decision/src/app.module';
import { AppModule as FollowUpModule, CONSUMED_TOPICS as FOLLOW_UP_TOPICS } from '../apps/follow-up/src/app.module';
import { AppModule as PayoutModule, CONSUMED_TOPICS as PAYOUT_TOPICS } from '../apps/payout/src/app.module';

export const ROOT = join(__dirname, '..');

const SERVICES: Record<ServiceName, { module: (config: ServiceConfig) => DynamicModule; consumes: readonly string[] }> = {
  decision: { module: (c) => DecisionModule.forConfig(c), consumes: DECISION_TOPICS },
  'follow-up': { module: (c) => FollowUpModule.forConfig(c), consumes: FOLLOW_UP_TOPICS },
  payout: { module: (c) => PayoutModule.forConfig(c), consumes: PAYOUT_TOPICS },
};

/** The service's module in Nest's preview mode: routes and metadata only, no database or broker is touched. */
async function openApiOf(service: ServiceName): Promise<{ document: unknown; unknownValidators: string[] }> {
  const config = loadServiceConfig(service, {
    AUTH_ISSUER: 'docs',
    AUTH_AUDIENCE: 'docs',
    AUTH_PUBLIC_KEY_PEM: generateDevKeys().publicKeyPem,
  });
  const app = await NestFactory.create(SERVICES[service].module(config), { preview: true, logger: false });
  try {
    return buildOpenApiDocument(app, service);
  } finally {
    await app.close();
  }
}

export const openApiPath = (service: ServiceName) => `docs/openapi/${service}.json`;
export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated document by its path in the repository, as the code makes it now. */
export async function renderDocuments(): Promise<{ files: Record<string, string>; unknownValidators: string[] }> {
  const files: Record<string, string> = {};
  const unknownValidators: string[] = [];
  for (const service of Object.keys(SERVICES) as ServiceName[]) {
    const { document, unknownValidators: unknown } = await openApiOf(service);
    files[openApiPath(service)] = json(document);
    unknownValidators.push(...unknown.map((u) => `${service}: ${u}`));
  }
  const consumers = Object.fromEntries(Object.entries(SERVICES).map(([s, d]) => [s, d.consumes]));
  const asyncApi = asyncApiDocument(consumers);
  files[ASYNCAPI_PATH] =
    '# Generated from libs/contracts by `npm run docs:generate`; do not edit by hand (test/docs.e2e-spec.ts fails on drift).\n' +
    stringify(asyncApi.document, { lineWidth: 0, aliasDuplicateObjects: false });
  unknownValidators.push(...asyncApi.unknownValidators.map((u) => `contracts: ${u}`));
  return { files, unknownValidators };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { files, unknownValidators } = await renderDocuments();
  if (unknownValidators.length) {
    console.error(`validators the schema generator cannot describe (teach libs/contracts/src/schema/class-schema.ts):`);
    for (const u of unknownValidators) console.error(`  ${u}`);
    process.exit(1);
  }
  let stale = 0;
  for (const [path, content] of Object.entries(files)) {
    const file = join(ROOT, path);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === content) continue;
    stale += 1;
    if (check) {
      console.error(`${path} differs from what the code generates (run npm run docs:generate)`);
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      console.log(`wrote ${path}`);
    }
  }
  if (check && stale) process.exit(1);
  if (!stale) console.log('documents up to date');
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}
