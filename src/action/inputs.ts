import { CONFIG_PATH } from '../github/config.js';

/** What a workflow run hands the Action: GitHub's default environment and the `with:` inputs. */
export interface ActionInputs {
  eventName: string;
  eventPath: string;
  repository: { owner: string; repo: string };
  apiUrl: string;
  token: string;
  /** Where `.github/incident.yml` is, in the repository (the owner's `.github` repository is the fallback). */
  configPath: string;
  /** Given: the login the token writes as; otherwise asked of GitHub. */
  botLogin: string | null;
  dryRun: boolean;
  /**
   * A secret that seals the status comment (domain/trust/status-seal.ts): under GITHUB_TOKEN every workflow
   * writes as github-actions[bot], and only the seal tells the app's status comment from a sibling's.
   */
  signingKey: string | null;
  /** The file outputs are appended to (`GITHUB_OUTPUT`), if any. */
  outputPath: string | null;
}

/** A missing or malformed input: reported as one `::error::` line. */
export class InputError extends Error {}

/**
 * An input as the runner passes it: `INPUT_` + the name upper-cased, spaces as `_` (hyphens kept).
 * https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputs
 */
function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = (env[name] ?? '').trim();
  if (value === '') throw new InputError(`${name} is not set: ${hint}`);
  return value;
}

/** Reads and checks the inputs (pure: the environment is passed in). */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const runner = 'the GitHub Actions runner sets it; outside a workflow, set it yourself';
  const eventName = required(env, 'GITHUB_EVENT_NAME', runner);
  const eventPath = required(env, 'GITHUB_EVENT_PATH', runner);
  const full = required(env, 'GITHUB_REPOSITORY', runner);
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(full);
  if (!match?.[1] || !match[2]) throw new InputError(`GITHUB_REPOSITORY must be owner/name, not "${full}"`);
  const token = input(env, 'token') || (env.GITHUB_TOKEN ?? '').trim();
  if (token === '') throw new InputError('no token: pass `token` (default: github.token) or set GITHUB_TOKEN');
  const dryRun = input(env, 'dry-run').toLowerCase();
  if (dryRun !== '' && dryRun !== 'true' && dryRun !== 'false')
    throw new InputError(`dry-run must be true or false, not "${dryRun}"`);
  return {
    eventName,
    eventPath,
    repository: { owner: match[1], repo: match[2] },
    apiUrl: (env.GITHUB_API_URL ?? '').trim() || 'https://api.github.com',
    token,
    configPath: input(env, 'config') || CONFIG_PATH,
    botLogin: input(env, 'bot-login') || null,
    dryRun: dryRun === 'true',
    signingKey: input(env, 'signing-key') || null,
    outputPath: (env.GITHUB_OUTPUT ?? '').trim() || null,
  };
}
