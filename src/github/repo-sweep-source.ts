import type { SweepSource } from '../runtime/sweep.js';
import { MAX_PER_PAGE, type Octokit, type RepoRef } from './octokit.js';

/** The Action's installation id in sweep items: a workflow run has one repository and no installation. */
export const WORKFLOW_INSTALLATION = 0;

/**
 * The sweep's view of one repository (the Action's): its incident issues, page by page. The same
 * Sweeper walks it as walks an App's installations, so open incidents and those closed within the
 * horizon are found the same way. Issues opened after `openedBefore` are left to the run their opening
 * started: the sweep runs outside the issue's concurrency group, and two passes at once over an
 * incident that has no status comment yet would both post one.
 */
export function repositorySweepSource(octokit: Octokit, repository: RepoRef, openedBefore: Date): SweepSource {
  return {
    async *listInstallations() {
      yield [{ id: WORKFLOW_INSTALLATION }];
    },
    async *listRepositories() {
      yield [{ owner: repository.owner, repo: repository.repo }];
    },
    async *listIncidentIssues({ owner, repo, label, state, since }) {
      const params = {
        owner,
        repo,
        labels: label,
        state,
        per_page: MAX_PER_PAGE,
        ...(since ? { since: since.toISOString() } : {}),
      };
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, params)) {
        yield page.data
          .filter((i) => !i.pull_request && !(Date.parse(i.created_at) > openedBefore.getTime()))
          .map((i) => ({ number: i.number }));
      }
    },
  };
}
