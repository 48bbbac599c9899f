import type { Probot } from 'probot';
import type { SweepSource } from '../runtime/sweep.js';
import { MAX_PER_PAGE, type Octokit } from './octokit.js';

/** The sweep's view of GitHub: installations, their repositories and incident issues, page by page. */
export function octokitSweepSource(probot: Probot): SweepSource {
  const asInstallation = async (id: number): Promise<Octokit> => (await probot.auth(id)) as Octokit;
  return {
    async *listInstallations() {
      const octokit = (await probot.auth()) as Octokit;
      for await (const page of octokit.paginate.iterator(octokit.rest.apps.listInstallations, { per_page: MAX_PER_PAGE })) {
        yield page.data.map((i) => ({ id: i.id }));
      }
    },
    async *listRepositories(installationId) {
      const octokit = await asInstallation(installationId);
      for await (const page of octokit.paginate.iterator(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: MAX_PER_PAGE })) {
        yield page.data.map((r) => ({ owner: r.owner.login, repo: r.name }));
      }
    },
    async *listIncidentIssues({ installationId, owner, repo, label, state, since }) {
      const octokit = await asInstallation(installationId);
      const params = { owner, repo, labels: label, state, per_page: MAX_PER_PAGE, ...(since ? { since: since.toISOString() } : {}) };
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, params)) {
        yield page.data.filter((i) => !i.pull_request).map((i) => ({ number: i.number }));
      }
    },
  };
}
