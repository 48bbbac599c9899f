/**
 * Whether the app may write into another repository on behalf of an incident, and with whose
 * settings. A writer of the incident repository controls its config, so `reports.repo` or
 * `follow_ups.repo` naming some other repository of the installation must not be enough: the target
 * must consent (its own `.github/incident.yml` lists the source under `accepts_from`; the owner's
 * `.github` defaults never consent for other repositories), or the server's operator must allow the pair
 * (INCIDENT_RESPONDER_ALLOW_CROSS_REPO). Then the target's settings (`incoming:`) decide the base
 * branch, the report path, labels and reviewers: the source decides only what to write, never where
 * inside the target or whom to notify there.
 */

/** `owner/name` or `owner/*`; GitHub names compare case-insensitively. */
export type RepoPattern = string;

/** What a target repository says about writes from elsewhere (from its `accepts_from` and `incoming`). */
export interface IncomingSettings {
  reports: { base: string | null; path: string; labels: readonly string[]; reviewers: readonly string[] };
  followUps: { labels: readonly string[] };
  /** Where another repository's public updates are committed here (`incoming.status_page`). */
  statusPage: { branch: string; path: string };
}

/** The target's consent as the read-only adapter found it (src/github/target-consent.ts). */
export type TargetConsent =
  | {
      kind: 'found';
      acceptsFrom: readonly RepoPattern[];
      incoming: IncomingSettings;
      /** where it was read, e.g. "acme/reports/.github/incident.yml" */ file: string;
    }
  /** No file of its own; `inherited`: the owner's shared file that was found instead (it cannot consent for others). */
  | { kind: 'missing'; inherited?: string }
  | { kind: 'invalid'; file: string; errors: readonly string[] }
  | { kind: 'no-access'; message: string };

/** One server rule: writes from a repository matching `source` into one matching `target` are allowed. */
export interface CrossRepoRule {
  source: RepoPattern;
  target: RepoPattern;
}

export type WriteKind = 'report' | 'follow-up' | 'status-page';

export interface CrossRepoDecision {
  allowed: boolean;
  /** What let the write through, or null when refused. */
  via: 'same-repository' | 'target-consent' | 'server-setting' | null;
  /** For the status comment: why the write was refused, or whose settings apply. */
  reason: string;
  /** The settings to write with: the source's own for its repository, else the target's `incoming`; null when refused. */
  settings: IncomingSettings | null;
}

/** The defaults of `incoming:` (also used when only the server allows the write and the target says nothing). */
export const DEFAULT_INCOMING: IncomingSettings = {
  reports: { base: null, path: 'reports/{repo}/{date}-{slug}.md', labels: ['incident-report'], reviewers: [] },
  followUps: { labels: ['incident-follow-up'] },
  statusPage: { branch: 'status-page', path: 'status' },
};

const NAME = /^[a-z0-9][a-z0-9-]*\/(?:\*|[\w.-]+)$/i;

/** Is this a valid `accepts_from` / server pattern (`owner/name` or `owner/*`)? */
export function isRepoPattern(text: string): boolean {
  return NAME.test(text) && text.length <= 140;
}

/** Does `owner/name` match `owner/name` or `owner/*` (case-insensitive)? */
export function repoMatches(params: { repo: string; pattern: RepoPattern }): boolean {
  const repo = params.repo.toLowerCase();
  const pattern = params.pattern.toLowerCase();
  if (pattern.endsWith('/*'))
    return repo.startsWith(pattern.slice(0, -1)) && !repo.slice(pattern.length - 1).includes('/');
  return repo === pattern;
}

/**
 * INCIDENT_RESPONDER_ALLOW_CROSS_REPO: entries `SOURCE:TARGET` separated by commas, spaces or newlines,
 * each side `owner/name` or `owner/*` (e.g. `acme/*:acme/incident-reports`). Unset or empty: no rules.
 * A bad entry is reported and ignored, never widened.
 */
export function parseCrossRepoAllowList(text: string | undefined): { rules: CrossRepoRule[]; errors: string[] } {
  const rules: CrossRepoRule[] = [];
  const errors: string[] = [];
  for (const entry of (text ?? '').split(/[\s,]+/)) {
    if (entry === '') continue;
    const [source, target, extra] = entry.split(':');
    if (
      extra !== undefined ||
      source === undefined ||
      target === undefined ||
      !isRepoPattern(source) ||
      !isRepoPattern(target)
    ) {
      errors.push(
        `INCIDENT_RESPONDER_ALLOW_CROSS_REPO: "${entry.slice(0, 100)}" is not SOURCE:TARGET with owner/name or owner/* on each side (e.g. acme/*:acme/incident-reports)`,
      );
      continue;
    }
    rules.push({ source, target });
  }
  return { rules, errors };
}

const sameRepo = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Decide a write of `kind` from the incident repository `source` into `target` (both `owner/name`).
 * The same repository is always allowed with the source's settings. Otherwise the target's consent
 * is checked first (so its `incoming` settings apply), then the server's rules; an unreadable or invalid
 * target config never counts as consent.
 */
export function decideCrossRepoWrite(params: {
  source: string;
  target: string;
  kind: WriteKind;
  /** The source repository's own settings, used for writes into itself. */
  sourceSettings: IncomingSettings;
  consent: TargetConsent;
  serverRules: readonly CrossRepoRule[];
}): CrossRepoDecision {
  const { source, target } = params;
  if (sameRepo(source, target))
    return {
      allowed: true,
      via: 'same-repository',
      reason: `${target} is the incident's repository`,
      settings: params.sourceSettings,
    };
  const what = params.kind === 'report' ? 'report' : 'follow-up issues';
  const consent = params.consent;
  if (consent.kind === 'found' && consent.acceptsFrom.some((pattern) => repoMatches({ repo: source, pattern }))) {
    return {
      allowed: true,
      via: 'target-consent',
      reason: `${target} accepts writes from ${source} (${consent.file}); its \`incoming\` settings apply`,
      settings: consent.incoming,
    };
  }
  const serverRule = params.serverRules.find(
    (r) => repoMatches({ repo: source, pattern: r.source }) && repoMatches({ repo: target, pattern: r.target }),
  );
  if (serverRule) {
    const settings = consent.kind === 'found' ? consent.incoming : DEFAULT_INCOMING;
    return {
      allowed: true,
      via: 'server-setting',
      reason: `the server allows writes from ${serverRule.source} to ${serverRule.target}; ${target}'s \`incoming\` settings apply`,
      settings,
    };
  }
  const why =
    consent.kind === 'found'
      ? `its ${consent.file} does not list ${source} under \`accepts_from\``
      : consent.kind === 'missing'
        ? consent.inherited
          ? `it has no .github/incident.yml of its own, and its owner's shared ${consent.inherited} cannot consent for it`
          : 'it has no .github/incident.yml with `accepts_from`'
        : consent.kind === 'invalid'
          ? `its ${consent.file} is not valid (${consent.errors.length} problem${consent.errors.length === 1 ? '' : 's'}), so it cannot consent`
          : `the app cannot read its config (${consent.message})`;
  return {
    allowed: false,
    via: null,
    reason: `No ${what} written to ${target}: ${target} has not agreed to receive them from ${source} (${why}). Add \`accepts_from: [${source}]\` to ${target}'s .github/incident.yml.`,
    settings: null,
  };
}
