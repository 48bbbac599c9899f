import { httpStatus, type Octokit, type RepoRef } from './octokit.js';

/**
 * The app's installation on a repository (https://docs.github.com/en/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app),
 * asked as the app itself (JWT); null when the app is not installed there.
 */
export async function repoInstallationId(appOctokit: Octokit, repo: RepoRef): Promise<number | null> {
  try {
    const { data } = await appOctokit.request('GET /repos/{owner}/{repo}/installation', repo);
    return typeof data.id === 'number' ? data.id : null;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
