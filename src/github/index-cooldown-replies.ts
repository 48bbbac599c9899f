import { readMarkerJson } from '../domain/incident/markers.js';
import { MAX_PER_PAGE, type Octokit, type RepoRef } from './octokit.js';

/**
 * `/incident stats`'s cooldown where nothing outlives a run (the Action): GitHub holds it, in the app's
 * own replies. A reply that answered a rebuild of the index names its cooldown key in its marker
 * (render/reply.ts); the newest such reply of the app's in this repository within the cooldown means the
 * index is cooling until that reply's time plus the cooldown. One request per `stats` command: the
 * repository's comments created since the cooldown began, newest first, one page
 * (https://docs.github.com/en/rest/issues/comments#list-issue-comments-for-a-repository). Nothing is
 * claimed ahead (two runs at the same moment may both rebuild, as two webhooks could before the App
 * shared its cooldown) and nothing is released: a refused rebuild's reply names no key.
 */
export function indexCooldownReplies(params: { octokit: Octokit; repo: RepoRef; botLogin: string; now: Date }): {
  claimCooldown(claim: { key: string; ms: number }): Promise<{ claimed: true } | { claimed: false; until: Date }>;
  releaseCooldown(key: string): Promise<void>;
} {
  return {
    claimCooldown: async ({ key, ms }) => {
      const from = params.now.getTime() - ms;
      const { data } = await params.octokit.request('GET /repos/{owner}/{repo}/issues/comments', {
        owner: params.repo.owner,
        repo: params.repo.repo,
        sort: 'created',
        direction: 'desc',
        since: new Date(from).toISOString(),
        per_page: MAX_PER_PAGE,
      });
      const last = (data as Array<{ body?: string | null; user?: { login: string } | null; created_at: string }>)
        .filter((c) => c.user?.login === params.botLogin && Date.parse(c.created_at) > from)
        .filter((c) => (readMarkerJson(c.body, 'reply') as { index?: unknown } | undefined)?.index === key)
        .map((c) => Date.parse(c.created_at))
        .sort((a, b) => b - a)[0];
      return last === undefined ? { claimed: true } : { claimed: false, until: new Date(last + ms) };
    },
    releaseCooldown: () => Promise.resolve(),
  };
}
