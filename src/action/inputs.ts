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
  /**
   * The most writes a run makes: a sweep starts no further incident past it and leaves the rest to the
   * next run (like actions/stale's `operations-per-run`), so a backlog cannot spend the token's limits.
   */
  maxWrites: number;
  /** Where the job summary and links point (`GITHUB_SERVER_URL`). */
  serverUrl: string;
}

/** `max-writes` when the workflow does not set it: 4 schedule runs an hour stay well under GitHub's 500 content writes an hour. */
export const DEFAULT_MAX_WRITES = 50;

/** Reads a `with:` input by name; @actions/core's getInput in a workflow, the environment in tests. */
export type InputReader = (name: string) => string;

/** A missing or malformed input: reported as one `::error::` line. */
export class InputError extends Error {}

/**
 * An input as the runner passes it: `INPUT_` + the name upper-cased, spaces as `_` (hyphens kept), as
 * @actions/core's getInput reads it.
 * https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputs
 */
export const envInputs =
  (env: NodeJS.ProcessEnv): InputReader =>
  (name) =>
    (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

/** The YAML 1.2 core booleans, the ones @actions/core's getBooleanInput accepts. */
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = (env[name] ?? '').trim();
  if (value === '') throw new InputError(`${name} is not set: ${hint}`);
  return value;
}

/** Reads and checks the inputs (pure: the environment, and how to read an input, are passed in). */
export function readInputs(env: NodeJS.ProcessEnv, input: InputReader = envInputs(env)): ActionInputs {
  const runner = 'the GitHub Actions runner sets it; outside a workflow, set it yourself';
  const eventName = required(env, 'GITHUB_EVENT_NAME', runner);
  const eventPath = required(env, 'GITHUB_EVENT_PATH', runner);
  const full = required(env, 'GITHUB_REPOSITORY', runner);
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(full);
  if (!match?.[1] || !match[2]) throw new InputError(`GITHUB_REPOSITORY must be owner/name, not "${full}"`);
  const token = input('token') || (env.GITHUB_TOKEN ?? '').trim();
  if (token === '') throw new InputError('no token: pass `token` (default: github.token) or set GITHUB_TOKEN');
  const dryRun = input('dry-run');
  if (dryRun !== '' && !TRUE.includes(dryRun) && !FALSE.includes(dryRun))
    throw new InputError(`dry-run must be true or false, not "${dryRun}"`);
  const maxWritesText = input('max-writes');
  const maxWrites = maxWritesText === '' ? DEFAULT_MAX_WRITES : Number(maxWritesText);
  if (!/^\d+$/.test(maxWritesText || '1') || !Number.isSafeInteger(maxWrites) || maxWrites < 1)
    throw new InputError(`max-writes must be a whole number of at least 1, not "${maxWritesText}"`);
  return {
    eventName,
    eventPath,
    repository: { owner: match[1], repo: match[2] },
    apiUrl: (env.GITHUB_API_URL ?? '').trim() || 'https://api.github.com',
    token,
    configPath: input('config') || CONFIG_PATH,
    botLogin: input('bot-login') || null,
    dryRun: TRUE.includes(dryRun),
    maxWrites,
    serverUrl: (env.GITHUB_SERVER_URL ?? '').trim() || 'https://github.com',
    signingKey: input('signing-key') || null,
  };
}
