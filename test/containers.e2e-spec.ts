import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { ServiceName, generateDevKeys, loadServiceConfig } from '@vf/platform';
import { loadWebConfig } from '../apps/web/src/web.config';

/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: the compose file is read
 * as compose reads it (YAML with merge keys), each service's environment is given to the service's
 * own configuration loader (so a variable the code does not take, or one it needs and lacks, fails
 * here), and the wiring between services (hosts, ports, health checks) must agree.
 */
const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      build?: { context: string; args: { SERVICE: string } };
      environment?: Record<string, string>;
      ports?: string[];
      healthcheck?: { test: string[] };
      depends_on?: Record<string, { condition: string }>;
      volumes?: string[];
      command?: string[];
    }
  >;
  volumes: Record<string, unknown>;
};
const SERVICES: ServiceName[] = ['decision', 'follow-up', 'payout'];
const APPS = [...SERVICES, 'web'] as const;
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The dev key files the compose file mounts at /keys, made for real in a temporary directory. */
function withKeyFiles(env: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'vf-keys-'));
  const keys = generateDevKeys();
  writeFileSync(join(dir, 'public.pem'), keys.publicKeyPem);
  writeFileSync(join(dir, 'private.pem'), keys.privateKeyPem);
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/^\/keys\//, `${dir}/`)]));
}

/** Every TypeScript source under the given folders, concatenated: where a variable the code reads is named. */
function sources(...dirs: string[]): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) out.push(readFileSync(path, 'utf8'));
    }
  };
  dirs.forEach((d) => walk(join(ROOT, d)));
  return out.join('\n');
}

const healthUrl = (app: string) => {
  const test = compose.services[app].healthcheck!.test.join(' ');
  return new URL(/fetch\('([^']+)'\)/.exec(test)![1]);
};

