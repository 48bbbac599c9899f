import { incomingSettingsOf } from '../config/incident-settings.js';
import { formatConfigErrors, parseConfig, type LoadedConfig } from '../config/load.js';
import type { TargetConsent } from '../domain/trust/cross-repo-consent.js';
import { composeRepoConfig, CONFIG_PATH, fileLabel, type ComposedConfig } from './config-files.js';
import type { Octokit, RepoRef } from './octokit.js';

/** Sections whose problems make a target's consent unusable; errors elsewhere in its file do not matter here. */
const CONSENT_SECTIONS = ['accepts_from', 'incoming'];

/** A target's config as read for writes into it: its consent, and the config itself when it was found. */
export interface TargetConfig {
  consent: TargetConsent;
  /** The parsed config (defaults for broken sections), or null when none was found or read. */
  loaded: LoadedConfig | null;
}

/**
 * Read whether `target` consents to writes from other repositories (read-only), with the config it
 * was read from. The file is found as its own incidents would load it (its own `.github/incident.yml`,
 * else its owner's `.github` repository's, `_extends` followed within the owner), but only the
 * repository's own file can consent (issue #25, finding 4): the owner's shared defaults apply to every
 * repository without a file, so an `accepts_from` there would open repositories that never opted in.
 * A repository's own file may `_extends` a shared one: writing that line is its opt-in. The decision
 * itself is pure (domain/trust/cross-repo-consent.ts `decideCrossRepoWrite`).
 * - `missing`: no file of its own (`inherited` names the owner's file found instead), or the app cannot
 *   see the repository (GitHub answers 404 for both);
 * - `no-access`: the file exists but cannot be read (403, rate limit, server error): retry later;
 * - `invalid`: the file is too large, not YAML, or its `accepts_from` / `incoming` sections are wrong;
 * - `found`: the patterns it accepts and its `incoming` settings.
 */
export async function loadTargetConfig(octokit: Octokit, target: RepoRef): Promise<TargetConfig> {
  return targetConfigOf(target, await composeRepoConfig(octokit, target));
}

export async function loadTargetConsent(octokit: Octokit, target: RepoRef): Promise<TargetConsent> {
  return (await loadTargetConfig(octokit, target)).consent;
}

function targetConfigOf(target: RepoRef, composed: ComposedConfig): TargetConfig {
  const file = composed.file ?? `${target.owner}/${target.repo}:.github/incident.yml`;
  if (composed.raw === null && composed.problems.length === 0) return { consent: { kind: 'missing' }, loaded: null };
  const unreadable = composed.problems.find((p) => p.includes('could not be read'));
  if (composed.raw === null && unreadable !== undefined)
    return { consent: { kind: 'no-access', message: unreadable }, loaded: null };
  if (composed.raw === null) return { consent: { kind: 'invalid', file, errors: composed.problems }, loaded: null };
  const loaded = parseConfig(composed.raw);
  const own = fileLabel({ ...target, path: CONFIG_PATH }).toLowerCase();
  if (file.toLowerCase() !== own) return { consent: { kind: 'missing', inherited: file }, loaded };
  const relevant = loaded.errors.filter((e) => CONSENT_SECTIONS.includes(e.path.split(/[.[]/)[0] ?? ''));
  if (relevant.length > 0) return { consent: { kind: 'invalid', file, errors: formatConfigErrors(relevant) }, loaded };
  return {
    consent: {
      kind: 'found',
      acceptsFrom: loaded.config.accepts_from,
      incoming: incomingSettingsOf(loaded.config),
      file,
    },
    loaded,
  };
}
