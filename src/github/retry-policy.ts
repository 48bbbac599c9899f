/**
 * When a failed GitHub request is sent again, and after how long. Pure: ./request-retries.ts is the
 * Octokit plugin that waits and resends.
 */

/**
 * Rate-limit retries of one request at most, and only when GitHub asks for a short wait; longer waits
 * fail the job instead, and the next event or the sweep retries it.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
const RATE_LIMIT_RETRIES = 2;
const MAX_RETRY_AFTER_SECONDS = 120;

/** Whether a rate limit is waited out: a request's first two, when GitHub asks for two minutes or less. */
export function waitsOutRateLimit(params: { retriesSoFar: number; seconds: number }): boolean {
  return params.retriesSoFar < RATE_LIMIT_RETRIES && params.seconds <= MAX_RETRY_AFTER_SECONDS;
}
/** A secondary rate limit without `retry-after`: GitHub's docs say to wait "at least one minute". */
const SECONDARY_FALLBACK_SECONDS = 60;
/** Other failures (a 5xx, a reset, a timeout) are resent this often, after 1, 4 and 9 backoff units. */
export const ERROR_RETRIES = 3;
/** Answers that resending cannot change: the request itself is refused. */
const DO_NOT_RETRY: ReadonlySet<number> = new Set([400, 401, 403, 404, 410, 422, 451]);

/**
 * Which requests may be retried in place after an uncertain failure (a 5xx, a reset, a timeout: GitHub
 * may have applied the write and only the answer was lost, issue 24). Reads and idempotent writes may:
 * an edit, a label set or removed, a token, a Git object (content-addressed: the same blob, tree or
 * commit again), a GraphQL query. A POST that creates something (a comment, an issue, a reaction, a
 * sub-issue, a pull request, a ref) may not: resent blindly, it is made twice. Its job fails instead and
 * runs the pass again, which finds by marker what GitHub already applied before it writes.
 */
const IDEMPOTENT_POSTS: readonly RegExp[] = [
  /\/access_tokens$/,
  /\/git\/(?:blobs|trees|commits)$/,
  /\/issues\/[^/]+\/labels$/,
  /^\/graphql$/,
];

export function retriesInPlace(params: { method: string; path: string; query?: unknown }): boolean {
  const method = params.method.toUpperCase();
  if (method !== 'POST') return true;
  if (!IDEMPOTENT_POSTS.some((pattern) => pattern.test(params.path))) return false;
  // A GraphQL mutation creates; the app's queries (its login, a branch's pull request) only read.
  return params.path !== '/graphql' || !/^\s*mutation\b/.test(String(params.query ?? ''));
}

export interface FailedRequest {
  method: string;
  /** The path as ./request-path.ts gives it. */
  path: string;
  /** A GraphQL request's query. */
  query?: unknown;
  /** The answer's status; undefined when the failure is not a GitHub answer (a bug, an abort). */
  status: number | undefined;
  message: string;
  headers: Readonly<Record<string, unknown>> | undefined;
  data: unknown;
  /** This request's retries so far after rate limits, and after other failures. */
  rateLimitRetries: number;
  errorRetries: number;
  /** Other failures' retries allowed for this request: ERROR_RETRIES unless it sets its own (`request.retries`). */
  errorRetriesAllowed: number;
  /** Epoch ms, for a primary limit's reset time. */
  now: number;
}

export type RetryDecision =
  /** GitHub refused it for a rate limit: it was not applied, so any request may be sent again. */
  | { kind: 'rate-limit'; limit: 'Primary' | 'Secondary'; seconds: number; retry: boolean }
  /** Anything else worth resending: wait (n + 1)² backoff units before the n-th retry. */
  | { kind: 'error'; retry: true; backoffUnits: number }
  | { kind: 'final'; retry: false };

const FINAL: RetryDecision = { kind: 'final', retry: false };

function header(headers: FailedRequest['headers'], name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * A rate limit as GitHub signals it (the docs above): a 403 or 429 whose message names a secondary limit
 * (wait `retry-after`), or whose `x-ratelimit-remaining` is 0 (wait until `x-ratelimit-reset`, plus a
 * second), or a GraphQL `RATE_LIMITED` error.
 */
function rateLimitWait(failed: FailedRequest): { limit: 'Primary' | 'Secondary'; seconds: number } | null {
  if (failed.status !== 403 && failed.status !== 429) return null;
  if (/\bsecondary rate\b/i.test(failed.message))
    return { limit: 'Secondary', seconds: Number(header(failed.headers, 'retry-after')) || SECONDARY_FALLBACK_SECONDS };
  const errors = (failed.data as { errors?: unknown } | null | undefined)?.errors;
  const graphqlLimited =
    Array.isArray(errors) && errors.some((e) => (e as { type?: unknown })?.type === 'RATE_LIMITED');
  if (header(failed.headers, 'x-ratelimit-remaining') !== '0' && !graphqlLimited) return null;
  const resetMs = Math.trunc(Number(header(failed.headers, 'x-ratelimit-reset'))) * 1_000 || 0;
  return { limit: 'Primary', seconds: Math.max(Math.ceil((resetMs - failed.now) / 1_000) + 1, 0) };
}

export function retryAfterFailure(failed: FailedRequest): RetryDecision {
  if (failed.status === undefined) return FINAL;
  const limited = rateLimitWait(failed);
  if (limited)
    return {
      kind: 'rate-limit',
      ...limited,
      retry: waitsOutRateLimit({ retriesSoFar: failed.rateLimitRetries, seconds: limited.seconds }),
    };
  if (failed.status < 400 || DO_NOT_RETRY.has(failed.status)) return FINAL;
  if (failed.errorRetries >= failed.errorRetriesAllowed) return FINAL;
  if (!retriesInPlace(failed)) return FINAL;
  return { kind: 'error', retry: true, backoffUnits: (failed.errorRetries + 1) ** 2 };
}
