import { config } from '@probot/octokit-plugin-config';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit as RestOctokit } from '@octokit/rest';
import type { Octokit } from './octokit.js';
import { requestPath } from './request-path.js';
import { retriesInPlace, waitsOutRateLimit } from './retry-policy.js';
import { trimTrailing } from '../domain/shared/trim.js';
import { isWrite } from './write-count.js';

/**
 * @octokit/rest with the retry and throttling plugins, and the config plugin Probot uses, so that
 * `.github/incident.yml` is read exactly as the App reads it (REST contents API, the owner's `.github`
 * repository as fallback, `_extends`).
 */
const ActionOctokitClass = RestOctokit.plugin(retry, throttling, config);

interface ThrottledRequest {
  method: string;
  url: string;
  request: object;
}

/**
 * The Octokit the Action runs with. It is structurally the Octokit that src/github/ is written
 * against (see `Octokit` in ./octokit.ts: request, paginate, rest, graphql and config.get, from the
 * same @octokit/core), so the same adapters run under the App and the Action.
 */
export function actionOctokit(params: {
  token: string;
  baseUrl: string;
  log?: { warn: (message: string) => void };
  /** Off: no spacing of writes and no rate-limit waits (tests against the simulator, where they only cost real seconds). */
  throttle?: boolean;
  /** Off: 5xx responses are not retried (nock tests). */
  retries?: boolean;
  /** Called before each request that writes (each attempt of it), for the run's cap on writes. */
  onWrite?: () => void;
}): Octokit {
  // The App's rule (./retry-policy.ts): a workflow run is billed while it waits, so longer waits fail the
  // run, and the next event or schedule retries.
  const giveUpOrRetry = (kind: string) => (retryAfter: number, options: ThrottledRequest) => {
    const again = waitsOutRateLimit({
      retriesSoFar: (options.request as { retryCount?: number }).retryCount ?? 0,
      seconds: retryAfter,
    });
    params.log?.warn(
      `${kind} rate limit on ${options.method} ${options.url}: ${again ? `retrying in ${retryAfter} s` : 'giving up for now'}`,
    );
    return again;
  };
  const throttle = params.throttle ?? true;
  const quiet = (): void => undefined;
  const octokit = new ActionOctokitClass({
    // Octokit's request log would print every failed request, expected ones too (the config file's 404
    // in the repository before the owner's .github repository is tried); the Action reports what failed.
    log: { debug: quiet, info: quiet, warn: (message: string) => params.log?.warn(message), error: quiet },
    retry: { enabled: params.retries ?? true },
    auth: params.token,
    baseUrl: trimTrailing(params.baseUrl, '/'),
    userAgent: 'incident-responder-action',
    throttle: {
      enabled: throttle,
      onRateLimit: giveUpOrRetry('Primary'),
      onSecondaryRateLimit: giveUpOrRetry('Secondary'),
    },
  });
  // plugin-retry resends any 5xx; a POST that creates (a comment, an issue) is not resent, its answer
  // may be what was lost (./retry-policy.ts). The run fails instead, and the next run finds by marker what
  // GitHub applied. The App's own plugin (./request-retries.ts) keeps the same rule.
  octokit.hook.before('request', (options) => {
    const query = (options as { query?: unknown }).query;
    if (!retriesInPlace({ method: String(options.method ?? 'GET'), path: requestPath(options.url), query }))
      options.request = { ...options.request, retries: 0 };
  });
  const onWrite = params.onWrite;
  if (onWrite)
    octokit.hook.before('request', (options) => {
      if (isWrite({ method: options.method, url: options.url, query: (options as { query?: unknown }).query }))
        onWrite();
    });
  return octokit;
}
