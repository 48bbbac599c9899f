import type { Octokit } from './octokit.js';
import { requestPath } from './request-path.js';

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

/**
 * An Octokit plugin: plugin-retry (Probot's default, 3 retries of any 5xx) keeps retrying reads and
 * idempotent writes, never a POST that creates. Rate-limit retries (plugin-throttling) stay: a 403 or
 * 429 of a rate limit means GitHub did not apply the request.
 */
export function noBlindRetry(octokit: Pick<Octokit, 'hook'>): Record<string, never> {
  octokit.hook.before('request', (options) => {
    const path = requestPath(options.url);
    if (
      retriesInPlace({ method: String(options.method ?? 'GET'), path, query: (options as { query?: unknown }).query })
    )
      return;
    options.request = { ...options.request, retries: 0 };
  });
  return {};
}
