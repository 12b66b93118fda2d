import { ChildProcess, spawn } from 'child_process';
import { resolve } from 'path';
import { ServiceConfig, ServiceName } from '@vf/platform';
import { testKeys } from './tokens';

const ROOT = resolve(__dirname, '../../..');

/** A service running as a process of its own (from its TypeScript main), as it runs in production. */
export class ServiceProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private partial = '';

  constructor(
    readonly service: ServiceName,
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    const collect = (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts.filter(Boolean));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  }

  /** Every line it wrote, parsed; a line that is not one JSON object fails the test. */
  json(): Array<Record<string, unknown>> {
    return this.lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${this.service} wrote a line that is not JSON: ${line.slice(0, 200)}`);
      }
    });
  }

  /** Resolves once /health/ready says 200; fails if the process exits first. */
  async ready(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      if (exited) throw new Error(`${this.service} exited before it was ready:\n${this.lines.slice(-20).join('\n')}`);
      const status = await fetch(`${this.url}/health/ready`)
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) return;
      if (Date.now() > deadline) throw new Error(`${this.service} not ready within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Starts `apps/<service>/src/main.ts` in a new Node process with exactly the environment given
 * (plus PATH), e.g. a configuration of the e2e harness as variables, or a broken one.
 */
export function spawnService(service: ServiceName, env: Record<string, string | undefined>, port = 0): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${service}/src/main.ts`],
    { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new ServiceProcess(service, child, `http://127.0.0.1:${port}`);
}

/** The variables that give a service process the configuration the harness gave its in-process twin. */
export function serviceEnv(config: ServiceConfig, port: number): Record<string, string> {
  const prefix = config.service.replace('-', '_').toUpperCase();
  return {
    [`${prefix}_PORT`]: String(port),
    [`${prefix}_DATABASE_URL`]: config.databaseUrl,
    [`${prefix}_CONSUMER_GROUP`]: config.consumerGroup,
    KAFKA_BROKERS: config.kafkaBrokers.join(','),
    JOB_INTERVAL_MS: String(config.jobIntervalMs),
    AUTH_ISSUER: config.auth.issuer,
    AUTH_AUDIENCE: config.auth.audience,
    AUTH_PUBLIC_KEY_PEM: testKeys.publicKeyPem,
    ...(process.env.LOG_FILE_DIR ? { LOG_FILE_DIR: process.env.LOG_FILE_DIR } : {}),
    ...(process.env.LOG_FILE_LEVEL ? { LOG_FILE_LEVEL: process.env.LOG_FILE_LEVEL } : {}),
    ...(process.env.CONTRACT_CROSSCHECK ? { CONTRACT_CROSSCHECK: process.env.CONTRACT_CROSSCHECK } : {}),
  };
}
