import { ProbotOctokit } from 'probot';
import { withHttpFetch } from '../github/http-fetch.js';
import { lazyInstallationOctokit } from '../github/lazy-installation-octokit.js';

/**
 * Octokit without retries and throttling: on virtual time, Bottleneck's real-time spacing of writes
 * would stall every run (the simulator, nock tests, the benchmark's throughput runs).
 */
export function unthrottledOctokit(): typeof ProbotOctokit {
  return lazyInstallationOctokit(
    ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      request: withHttpFetch(options.request),
      retry: { enabled: false },
      throttle: { ...(options.throttle as object | undefined), enabled: false },
    })),
  );
}
