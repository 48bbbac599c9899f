import type { Clock } from '../runtime/clock.js';
import type { RateBudget } from '../runtime/rate-budget.js';
import type { WriteKind, WritePacing } from '../runtime/write-pacer.js';
import type { Octokit } from './octokit.js';
import { isTokenRequest, requestPath } from './request-path.js';

/**
 * What a write is for, from the request alone: the only comment the app edits is its status comment;
 * a new comment is an overdue warning, a command's reply (or a first status comment); anything else
 * (labels, assignees, reactions, follow-ups, reports) comes between.
 */
export function writeKindOf(method: string, path: string): WriteKind {
  // Paths may still be route templates (`{comment_id}`) here.
  if (method === 'PATCH' && /\/issues\/comments\/[^/]+$/.test(path)) return 'status';
  if (method === 'POST' && /\/issues\/[^/]+\/comments$/.test(path)) return 'urgent';
  return 'normal';
}

const paced = new WeakSet<object>();

/**
 * Puts an installation's Octokit under the app's own pacing: each write waits for its turn in the
 * installation's WritePacer, each request reads the rate-limit headers into the RateBudget, and when
 * the budget runs low each request first pauses so what is left lasts until the reset. An Octokit is
 * paced once, however many jobs use it.
 */
export function paceOctokit(params: {
  octokit: Octokit;
  installation: string;
  pacer: WritePacing | null;
  budget: RateBudget;
  clock: Clock;
}): Octokit {
  const { octokit, installation, pacer, budget, clock } = params;
  if (paced.has(octokit)) return octokit;
  paced.add(octokit);
  octokit.hook.wrap('request', async (request, options) => {
    const method = String(options.method ?? 'GET').toUpperCase();
    const path = requestPath(options.url);
    if (isTokenRequest(path)) return request(options);
    const pause = budget.pauseMs(installation);
    if (pause > 0)
      await new Promise<void>((resolve) => clock.setTimer(new Date(clock.now().getTime() + pause), resolve));
    if (pacer && method !== 'GET' && method !== 'HEAD')
      await pacer.acquire(installation, writeKindOf(method, path), method === 'POST' || method === 'PUT');
    try {
      const response = await request(options);
      budget.observe(installation, response.headers as Record<string, string>);
      return response;
    } catch (error) {
      budget.observe(installation, (error as { response?: { headers?: Record<string, string> } }).response?.headers);
      throw error;
    }
  });
  return octokit;
}
