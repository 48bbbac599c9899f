import type { Octokit } from './octokit.js';
import { requestPath } from './request-path.js';
import { ERROR_RETRIES, retryAfterFailure, type RetryDecision } from './retry-policy.js';

export interface RequestRetriesOptions {
  /** One backoff unit before resending after a failure that is not a rate limit (the n-th retry waits (n + 1)² units). */
  backoffUnitMs?: number;
  /** The clock for a primary limit's reset time (epoch ms). */
  now?: () => number;
}

type Logger = { warn: (message: string) => void };
type RequestOptions = Record<string, unknown> & {
  method?: string;
  url?: string;
  request?: { retries?: unknown; signal?: AbortSignal | null };
};

const SECOND_MS = 1_000;

/** Waits `ms`, or less if the request's caller gives up meanwhile: true when it waited in full. */
function wait(ms: number, signal: AbortSignal | null | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (waited: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve(waited);
    };
    const stop = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** A request's own limit on retries after failures (`request.retries`), if it is a count. */
function retriesAllowed(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : ERROR_RETRIES;
}

/**
 * An Octokit plugin that resends a failed request as ./retry-policy.ts decides: after a rate limit,
 * when GitHub asks for a short wait, any request; after a 5xx, a reset or a timeout, reads and
 * idempotent writes only. It takes the place of Probot's plugin-retry and plugin-throttling, which
 * are turned off (./octokit-class.ts): each of those runs every request through Bottleneck queues
 * (two schedules and a new limiter per request), which doubled the CPU of a tick (issue 27). Their one
 * queue the app still used, at most ten requests at once per installation and process, is gone: the
 * job queue bounds them (four jobs per installation, runtime/job-queue.ts, each with at most four reads
 * at once: about sixteen), well under GitHub's hundred concurrent requests, and a secondary limit is
 * still waited out here. Writes are spaced by the app's own pacer (./paced-octokit.ts), outside this
 * plugin: a retry is not paced again. A GraphQL answer of 200 with errors is not retried in place (the
 * App's one GraphQL call, octokit-plugin-create-pull-request's branch query, is a read: its job fails and
 * runs again; the Action keeps Probot's plugins, ./action-octokit.ts).
 */
export function requestRetries(
  octokit: Pick<Octokit, 'hook'> & { log: Logger },
  octokitOptions: object,
): Record<string, never> {
  const settings = (octokitOptions as { requestRetries?: RequestRetriesOptions }).requestRetries;
  const backoffUnitMs = settings?.backoffUnitMs ?? SECOND_MS;
  const now = settings?.now ?? Date.now;
  octokit.hook.wrap('request', async (request, options) => {
    const sent = options as RequestOptions;
    let rateLimitRetries = 0;
    let errorRetries = 0;
    for (;;) {
      try {
        return await request(options);
      } catch (error) {
        const failure = error as {
          status?: unknown;
          request?: unknown;
          message?: unknown;
          response?: { headers?: Record<string, unknown>; data?: unknown };
        };
        const method = String(sent.method ?? 'GET').toUpperCase();
        const decision: RetryDecision = retryAfterFailure({
          method,
          path: requestPath(sent.url),
          query: sent.query,
          // Only an answer (or a failed exchange) Octokit made into a RequestError; an abort or a bug is final.
          status: failure.request !== undefined && typeof failure.status === 'number' ? failure.status : undefined,
          message: String(failure.message ?? ''),
          headers: failure.response?.headers,
          data: failure.response?.data,
          rateLimitRetries,
          errorRetries,
          errorRetriesAllowed: retriesAllowed(sent.request?.retries),
          now: now(),
        });
        let waitMs: number;
        if (decision.kind === 'rate-limit') {
          octokit.log.warn(
            `${decision.limit} rate limit on ${method} ${String(sent.url)}: ${decision.retry ? `retrying in ${decision.seconds} s` : 'giving up for now'}`,
          );
          if (!decision.retry) throw error;
          rateLimitRetries++;
          waitMs = decision.seconds * SECOND_MS;
        } else if (decision.kind === 'error') {
          errorRetries++;
          waitMs = decision.backoffUnits * backoffUnitMs;
        } else throw error;
        // A caller that gave up (its AbortSignal fired: a timeout) gets the failure, not a late answer.
        if (!(await wait(waitMs, sent.request?.signal))) throw error;
      }
    }
  });
  return {};
}
