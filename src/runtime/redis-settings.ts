import type { RedisSettings } from './create-runtime.js';

/**
 * The shared-runtime settings from the environment (docs/deployment.md, "Several processes with
 * Redis"). Messages name variables, never their values: REDIS_URL may hold a password.
 */
export function redisSettingsFrom(params: {
  env: Readonly<Record<string, string | undefined>>;
  errors: string[];
  worker: boolean;
}): RedisSettings | undefined {
  const { env, errors } = params;
  const url = env.REDIS_URL?.trim() ?? '';
  const runWorker = (env.RUN_WORKER?.trim().toLowerCase() ?? 'true') !== 'false';
  if (url === '') {
    if (!runWorker)
      errors.push(
        'RUN_WORKER is "false" but REDIS_URL is not set: without Redis this process is the only one, so it must run the jobs.',
      );
    if (params.worker) errors.push('REDIS_URL is not set: `npm run worker` takes its jobs from Redis.');
    return undefined;
  }
  if (!/^rediss?:\/\//.test(url)) {
    errors.push('REDIS_URL is not a redis:// or rediss:// URL.');
    return undefined;
  }
  const prefix = env.REDIS_PREFIX?.trim() || 'incident-responder';
  if (!/^[\w.-]+$/.test(prefix)) errors.push('REDIS_PREFIX may hold only letters, digits, ".", "_" and "-".');
  return { url, prefix, worker: params.worker || runWorker };
}
