import { ServiceMetrics } from './metrics';

/** One readiness check: up, or down with a reason. */
export type ReadinessCheck = () => Promise<{ up: boolean; reason?: string }> | { up: boolean; reason?: string };

/**
 * The observability of one service instance: its metrics, the checks /health/ready asks, and
 * whether it is draining for shutdown. Made by createServiceApp, given to Nest as OBSERVABILITY.
 */
export class Observability {
  readonly metrics: ServiceMetrics;
  readonly readiness = new Map<string, ReadinessCheck>();
  /** Set when shutdown begins: /health/ready says 503 from then on. */
  draining = false;

  constructor(
    readonly service: string,
    /** How long to stay up, saying not ready, once shutdown begins (SHUTDOWN_DRAIN_MS). */
    readonly drainMs = 0,
  ) {
    this.metrics = new ServiceMetrics(service);
  }
}

export const OBSERVABILITY = Symbol('OBSERVABILITY');
