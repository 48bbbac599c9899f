import { AsyncLocalStorage } from 'node:async_hooks';
import type { Metrics } from '../metrics/metrics.js';
import { httpStatus, type Octokit } from './octokit.js';
import { writeKindOf } from './paced-octokit.js';

const isTokenRequest = (path: string): boolean => /\/access_tokens$/.test(path);

/** The requests of the pass running in this async context (each pass's log line says how many it made). */
const passScope = new AsyncLocalStorage<PassCounter>();

/** A pass's requests to GitHub, and how many of them wrote. */
export interface PassCounter {
  requests: number;
  writes: number;
}

/** Runs one pass, counting the requests it makes to GitHub (whichever Octokit makes them) in `counter`. */
export function countPassRequests<T>(counter: PassCounter, fn: () => Promise<T>): Promise<T> {
  return passScope.run(counter, fn);
}

const counted = new WeakSet<object>();

/**
 * Counts each request an Octokit makes (by kind: read, or the write kinds of paced-octokit.ts; by HTTP
 * status, `error` when nothing answered) and reads the installation's rate-limit headers into a gauge.
 * Token requests are the app authenticating, not work: left out. An Octokit is counted once.
 */
export function countRequests(params: { octokit: Octokit; installation: string; metrics: Metrics }): Octokit {
  const { octokit, installation, metrics } = params;
  if (counted.has(octokit)) return octokit;
  counted.add(octokit);
  octokit.hook.wrap('request', async (request, options) => {
    const method = String(options.method ?? 'GET').toUpperCase();
    const path = new URL(String(options.url), 'http://github.invalid').pathname;
    if (isTokenRequest(path)) return request(options);
    const kind = method === 'GET' || method === 'HEAD' ? 'read' : writeKindOf(method, path);
    const pass = passScope.getStore();
    if (pass) {
      pass.requests += 1;
      if (kind !== 'read') pass.writes += 1;
    }
    const remaining = (headers: Record<string, unknown> | undefined): void => {
      const left = Number(headers?.['x-ratelimit-remaining']);
      if (headers?.['x-ratelimit-remaining'] !== undefined && Number.isFinite(left))
        metrics.rateLimitRemaining({ installation, remaining: left });
    };
    try {
      const response = await request(options);
      metrics.githubRequest({ kind, status: String(response.status) });
      remaining(response.headers as Record<string, unknown>);
      return response;
    } catch (error) {
      metrics.githubRequest({ kind, status: String(httpStatus(error) ?? 'error') });
      remaining((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
      throw error;
    }
  });
  return octokit;
}
