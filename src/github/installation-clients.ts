import type { Octokit } from './octokit.js';
import { BUILT } from './lazy-installation-octokit.js';

/**
 * Installations whose client is kept (the most recently used). A client is a few tens of kilobytes;
 * one not kept is authenticated again (its token comes from Probot's token cache).
 */
const MAX_KEPT = 1_000;

/**
 * One long-lived Octokit per installation for the app's jobs, instead of each webhook's own: an
 * installation client authenticates every request from the app's token cache (octokit-auth-probot,
 * @octokit/auth-app), so it never goes stale, and its hooks (pacing, request metrics) are added once.
 * A failed authentication is not kept.
 */
export function installationClients(params: {
  auth: (installationId: number) => Promise<unknown>;
  limit?: number;
}): (installationId: number) => Promise<Octokit> {
  const limit = params.limit ?? MAX_KEPT;
  const kept = new Map<number, Promise<Octokit>>();
  return (installationId: number): Promise<Octokit> => {
    let client = kept.get(installationId);
    if (client) {
      // Most recently used last: the first in the map is the one to forget.
      kept.delete(installationId);
    } else {
      client = params.auth(installationId).then((octokit) => {
        // Built now (a stand-in of lazy-installation-octokit.ts builds on first use anyway): kept as itself.
        const built = (octokit as { [BUILT]?: unknown })[BUILT];
        return (built ?? octokit) as Octokit;
      });
      client.catch(() => {
        if (kept.get(installationId) === client) kept.delete(installationId);
      });
    }
    kept.set(installationId, client);
    if (kept.size > limit) kept.delete(kept.keys().next().value as number);
    return client;
  };
}
