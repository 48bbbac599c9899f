import type { ProbotOctokit } from 'probot';

/**
 * What src/github/ needs of an Octokit: the parts shared by the client Probot hands to handlers
 * (`context.octokit`) and the Action's @octokit/rest client (./action-octokit.ts), both built on the same
 * @octokit/core with the same REST, paginate and config plugins. Structural, so either one is accepted
 * as it is, and an adapter that reaches for anything else (Probot's logger, auth) fails to compile.
 */
export type Octokit = Pick<
  InstanceType<typeof ProbotOctokit>,
  'request' | 'paginate' | 'rest' | 'graphql' | 'config' | 'hook'
>;

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
