import { LoggerService } from '@nestjs/common';
import { mkdirSync } from 'fs';
import { join } from 'path';
import pino, { DestinationStream, Level, Logger, StreamEntry } from 'pino';
import { currentContext } from './context';

/**
 * One JSON log format for the services, Nest and kafkajs: a line per entry,
 * `{"level":"info","@timestamp":"…","service":"payout","context":"…","correlationId":"…","message":"…"}`.
 *
 * Written with pino directly rather than nestjs-pino: nestjs-pino keeps one root logger per process,
 * and the e2e tests run the three services in one process, each of which must sign its own lines.
 * Nest's Logger is process-wide too, so the adapter below picks the service's logger from the async
 * context each service's work runs in.
 */

export const PINO_LEVELS: Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const NEST_TO_PINO: Record<string, Level> = { verbose: 'trace', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' };

/**
 * The console's level: LOG_LEVEL (a pino level or `silent`), else the lowest level in LOG_LEVELS (Nest's
 * list form, `error,warn`, which the tests use), else info.
 */
export function consoleLevel(env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const single = env.LOG_LEVEL?.trim();
  if (single && (PINO_LEVELS.includes(single as Level) || single === 'silent')) return single as Level | 'silent';
  const listed = env.LOG_LEVELS?.split(',')
    .map((l) => NEST_TO_PINO[l.trim()])
    .filter(Boolean);
  if (listed?.length) return PINO_LEVELS.find((l) => listed.includes(l)) ?? 'info';
  return 'info';
}

/** LOG_FILE_LEVEL (default debug) for the files written under LOG_FILE_DIR. */
export function fileLevel(env: NodeJS.ProcessEnv = process.env): Level {
  const level = env.LOG_FILE_LEVEL?.trim();
  return level && PINO_LEVELS.includes(level as Level) ? (level as Level) : 'debug';
}

const loggers = new Map<string, Logger>();
const files = new Map<string, DestinationStream>();

/** The fallback service for lines written outside any service's context (e.g. the process that hosts one). */
let processService = 'vilkarsflyt';
export function setProcessService(service: string): void {
  processService = service;
}

/**
 * The logger of a service, made once per process: to stdout at the console level, and, with
 * LOG_FILE_DIR set, to `<dir>/<service>-<pid>.log` at LOG_FILE_LEVEL (the test command scans those).
 */
export function serviceLogger(service: string = currentContext()?.service ?? processService): Logger {
  const existing = loggers.get(service);
  if (existing) return existing;
  const streams: StreamEntry[] = [];
  const console = consoleLevel();
  if (console !== 'silent') streams.push({ level: console, stream: pino.destination({ fd: 1, sync: true }) });
  const dir = process.env.LOG_FILE_DIR;
  if (dir) {
    const path = join(dir, `${service}-${process.pid}.log`);
    let file = files.get(path);
    if (!file) {
      mkdirSync(dir, { recursive: true });
      file = pino.destination({ dest: path, append: true, sync: true });
      files.set(path, file);
    }
    streams.push({ level: fileLevel(), stream: file });
  }
  const lowest = PINO_LEVELS.find((l) => streams.some((s) => s.level === l)) ?? 'fatal';
  const logger = pino(
    {
      level: streams.length ? lowest : 'silent',
      messageKey: 'message',
      base: { service },
      timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentContext()?.correlationId;
        return correlationId ? { correlationId } : {};
      },
    },
    pino.multistream(streams),
  );
  loggers.set(service, logger);
  return logger;
}

/** Nest's logger calls, `log(message, ...params, context?)`, written by the logger of the service at hand. */
export class JsonLogger implements LoggerService {
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const logger = serviceLogger();
    if (!logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n')) fields.stack = rest[0];
    if (message instanceof Error) {
      fields.err = { type: message.name, message: message.message, stack: message.stack };
      logger[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...(message as object) });
    } else {
      logger[level](fields, String(message));
    }
  }
}

/** The one adapter Nest's process-wide Logger writes through. */
export const jsonLogger = new JsonLogger();

/** kafkajs' log levels (NOTHING 0, ERROR 1, WARN 2, INFO 4, DEBUG 5) as pino's. */
const KAFKA_LEVELS: Record<number, Level> = { 1: 'error', 2: 'warn', 4: 'info', 5: 'debug' };

interface KafkaLogEntry {
  namespace: string;
  level: number;
  log: { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
}

/** kafkajs' logCreator: its lines in the same format, from the service whose client it is. */
export const kafkaLogCreator = () => (entry: KafkaLogEntry) => {
  const level = KAFKA_LEVELS[entry.level];
  if (!level) return;
  const logger = serviceLogger();
  if (!logger.isLevelEnabled(level)) return;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- timestamp and logger are ours to write
  const { message, timestamp, logger: _name, ...kafka } = entry.log;
  logger[level]({ context: `kafkajs.${entry.namespace}`, kafka }, message);
};
