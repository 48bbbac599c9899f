import { ProbotOctokit } from 'probot';
import { httpFetch } from './http-fetch.js';

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
const UNPACED = { key: () => ({ schedule: <T>(_options: unknown, job: (...args: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> => job(...args) }) };

/** Our node:http fetch (./http-fetch.ts), unless the caller brings one (the simulator, a test). */
function withHttpFetch(request: unknown): Record<string, unknown> {
  const given = (request ?? {}) as Record<string, unknown>;
  return { ...given, fetch: given.fetch ?? httpFetch };
}

/**
 * The Octokit the app runs with. Probot's defaults do not retry a secondary rate limit at all; GitHub's
 * `retry-after` is honoured here instead (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately),
 * a bounded number of times. 5xx responses are retried by plugin-retry (Probot's default); 4xx are not.
 * The function form is needed: Probot shallow-merges a plain `throttle` object with its own.
 */
export function productionOctokit(): typeof ProbotOctokit {
  const retry = (kind: string) => (retryAfter: number, options: ThrottledRequest, octokit: { log: Logger }) => {
    const again = options.request.retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RETRY_AFTER_SECONDS;
    octokit.log.warn(`${kind} rate limit on ${options.method} ${options.url}: ${again ? `retrying in ${retryAfter} s` : 'giving up for now'}`);
    return again;
  };
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    request: withHttpFetch(options.request),
    // Writes are spaced by the app's own per-installation pacer (runtime/write-pacer.ts: a second apart,
    // warnings and replies before status edits), not by the plugin's FIFO groups (a second between writes,
    // three between comments); the plugin keeps its retries after a rate limit.
    throttle: { ...(options.throttle as object | undefined), enabled: true, write: UNPACED, notifications: UNPACED, onRateLimit: retry('Primary'), onSecondaryRateLimit: retry('Secondary') },
  }));
}

/**
 * Octokit without retries and throttling: on virtual time, Bottleneck's real-time spacing of writes
 * would stall every run (the simulator, nock tests, the benchmark's throughput runs).
 */
export function unthrottledOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    request: withHttpFetch(options.request),
    retry: { enabled: false },
    throttle: { ...(options.throttle as object | undefined), enabled: false },
  }));
}
