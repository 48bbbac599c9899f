import type { Clock } from './clock.js';
import type { PushOptions } from './job-queue.js';
import { MemoryRuntime } from './memory-runtime.js';
import { RedisRuntime, type RedisRuntimeOptions } from './redis-runtime.js';

/** Shared-runtime settings (REDIS_URL and friends, read by the server and the worker). */
export type RedisSettings = Omit<RedisRuntimeOptions, 'clock' | 'log'>;

/** The one place that chooses: Redis when configured, memory (one process) otherwise. */
export function createRuntime<W>(params: {
  clock: Clock;
  log: RedisRuntimeOptions['log'];
  redis?: RedisSettings;
  /** In memory: the installation lane and priority of a job (fair, prioritised lanes of job-queue.ts). */
  placement?: (work: W) => PushOptions;
}): MemoryRuntime<W> | RedisRuntime<W> {
  if (params.redis) return new RedisRuntime<W>({ ...params.redis, clock: params.clock, log: params.log });
  return new MemoryRuntime<W>({
    clock: params.clock,
    placement: params.placement,
    onError: (error, key) => params.log.error({ err: error, incident: key }, 'incident job failed'),
  });
}
