import { MAX_CONFIG_BYTES } from '../config/load.js';
import { loadYaml, YamlSyntaxError } from '../config/yaml.js';
import { contentsEtagsOf } from './conditional-contents.js';
import { httpStatus, type Octokit, type RepoRef } from './octokit.js';

/**
 * Reading `.github/incident.yml` files (read-only). The app reads them itself rather than through
 * Probot's config plugin so that, for a file any writer of the repository controls:
 * - the size is checked on the raw text before any YAML parsing (MAX_CONFIG_BYTES, as in the CLI);
 * - the YAML parser is the project's one (core schema, bounded aliases: config/yaml.ts);
 * - `_extends` reaches only files of the same owner: the installation can read other owners'
 *   repositories too, and an incident's status comment must not reveal what their files contain.
 * The lookup order is Probot's: the repository's file, else the owner's `.github` repository's.
 */

/** Where the app's config lives, in the repository or the owner's `.github` repository. */
export const CONFIG_PATH = '.github/incident.yml';

/** `_extends` chains longer than this are refused: one or two levels is what organisations use. */
export const MAX_EXTENDS_DEPTH = 5;

/** One file as read. `file` names it as `owner/repo:path` for messages. */
export type ConfigFileRead =
  | { kind: 'found'; file: string; text: string }
  | { kind: 'missing'; file: string }
  | { kind: 'too-large'; file: string; bytes: number }
  | { kind: 'unreadable'; file: string; status: number | undefined; message: string };

export function fileLabel(params: { owner: string; repo: string; path: string }): string {
  return `${params.owner}/${params.repo}:${params.path}`;
}

/** GET the raw file; 404 = missing (GitHub also answers 404 when the app cannot see the repository). */
export async function readConfigFile(
  octokit: Octokit,
  params: { owner: string; repo: string; path: string },
): Promise<ConfigFileRead> {
  const file = fileLabel(params);
  const etags = contentsEtagsOf(octokit);
  const known = etags?.get(file);
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: params.owner,
      repo: params.repo,
      path: params.path,
      mediaType: { format: 'raw' },
      ...(known ? { headers: { 'if-none-match': known.etag } } : {}),
    });
    const data: unknown = response.data;
    if (etags && typeof data === 'string' && response.headers.etag)
      etags.set(file, { etag: response.headers.etag, text: data });
    if (typeof data !== 'string')
      return {
        kind: 'unreadable',
        file,
        status: undefined,
        message: `${file} is a directory or a submodule, not a file`,
      };
    // Checked before parsing: a large file is refused without spending time on it.
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes > MAX_CONFIG_BYTES) return { kind: 'too-large', file, bytes };
    return { kind: 'found', file, text: data };
  } catch (error) {
    const status = httpStatus(error);
    // Unchanged since the last read (github/conditional-contents.ts); its size was checked then.
    if (status === 304 && known) return { kind: 'found', file, text: known.text };
    if (status === 404) return { kind: 'missing', file };
    return { kind: 'unreadable', file, status, message: (error as Error).message };
  }
}

/** The repository's own file, else the owner's `.github` repository's (Probot's lookup order). */
export async function readRepoOrOwnerConfig(
  octokit: Octokit,
  ref: RepoRef,
  path: string = CONFIG_PATH,
): Promise<ConfigFileRead> {
  const own = await readConfigFile(octokit, { owner: ref.owner, repo: ref.repo, path });
  if (own.kind !== 'missing' || ref.repo === '.github') return own;
  return readConfigFile(octokit, { owner: ref.owner, repo: '.github', path });
}

/** A parsed `_extends` value: `repo`, `repo:path.yml`, `owner/repo` or `owner/repo:path.yml`. */
export function parseExtends(params: {
  value: unknown;
  owner: string;
}): { owner: string; repo: string; path: string } | { error: string } {
  if (typeof params.value !== 'string')
    return { error: '_extends must be a string such as ".github" or "my-repo:path/to/file.yml"' };
  const value = params.value.trim();
  const m = /^(?:([a-z\d][a-z\d-]{0,38})\/)?([\w.-]{1,100})(?::([\w./-]{1,300}\.ya?ml))?$/i.exec(value);
  if (m === null)
    return { error: `_extends: "${value.slice(0, 100)}" is not "repo", "repo:path.yml" or "owner/repo:path.yml"` };
  const owner = m[1] ?? params.owner;
  if (owner.toLowerCase() !== params.owner.toLowerCase()) {
    return {
      error: `_extends: "${value.slice(0, 100)}" names a file of another owner (${owner}); only files of ${params.owner} can be extended`,
    };
  }
  const path = m[3] ?? CONFIG_PATH;
  if (path.split('/').some((s) => s === '..' || s === '.'))
    return { error: `_extends: "${value.slice(0, 100)}" has a "." or ".." path segment` };
  return { owner: params.owner, repo: m[2] ?? '', path };
}

