import { ProbotOctokit } from 'probot';
import { withHttpFetch } from './http-fetch.js';
import { lazyInstallationOctokit } from './lazy-installation-octokit.js';
import { noBlindRetry } from './retry-policy.js';

/** Retry a rate-limited request at most this often, and only when GitHub asks for a short wait. */
const RATE_LIMIT_RETRIES = 2;
/** Longer waits than this fail the job instead; the next event or the sweep retries it. */
const MAX_RETRY_AFTER_SECONDS = 120;

interface ThrottledRequest {
  method: string;
  url: string;
  request: { retryCount: number };
}

type Logger = { warn: (message: string) => void };

/** A stand-in for a Bottleneck group that lets every job through at once (see productionOctokit). */
const UNPACED = {
  key: () => ({
    schedule: <T>(_options: unknown, job: (...args: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> =>
      job(...args),
  }),
};

/**
 * The Octokit the app runs with. Probot's defaults do not retry a secondary rate limit at all; GitHub's
 * `retry-after` is honoured here instead (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately),
 * a bounded number of times. 5xx responses and resets are retried in place by plugin-retry (Probot's default)
 * only for reads and idempotent writes (./retry-policy.ts); 4xx are not.
 * The function form is needed: Probot shallow-merges a plain `throttle` object with its own.
 */
export function productionOctokit(): typeof ProbotOctokit {
  const retry = (kind: string) => (retryAfter: number, options: ThrottledRequest, octokit: { log: Logger }) => {
    const again = options.request.retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RETRY_AFTER_SECONDS;
    octokit.log.warn(
      `${kind} rate limit on ${options.method} ${options.url}: ${again ? `retrying in ${retryAfter} s` : 'giving up for now'}`,
    );
    return again;
  };
  const Octokit = ProbotOctokit.plugin(noBlindRetry).defaults((options: Record<string, unknown>) => ({
    ...options,
    request: withHttpFetch(options.request),
    // Writes are spaced by the app's own per-installation pacer (runtime/write-pacer.ts: a second apart,
    // warnings and replies before status edits; shared through Redis by runtime/shared-write-pacer.ts),
    // not by the plugin's FIFO groups; the plugin keeps its retries after a rate limit. Probot is never
    // given REDIS_URL (server.ts, worker.ts): its Bottleneck-on-Redis groups do not survive Redis 7's errors.
    throttle: {
      ...(options.throttle as object | undefined),
      enabled: true,
      write: UNPACED,
      notifications: UNPACED,
      onRateLimit: retry('Primary'),
      onSecondaryRateLimit: retry('Secondary'),
    },
  }));
  // Each webhook's own client is built only if used: the jobs use the installation's (./installation-clients.ts).
  return lazyInstallationOctokit(Octokit);
}
