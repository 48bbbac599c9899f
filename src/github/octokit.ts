import type { ProbotOctokit } from 'probot';

/** The installation-authenticated client Probot hands to handlers (`context.octokit`). */
export type Octokit = InstanceType<typeof ProbotOctokit>;

// Type aliases, not interfaces: Octokit's request parameters need an index signature.
export type RepoRef = { owner: string; repo: string };

export type IssueRef = RepoRef & { issue_number: number };

/** GitHub's largest page: fewer round trips when paging to the end. https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api */
export const MAX_PER_PAGE = 100;

/** Status of a failed Octokit request, if it was one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
