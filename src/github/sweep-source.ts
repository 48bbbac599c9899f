import type { Probot } from 'probot';
import type { SweepPage, SweepSource } from '../runtime/sweep.js';
import { httpStatus, MAX_PER_PAGE, type Octokit } from './octokit.js';

/** Listings remembered for conditional requests: their ETag and what they held (numbers, never bodies). */
const MAX_REMEMBERED_LISTINGS = 20_000;

type Remembered = { etag: string; items: unknown[] };

/** What is remembered of a listed item: not the issue itself (its body may be 65,536 characters). */
const withoutIssue = (item: unknown): unknown =>
  item !== null && typeof item === 'object' && 'issue' in item ? { ...item, issue: undefined } : item;

const nextLink = (link: string | undefined): string | undefined => /<([^<>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];

/**
 * The sweep's view of GitHub: installations, their repositories and incident issues, page by page.
 * Every page is asked conditionally (`If-None-Match` with the ETag it had last time): a 304 costs
 * nothing against the rate limit (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate)
 * and yields what the page held then, marked `notModified`.
 */
export function octokitSweepSource(
  probot: Probot,
  options: {
    /**
     * An installation's client: the app passes the jobs' own (instrumented: the app's pacing and
     * rate-limit reading, so the sweep's requests count where the jobs' do); by default Probot's.
     */
    installation?: (installationId: number) => Promise<Octokit>;
    /** The app's own requests (the listing of installations), instrumented likewise. */
    instrumentApp?: (octokit: Octokit) => Octokit;
  } = {},
): SweepSource {
  const asInstallation = options.installation ?? (async (id: number) => (await probot.auth(id)) as Octokit);
  const remembered = new Map<string, Remembered>();

  async function* pages<T>(params: {
    octokit: Octokit;
    scope: string;
    route: string;
    query: Record<string, unknown>;
    items: (data: unknown) => T[];
  }): AsyncGenerator<SweepPage<T>> {
    let url: string | undefined = undefined;
    for (let first = true; first || url; first = false) {
      const key = `${params.scope} ${url ?? `${params.route} ${JSON.stringify(params.query)}`}`;
      const known = remembered.get(key);
      const headers = known ? { 'if-none-match': known.etag } : {};
      let page: SweepPage<T>;
      let link: string | undefined;
      try {
        const response = url
          ? await params.octokit.request(`GET ${url}`, { headers })
          : await params.octokit.request(params.route, { ...params.query, headers });
        page = params.items(response.data);
        link = response.headers.link;
        const etag = response.headers.etag;
        remembered.delete(key);
        if (etag) remembered.set(key, { etag, items: page.map(withoutIssue) });
        while (remembered.size > MAX_REMEMBERED_LISTINGS) remembered.delete(remembered.keys().next().value as string);
      } catch (error) {
        if (httpStatus(error) !== 304 || !known) throw error;
        // Not modified: the same items, and the same next page (the link is part of what did not change).
        page = Object.assign([...(known.items as T[])], { notModified: true });
        link = (error as { response?: { headers?: { link?: string } } }).response?.headers?.link;
      }
      url = nextLink(link);
      yield page;
    }
  }

  return {
    async *listInstallations() {
      const app = (await probot.auth()) as Octokit;
      const octokit = options.instrumentApp ? options.instrumentApp(app) : app;
      yield* pages({
        octokit,
        scope: 'app',
        route: 'GET /app/installations',
        query: { per_page: MAX_PER_PAGE },
        items: (data) => (data as Array<{ id: number }>).map((i) => ({ id: i.id })),
      });
    },
    async *listRepositories(installationId) {
      const octokit = await asInstallation(installationId);
      yield* pages({
        octokit,
        scope: String(installationId),
        route: 'GET /installation/repositories',
        query: { per_page: MAX_PER_PAGE },
        items: (data) =>
          (data as { repositories: Array<{ name: string; owner: { login: string } }> }).repositories.map((r) => ({
            owner: r.owner.login,
            repo: r.name,
          })),
      });
    },
    async *listIncidentIssues({ installationId, owner, repo, label, state, since }) {
      const octokit = await asInstallation(installationId);
      const query = {
        owner,
        repo,
        labels: label,
        state,
        per_page: MAX_PER_PAGE,
        ...(since ? { since: since.toISOString() } : {}),
      };
      yield* pages({
        octokit,
        scope: String(installationId),
        route: 'GET /repos/{owner}/{repo}/issues',
        query,
        // The issue as listed goes to the job (it saves reading it); only number and time are remembered.
        items: (data) =>
          (data as Array<{ number: number; updated_at: string; pull_request?: unknown }>)
            .filter((i) => !i.pull_request)
            .map((i) => ({ number: i.number, updatedAt: i.updated_at, issue: i })),
      });
    },
  };
}
