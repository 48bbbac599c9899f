import type { Octokit } from '../github/octokit.js';
import { paceOctokit } from '../github/paced-octokit.js';
import { countRequests } from '../github/request-metrics.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Clock } from '../runtime/clock.js';
import type { RateBudget } from '../runtime/rate-budget.js';
import type { WritePacing } from '../runtime/write-pacer.js';

/** An installation's Octokit, its requests counted and its writes paced. */
export function instrumentOctokit(deps: {
  metrics: Metrics;
  pacer: WritePacing | null;
  budget: RateBudget;
  clock: Clock;
}) {
  return (octokit: Octokit, lane: string): Octokit =>
    paceOctokit({
      octokit: countRequests({ octokit, installation: lane, metrics: deps.metrics }),
      installation: lane,
      pacer: deps.pacer,
      budget: deps.budget,
      clock: deps.clock,
    });
}
