import { incomingSettingsOf } from '../config/incident-settings.js';
import { formatConfigErrors, parseConfig } from '../config/load.js';
import type { TargetConsent } from '../domain/trust/cross-repo-consent.js';
import { composeRepoConfig } from './config-files.js';
import type { Octokit, RepoRef } from './octokit.js';

/** Sections whose problems make a target's consent unusable; errors elsewhere in its file do not matter here. */
const CONSENT_SECTIONS = ['accepts_from', 'incoming'];

/**
 * Read whether `target` consents to writes from other repositories (read-only): its own
 * `.github/incident.yml`, else its owner's `.github` repository's, `_extends` followed within the
 * owner, exactly as its own incidents would load it. The decision itself is pure
 * (domain/trust/cross-repo-consent.ts `decideCrossRepoWrite`).
 * - `missing`: no file, or the app cannot see the repository (GitHub answers 404 for both);
 * - `no-access`: the file exists but cannot be read (403, rate limit, server error): retry later;
 * - `invalid`: the file is too large, not YAML, or its `accepts_from` / `incoming` sections are wrong;
 * - `found`: the patterns it accepts and its `incoming` settings.
 */
export async function loadTargetConsent(octokit: Octokit, target: RepoRef): Promise<TargetConsent> {
  const composed = await composeRepoConfig(octokit, target);
  const file = composed.file ?? `${target.owner}/${target.repo}:.github/incident.yml`;
  if (composed.raw === null && composed.problems.length === 0) return { kind: 'missing' };
  const unreadable = composed.problems.find((p) => p.includes('could not be read'));
  if (composed.raw === null && unreadable !== undefined) return { kind: 'no-access', message: unreadable };
  if (composed.raw === null) return { kind: 'invalid', file, errors: composed.problems };
  const loaded = parseConfig(composed.raw);
  const relevant = loaded.errors.filter((e) => CONSENT_SECTIONS.includes(e.path.split(/[.[]/)[0] ?? ''));
  if (relevant.length > 0) return { kind: 'invalid', file, errors: formatConfigErrors(relevant) };
  return { kind: 'found', acceptsFrom: loaded.config.accepts_from, incoming: incomingSettingsOf(loaded.config), file };
}
