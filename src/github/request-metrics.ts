import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import type { Metrics } from '../metrics/metrics.js';
import { httpStatus, type Octokit } from './octokit.js';
import { writeKindOf } from './paced-octokit.js';
import { isTokenRequest, requestPath } from './request-path.js';

/**
 * A pass's requests to GitHub, and how many of them wrote (each pass's log line says so). A class, not
 * a plain object: Octokit deep-copies plain objects in request defaults, and the counts must reach this one.
 */
export class PassCounter {
  requests = 0;
  writes = 0;
}

type RequestFn = Octokit['request'];

/** A request function whose every request carries the pass's counter in its request options. */
function passRequest(request: RequestFn, counter: PassCounter): RequestFn {
  const withPass = (options: Record<string, unknown> | undefined): Record<string, unknown> => ({
    ...options,
    request: { ...(options?.request as object | undefined), pass: counter },
  });
  const counted = (route: unknown, params?: Record<string, unknown>) =>
    typeof route === 'string'
      ? request(route, withPass(params))
      : request(withPass({ ...(route as Record<string, unknown>), ...params }) as never);
  // The REST methods and pagination are built on `defaults` and `endpoint`: what they build counts too.
  return Object.assign(counted, {
    endpoint: request.endpoint,
    defaults: (defaults: Record<string, unknown>) => passRequest(request.defaults(defaults), counter),
  }) as unknown as RequestFn;
}

/**
 * The Octokit a pass runs with: the same client (its hooks: auth, pacing, retries, these metrics), every
 * request of it carrying the pass's counter as a request option that countRequests' hook reads. Passed
 * explicitly rather than found with AsyncLocalStorage: on Node 20 and 22 one AsyncLocalStorage turns on
 * promise hooks for the whole process, and every promise of every webhook then pays for them (issue 27).
 * Built on every pass, so cheaply: the request adds the counter to its own options (Octokit's
 * `request.defaults` merges every default deeply, about 20 microseconds a pass in the bench's profile);
 * the REST methods and GraphQL are built on first use, as most passes need a few of them or none.
 */
function passOctokit(octokit: Octokit, counter: PassCounter): Octokit {
  const view: Record<string, unknown> = {
    request: passRequest(octokit.request, counter),
    hook: octokit.hook,
    config: octokit.config,
    // Octokit's own warnings (a deprecated REST method) go where the client's go.
    log: (octokit as { log?: unknown }).log,
  };
  let rest: unknown;
  let graphql: unknown;
  Object.defineProperty(view, 'rest', {
    enumerable: true,
    get: () => (rest ??= restEndpointMethods(view as never).rest),
  });
  Object.defineProperty(view, 'graphql', {
    enumerable: true,
    get: () => (graphql ??= octokit.graphql.defaults({ request: { pass: counter } })),
  });
  Object.assign(view, paginateRest(view as never));
  return view as unknown as Octokit;
}

/** Runs one pass with an Octokit that counts the requests it makes to GitHub in `counter`. */
export function countPassRequests<T>(
  params: { counter: PassCounter; octokit: Octokit },
  fn: (octokit: Octokit) => Promise<T>,
): Promise<T> {
  return fn(passOctokit(params.octokit, params.counter));
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
    const path = requestPath(options.url);
    if (isTokenRequest(path)) return request(options);
    const kind = method === 'GET' || method === 'HEAD' ? 'read' : writeKindOf(method, path);
    const pass = (options.request as { pass?: unknown } | undefined)?.pass;
    if (pass instanceof PassCounter) {
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