describe('docker-compose.yml', () => {
  it('runs the database, the broker, the three services and the web app, each built from the Dockerfile for itself', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'kafka', ...APPS]));
    for (const app of APPS) {
      const service = compose.services[app];
      expect(service.build).toEqual({ context: '.', args: { SERVICE: app } });
      expect(service.image).toBe(`vilkarsflyt/${app}`);
      expect(existsSync(join(ROOT, `apps/${app}/src/main.ts`))).toBe(true);
      expect(service.healthcheck?.test[0]).toBe('CMD');
    }
  });

  it("gives each service a configuration its own loader accepts, pointing at the compose file's database and broker", () => {
    const kafkaListeners = compose.services.kafka.environment!.KAFKA_ADVERTISED_LISTENERS;
    for (const service of SERVICES) {
      const env = withKeyFiles(compose.services[service].environment!);
      const config = loadServiceConfig(service, env);
      expect(config.service).toBe(service);
      for (const broker of config.kafkaBrokers) expect(kafkaListeners).toContain(`//${broker}`);
      const db = new URL(config.databaseUrl);
      expect(compose.services[db.hostname]).toBeDefined();
      expect(db.pathname).toBe(`/vilkarsflyt_${service.replace('-', '_')}`);
      // It listens where the port mapping and the health check look, on every interface of the container.
      expect(env.HOST).toBe('0.0.0.0');
      expect(compose.services[service].ports).toEqual([`127.0.0.1:${config.port}:${config.port}`]);
      expect(healthUrl(service).port).toBe(String(config.port));
      expect(healthUrl(service).pathname).toBe('/health');
      // The health path is one the service serves without a token (its committed OpenAPI document says so).
      const openApi = JSON.parse(readFileSync(join(ROOT, `docs/openapi/${service}.json`), 'utf8'));
      expect(openApi.paths['/health'].get.security).toBeUndefined();
      expect(Object.keys(compose.services[service].depends_on ?? {})).toEqual(expect.arrayContaining(['postgres', 'kafka']));
      expect(compose.services[service].depends_on!.kafka.condition).toBe('service_healthy');
    }
  });

  it("gives the web app a configuration its loader accepts, with each service's address inside the compose network", () => {
    const env = withKeyFiles(compose.services.web.environment!);
    const config = loadWebConfig({ ...env, WEB_STATIC_DIR: ROOT });
    expect(config.dev).not.toBeNull();
    for (const service of SERVICES) {
      const url = new URL(config.services[service]);
      expect(compose.services[url.hostname]).toBeDefined();
      expect(url.port).toBe(String(loadServiceConfig(service, withKeyFiles(compose.services[service].environment!)).port));
      expect(compose.services.web.depends_on![service].condition).toBe('service_healthy');
    }
    expect(healthUrl('web').port).toBe(String(config.port));
    expect(compose.services.web.ports).toEqual([`127.0.0.1:${config.port}:${config.port}`]);
  });

  it('sets no variable that the code does not read', () => {
    const code = sources('libs', 'apps/decision/src', 'apps/follow-up/src', 'apps/payout/src', 'apps/web/src', 'scripts');
    // Read by the service name: <SERVICE>_PORT, <SERVICE>_DATABASE_URL … (libs/platform/src/config.ts).
    const perService = /^(DECISION|FOLLOW_UP|PAYOUT)_(PORT|DATABASE_URL|CONSUMER_GROUP)$/;
    for (const app of [...APPS, 'dev-keys']) {
      for (const name of Object.keys(compose.services[app].environment ?? {})) {
        const read = perService.test(name) ? code.includes(`'${name.replace(/^(DECISION|FOLLOW_UP|PAYOUT)_/, '')}'`) : code.includes(name);
        expect({ app, name, read }).toEqual({ app, name, read: true });
      }
    }
  });

  it('makes the development keys once, in a volume the services read and the web app signs with', () => {
    const keys = compose.services['dev-keys'];
    expect(keys.command).toEqual(['node', '-r', 'tsconfig-paths/register', 'dist/scripts/mint-token.js', '--ensure-keys']);
    expect(existsSync(join(ROOT, 'scripts/mint-token.ts'))).toBe(true);
    expect(keys.environment!.DEV_KEYS_DIR).toBe('/keys');
    expect(keys.volumes).toEqual(['dev-keys:/keys']);
    for (const app of APPS) {
      expect(compose.services[app].volumes).toEqual(['dev-keys:/keys:ro']);
      expect(compose.services[app].depends_on!['dev-keys'].condition).toBe('service_completed_successfully');
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const stage = (name: string) => stages.find((s) => new RegExp(`^\\S+ AS ${name}\\b`).test(s))!;

  it('compiles in one stage, installs only production dependencies in another, and runs compiled JavaScript as a non-root user', () => {
    expect(stages.map((s) => /^\S+ AS (\S+)/.exec(s)?.[1])).toEqual(['build', 'dependencies', 'runtime']);
    expect(stage('build')).toContain('npx tsc -p tsconfig.build.json');
    expect(stage('dependencies')).toMatch(/npm ci --omit=dev/);
    const runtime = stage('runtime');
    expect(runtime).toContain('COPY --from=dependencies --chown=root:root /app/node_modules node_modules');
    expect(runtime).toContain('COPY --from=build --chown=root:root /app/dist dist');
    expect(runtime).not.toMatch(/COPY (?!--from)\S* ?(apps|libs|scripts)\b/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD'));
    expect(runtime).toContain('dist/apps/$SERVICE/src/main.js');
  });

  it('copies only what exists and what .dockerignore lets through', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(?:--chown=\S+ )?(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'libs', 'apps']));
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
      expect({ source, ignored: ignored.includes(source) }).toEqual({ source, ignored: false });
    }
    // tsconfig.build.json compiles the apps, the libraries and the scripts the image runs (mint-token for dev keys).
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(build.include).toEqual(expect.arrayContaining(['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts', 'scripts/**/*.ts']));
  });
});