/** What the files of one repository's config add up to, before validation. */
export interface ComposedConfig {
  /** The merged mapping (top-level keys of a nearer file win, as with Probot), or null when no file was found. */
  raw: Record<string, unknown> | null;
  /** The file the lookup found (the repository's or its owner's `.github`), or null. */
  file: string | null;
  /** For each top-level key, the file it came from. */
  origin: Map<string, string>;
  /** Files reached through `_extends` (their errors are shown without their key names). */
  extended: Set<string>;
  /** Problems reading, sizing or parsing files; shown as root errors. */
  problems: string[];
}

function parseFile(
  read: Extract<ConfigFileRead, { kind: 'found' }>,
  problems: string[],
): Record<string, unknown> | null {
  try {
    const raw = loadYaml(read.text);
    if (raw === null || raw === undefined) return {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(
        `${read.file}: the file must be a mapping of keys (e.g. "severity:"), not a list or a single value`,
      );
      return null;
    }
    return raw as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof YamlSyntaxError && error.line !== undefined ? ` (line ${error.line})` : '';
    const reason = error instanceof YamlSyntaxError ? error.reason : (error as Error).message;
    problems.push(`${read.file}: not valid YAML${where}: ${reason}`);
    return null;
  }
}

function readProblem(read: Exclude<ConfigFileRead, { kind: 'found' }>, extended: boolean): string {
  switch (read.kind) {
    case 'missing':
      return `${read.file} does not exist or the app cannot see it`;
    case 'too-large':
      return `${read.file} is larger than ${MAX_CONFIG_BYTES / 1024} KiB (${Math.ceil(read.bytes / 1024)} KiB): ${extended ? 'it was not extended' : 'the defaults apply'}`;
    case 'unreadable':
      return `${read.file} could not be read: ${read.message}`;
  }
}

/** Read the config files of `ref` (the lookup, then `_extends` within the owner) and merge them. */
export async function composeRepoConfig(
  octokit: Octokit,
  ref: RepoRef,
  path: string = CONFIG_PATH,
): Promise<ComposedConfig> {
  const origin = new Map<string, string>();
  const extended = new Set<string>();
  const problems: string[] = [];
  const first = await readRepoOrOwnerConfig(octokit, ref, path);
  if (first.kind === 'missing') return { raw: null, file: null, origin, extended, problems };
  if (first.kind !== 'found')
    return { raw: null, file: first.file, origin, extended, problems: [readProblem(first, false)] };
  const own = parseFile(first, problems);
  if (own === null) return { raw: null, file: first.file, origin, extended, problems };

  // Nearest file first; a key already set by a nearer file is kept (Probot merges top-level keys the same way).
  const merged: Record<string, unknown> = {};
  const seen = new Set<string>([first.file.toLowerCase()]);
  let current: Record<string, unknown> | null = own;
  let currentFile = first.file;
  for (let depth = 0; current !== null; depth++) {
    const next: unknown = current._extends;
    for (const [key, value] of Object.entries(current)) {
      if (key === '_extends' || Object.hasOwn(merged, key)) continue;
      merged[key] = value;
      origin.set(key, currentFile);
    }
    if (next === undefined) break;
    if (depth >= MAX_EXTENDS_DEPTH) {
      problems.push(`${currentFile}: _extends goes deeper than ${MAX_EXTENDS_DEPTH} files; the rest was not read`);
      break;
    }
    const target = parseExtends({ value: next, owner: ref.owner });
    if ('error' in target) {
      problems.push(`${currentFile}: ${target.error}`);
      break;
    }
    const label = fileLabel(target);
    if (seen.has(label.toLowerCase())) {
      problems.push(`${currentFile}: _extends comes back to ${label}, which was already read`);
      break;
    }
    seen.add(label.toLowerCase());
    const read = await readConfigFile(octokit, target);
    if (read.kind !== 'found') {
      problems.push(`${currentFile}: _extends: ${readProblem(read, true)}`);
      break;
    }
    extended.add(label);
    current = parseFile(read, problems);
    currentFile = label;
  }
  return { raw: merged, file: first.file, origin, extended, problems };
}
