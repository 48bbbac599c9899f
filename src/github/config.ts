import { parseConfig, type LoadedConfig } from '../config/load.js';
import type { Octokit, RepoRef } from './octokit.js';

/** Where the app's config lives, in the repository or the owner's `.github` repository. */
export const CONFIG_PATH = '.github/incident.yml';

/**
 * Load `.github/incident.yml` through Probot's config plugin (repository first, then the owner's
 * `.github` repository, `_extends` followed). A file that cannot be read or parsed never stops the
 * app: the defaults apply and the problem is shown in every status comment until it is fixed.
 */
export async function loadRepoConfig(octokit: Octokit, ref: RepoRef, path: string = CONFIG_PATH): Promise<LoadedConfig> {
  try {
    const { config } = await octokit.config.get({ owner: ref.owner, repo: ref.repo, path });
    return parseConfig(Object.keys(config).length === 0 ? null : config);
  } catch (error) {
    const loaded = parseConfig(null);
    return { ...loaded, errors: [{ path: '(root)', message: `${path} could not be read: ${(error as Error).message}` }] };
  }
}
