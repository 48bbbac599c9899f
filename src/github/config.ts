import { UNKNOWN_KEY_MESSAGE, parseConfig, type ConfigError, type LoadedConfig } from '../config/load.js';
import { knownConfigKeys } from '../config/known-keys.js';
import { CONFIG_PATH, composeRepoConfig, type ComposedConfig } from './config-files.js';
import type { Octokit, RepoRef } from './octokit.js';

export { CONFIG_PATH };

function pathSegments(path: string): string[] {
  return path.split(/[.[\]]+/).filter((s) => s !== '' && !/^\d+$/.test(s));
}

/**
 * Errors as the status comment may show them. An extended file can be one the incident's readers
 * cannot read, so its key names and quoted values are not echoed: unknown keys are counted per file,
 * and other errors keep only key names the schema defines, with quoted values elided.
 */
export function publicConfigErrors(params: {
  errors: readonly ConfigError[];
  composed: Pick<ComposedConfig, 'origin' | 'extended'>;
}): ConfigError[] {
  const known = knownConfigKeys();
  const out: ConfigError[] = [];
  const unknownPerFile = new Map<string, number>();
  for (const error of params.errors) {
    const top = pathSegments(error.path)[0];
    const from = top === undefined ? undefined : params.composed.origin.get(top);
    if (from === undefined || !params.composed.extended.has(from)) {
      out.push(error);
      continue;
    }
    if (error.message === UNKNOWN_KEY_MESSAGE || pathSegments(error.path).some((s) => !known.has(s))) {
      unknownPerFile.set(from, (unknownPerFile.get(from) ?? 0) + 1);
      continue;
    }
    out.push({ path: error.path, message: `${error.message.replace(/"[^"\n]*"/g, '"…"')} (in ${from})` });
  }
  for (const [file, count] of unknownPerFile) {
    out.push({
      path: '(root)',
      message: `${file} (extended) has ${count} unknown or misplaced key${count === 1 ? '' : 's'}; run \`incident-responder check --config\` on it to see which`,
    });
  }
  return out;
}

/**
 * Load `.github/incident.yml` (the repository's, else its owner's `.github` repository's, `_extends`
 * followed within the owner: github/config-files.ts). A file that cannot be read or parsed never stops
 * the app: the defaults apply and the problem is shown in every status comment until it is fixed.
 */
export async function loadRepoConfig(
  octokit: Octokit,
  ref: RepoRef,
  path: string = CONFIG_PATH,
): Promise<LoadedConfig> {
  const composed = await composeRepoConfig(octokit, ref, path);
  const loaded = parseConfig(composed.raw);
  const problems: ConfigError[] = composed.problems.map((message) => ({ path: '(root)', message }));
  return { config: loaded.config, errors: [...problems, ...publicConfigErrors({ errors: loaded.errors, composed })] };
}
