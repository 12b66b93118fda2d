import { AsyncLocalStorage } from 'async_hooks';
import { randomUUID } from 'crypto';
import { isValidNationalId } from '@vf/rules';
import type { ServiceMetrics } from './metrics';

/**
 * What every log line and every event written in this async flow should carry: the service it runs
 * in (several services share a process in the e2e tests) and the correlation id of the request, the
 * consumed event or the job run it belongs to.
 */
export interface ObservedContext {
  service?: string;
  correlationId?: string;
  /** The service instance's metrics, for code that has no injector at hand (the interval runner). */
  metrics?: ServiceMetrics;
}

const storage = new AsyncLocalStorage<ObservedContext>();

export const currentContext = (): ObservedContext | undefined => storage.getStore();
export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** Runs `fn` with the fields given added to the current context; timers and promises started inside keep it. */
export function withContext<T>(fields: ObservedContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** The request header that carries the correlation id in, and back out in the response. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Letters, digits and `._:-`, at most 100 characters: fits the envelope's correlationId (≤ 200) and a log line. */
const ACCEPTED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/**
 * The caller's correlation id if it is one we can carry, else a new UUID. An id that holds what
 * passes for a fødselsnummer is replaced too: it would otherwise be written on every log line.
 */
export function acceptCorrelationId(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !ACCEPTED.test(value) || containsNationalId(value)) return randomUUID();
  return value;
}

/** Whether any 11 consecutive digits in the text form a valid fødselsnummer (D-, H- and synthetic numbers included). */
export function containsNationalId(text: string): boolean {
  for (const run of text.match(/\d{11,}/g) ?? []) {
    for (let i = 0; i + 11 <= run.length; i++) if (isValidNationalId(run.slice(i, i + 11))) return true;
  }
  return false;
}
