import type { Clock } from './clock.js';
import type { PushOptions } from './job-queue.js';
import { MemoryRuntime } from './memory-runtime.js';
import type { RedisRuntime, RedisRuntimeOptions } from './redis-runtime.js';

/** Shared-runtime settings (REDIS_URL and friends, read by the server and the worker). */
export type RedisSettings = Omit<RedisRuntimeOptions, 'clock' | 'log'>;

/**
 * The one place that chooses: Redis when configured, memory (one process) otherwise. The Redis runtime
 * (BullMQ, ioredis) is imported only then: without REDIS_URL the process never loads them (issue 27:
 * idle memory and time to the first webhook).
 */
export async function createRuntime<W>(params: {
  clock: Clock;
  log: RedisRuntimeOptions['log'];
  redis?: RedisSettings;
  /** In memory: the installation lane and priority of a job (fair, prioritised lanes of job-queue.ts). */
  placement?: (work: W) => PushOptions;
  /** In memory: the queue's quiet wait for a burst (job-queue.ts's default when absent). */
  quietMs?: number;
}): Promise<MemoryRuntime<W> | RedisRuntime<W>> {
  if (params.redis) {
    const { RedisRuntime } = await import('./redis-runtime.js');
    return new RedisRuntime<W>({ ...params.redis, clock: params.clock, log: params.log });
  }
  return new MemoryRuntime<W>({
    clock: params.clock,
    placement: params.placement,
    quietMs: params.quietMs,
    onError: (error, key) => params.log.error({ err: error, incident: key }, 'incident job failed'),
  });
}
