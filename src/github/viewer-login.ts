import { httpStatus, type Octokit } from './octokit.js';

/** Who a workflow's `GITHUB_TOKEN` writes as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * The login a token writes as, which authors the status comment and is how it is found again. An App
 * installation token cannot call `GET /app` (that needs the App's JWT), but GraphQL's `viewer` answers
 * for it (`slug[bot]`), as it does for a workflow's `GITHUB_TOKEN`. When GitHub refuses the question
 * (401/403), the token is taken to be the workflow's: its comments are authored by github-actions[bot].
 * https://docs.github.com/en/graphql/reference/queries#viewer
 */
export async function viewerLogin(octokit: Octokit): Promise<string> {
  try {
    const data = await octokit.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    const login = data.viewer?.login;
    if (login) return login;
  } catch (error) {
    const status = httpStatus(error);
    if (status !== 401 && status !== 403 && !isGraphqlError(error)) throw error;
  }
  return ACTIONS_BOT_LOGIN;
}

/** A GraphQL answer with `errors` (such as "Resource not accessible by integration"): no HTTP status. */
function isGraphqlError(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'GraphqlResponseError';
}
