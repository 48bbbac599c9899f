import { ProbotOctokit } from 'probot';
import { withHttpFetch } from './http-fetch.js';
import { lazyInstallationOctokit } from './lazy-installation-octokit.js';
import { requestRetries } from './request-retries.js';

/**
 * The Octokit the app runs with: Probot's, with its retry and throttling plugins (each built on
 * Bottleneck) turned off and ./request-retries.ts resending instead: GitHub's `retry-after` honoured a
 * bounded number of times after a rate limit (Probot's defaults do not retry a secondary limit at all),
 * 5xx responses and resets retried in place only for reads and idempotent writes (./retry-policy.ts),
 * 4xx never. Writes are spaced by the app's own per-installation pacer (runtime/write-pacer.ts: a second
 * apart, warnings and replies before status edits; shared through Redis by runtime/shared-write-pacer.ts).
 * Probot is never given REDIS_URL (server.ts, worker.ts): its Bottleneck-on-Redis groups do not survive
 * Redis 7's errors. The function form is needed: Probot shallow-merges a plain `throttle` object with its own.
 */
export function productionOctokit(): typeof ProbotOctokit {
  const Octokit = ProbotOctokit.plugin(requestRetries).defaults((options: Record<string, unknown>) => ({
    ...options,
    request: withHttpFetch(options.request),
    retry: { enabled: false },
    throttle: { ...(options.throttle as object | undefined), enabled: false },
  }));
  // Each webhook's own client is built only if used: the jobs use the installation's (./installation-clients.ts).
  return lazyInstallationOctokit(Octokit);
}
