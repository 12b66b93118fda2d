/**
 * The processes a chaos run starts, kills and restarts: a PostgreSQL cluster of its own (initdb and
 * pg_ctl, never the machine's shared server), a Kafka broker of its own (infra/kafka.sh), and the
 * three services, each a node process of the compiled build, supervised like an orchestrator would:
 * a process that exits is started again.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'fs';
import { connect } from 'net';
import { join } from 'path';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitGone(pid: number, ms = 30_000): Promise<void> {
  for (const until = Date.now() + ms; alive(pid) && Date.now() < until;) await sleep(50);
}

/** PostgreSQL binaries: CHAOS_PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
function pgBin(): string {
  if (process.env.CHAOS_PG_BIN) return process.env.CHAOS_PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  throw new Error('PostgreSQL binaries not found: install PostgreSQL 15 or set CHAOS_PG_BIN to the directory of initdb and pg_ctl');
}

/**
 * A throwaway PostgreSQL cluster in `dir` on `port`, trust authentication. PostgreSQL refuses to run
 * as root, so as root it runs as the `postgres` user (runuser).
 */
export class PostgresCluster {
  private readonly bin = pgBin();
  private readonly data: string;
  private readonly asRoot = process.getuid?.() === 0;

  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    this.data = join(dir, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  private pg(tool: string, args: string[]): Promise<string> {
    const cmd = join(this.bin, tool);
    return this.asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
  }

  /** A fresh cluster: whatever was in `dir` is wiped. */
  async init(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    if (this.asRoot) await run('chown', ['postgres:postgres', this.dir]);
    await this.pg('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.data}`,
      '-c max_connections=200',
    ];
    await this.pg('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', options.join(' '), 'start']);
  }

  /** `immediate` is a crash (recovery from the WAL on the next start); `fast` a clean shutdown. */
  async stop(mode: 'immediate' | 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async stopIfRunning(): Promise<void> {
    if (existsSync(join(this.data, 'postmaster.pid'))) await this.stop('fast').catch(() => undefined);
  }
}

/** A KRaft broker of the run's own, started and stopped by infra/kafka.sh. */
export class Broker {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly root: string,
    readonly port: number,
    private readonly dir: string,
  ) {
    this.env = { ...process.env, KAFKA_PORT: String(port), KAFKA_DIR: dir, KAFKA_CONTROLLER_PORT: String(port + 1) };
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(fresh = false): Promise<void> {
    // kafka.sh waits for "Kafka Server started" in this log: the line of the previous start must not count.
    rmSync(join(this.dir, 'server.log'), { force: true });
    await run('bash', [join(this.root, 'infra/kafka.sh'), 'start'], { ...this.env, KAFKA_FRESH: fresh ? '1' : '0' });
  }

  private pid(): number | null {
    const file = join(this.dir, 'kafka.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : null;
  }

  /** kill -9 of the broker's JVM. */
  async kill(): Promise<void> {
    const pid = this.pid();
    if (pid === null) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitGone(pid);
    rmSync(join(this.dir, 'kafka.pid'), { force: true });
  }

  async stop(): Promise<void> {
    await run('bash', [join(this.root, 'infra/kafka.sh'), 'stop'], this.env);
  }
}

export type ServiceName = 'decision' | 'follow-up' | 'payout';

/**
 * One service as a supervised node process. Exits are restarted after `restartDelayMs`; those it did
 * not ask for (the process died by itself) are counted with their exit code.
 */
export class ServiceProcess {
  kills = 0;
  starts = 0;
  readonly ownExits: string[] = [];
  private child: ChildProcess | null = null;
  private killedByUs = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private nextRestartMs = 1000;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly dist: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
    private readonly onEvent: (line: string) => void,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): void {
    if (this.child || this.stopping) return;
    const log = openSync(this.logFile, 'a');
    writeSync(log, `\n--- chaos: start ${this.starts + 1} of ${this.name} at ${new Date().toISOString()}\n`);
    const child = spawn('node', ['-r', 'tsconfig-paths/register', join(this.dist, 'apps', this.name, 'src', 'main.js')], {
      env: { ...this.env, TS_NODE_BASEURL: this.dist },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.starts++;
    this.child = child;
    this.killedByUs = false;
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopping) return;
      if (!this.killedByUs) {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        this.ownExits.push(how);
        this.onEvent(`${this.name} exited by itself (${how}); restarting in 1 s`);
        this.nextRestartMs = 1000;
      }
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.start();
      }, this.nextRestartMs);
    });
  }

  /** kill -9, then started again after `restartAfterMs`. */
  kill9(restartAfterMs: number): number | null {
    const child = this.child;
    if (!child?.pid) return null;
    this.killedByUs = true;
    this.nextRestartMs = restartAfterMs;
    this.kills++;
    child.kill('SIGKILL');
    return child.pid;
  }

  async healthy(): Promise<boolean> {
    for (const path of ['/health/ready', '/health']) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}${path}`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return true;
      } catch {
        // not up yet
      }
    }
    return false;
  }

  async waitHealthy(ms: number): Promise<boolean> {
    for (const until = Date.now() + ms; Date.now() < until; await sleep(250)) if (this.child && (await this.healthy())) return true;
    return false;
  }

  /** SIGTERM, and kill -9 after 15 s; no restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child?.pid) return;
    child.kill('SIGTERM');
    await waitGone(child.pid, 15_000);
    if (alive(child.pid)) child.kill('SIGKILL');
    await waitGone(child.pid, 5_000);
  }
}
