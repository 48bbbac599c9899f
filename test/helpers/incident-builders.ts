/**
 * Shared builders for the plan's inputs (the issue, the loaded incident, comments, settings, consent),
 * so a unit test says only what differs from an ordinary incident.
 */
import { expect } from '@jest/globals';
import { incidentSettingsOf } from '../../src/config/incident-settings.js';
import { parseConfig, parseConfigYaml } from '../../src/config/load.js';
import { evaluateIncident, type IssueSnapshot } from '../../src/domain/incident/incident-state.js';
import type { CommentRecord, LoadedIncident, Trigger } from '../../src/domain/incident/loaded-incident.js';
import { emptyMetadata, type IncidentMetadata } from '../../src/domain/incident/metadata.js';
import type { IncidentSettings } from '../../src/domain/incident/settings.js';
import type { TargetConsent } from '../../src/domain/trust/cross-repo-consent.js';

export const BOT = 'incident-responder[bot]';
export const T0 = '2026-11-23T10:00:00Z';
/** `n` minutes after `from` (T0 unless told). */
export const minutesAfter = (n: number, from = T0): Date => new Date(Date.parse(from) + n * 60_000);

/** An open incident issue, `acme/app#7`, opened by alice at T0. */
export function issueSnapshot(overrides: Partial<IssueSnapshot> = {}): IssueSnapshot {
  return {
    number: 7,
    id: 5001,
    title: 'Checkout down',
    body: '**Severity:** High\n\n## Steps\n- [ ] Take the lead `5 min`\n',
    state: 'open',
    labels: ['incident'],
    assignees: [],
    author: 'alice',
    createdAt: T0,
    closedAt: null,
    htmlUrl: 'https://ghe.example.com/acme/app/issues/7',
    ...overrides,
  };
}

/** The settings a `.github/incident.yml` gives: an object, YAML text, or none (the defaults). */
export function settingsOf(config: Record<string, unknown> | string | null = null): IncidentSettings {
  const loaded = typeof config === 'string' ? parseConfigYaml(config) : parseConfig(config);
  expect(loaded.errors).toEqual([]);
  return incidentSettingsOf(loaded);
}

/** A reports or follow-up repository's consent as its `.github/incident.yml` gives it. */
export function consentOf(acceptsFrom: string[], path = 'reports/{date}-{slug}.md'): TargetConsent {
  return {
    kind: 'found',
    acceptsFrom,
    file: 'acme/incident-reports/.github/incident.yml',
    incoming: {
      reports: { base: null, path, labels: ['incident-report'], reviewers: ['lead'] },
      followUps: { labels: ['from-incidents'] },
      statusPage: { branch: 'status-page', path: 'status' },
    },
  };
}

/**
 * An incident as github/load-incident.ts reads it: its status comment holds `metadata` (none when
 * null), the author has write permission, and acme/incident-reports consents and is private.
 */
export function loadedIncident(
  overrides: Partial<LoadedIncident> = {},
  metadata: Partial<IncidentMetadata> | null = {},
): LoadedIncident {
  return {
    ref: { owner: 'acme', repo: 'app', number: 7 },
    issue: issueSnapshot(),
    botLogin: BOT,
    status:
      metadata === null
        ? null
        : {
            id: 900,
            htmlUrl: 'https://ghe.example.com/acme/app/issues/7#issuecomment-900',
            updatedAt: T0,
            metadata: { ...emptyMetadata(), viewKey: 'written', ...metadata },
          },
    comments: [],
    commentScope: 'all',
    permission: null,
    acceptedByReaction: new Set(),
    authorPermission: 'write',
    targets: { 'acme/incident-reports': { consent: consentOf(['acme/*']), visibility: 'private' } },
    sourceVisibility: 'private',
    ...overrides,
  };
}

export const commentRecord = (
  id: number,
  body: string,
  author = 'bob',
  at = '2026-11-23T10:02:00Z',
): CommentRecord => ({
  id,
  body,
  author,
  createdAt: at,
  updatedAt: at,
  htmlUrl: `u#${id}`,
  plusOnes: 0,
});

/** The trigger of a new comment. */
export const commandTrigger = (c: CommentRecord): Trigger => ({
  kind: 'comment',
  at: new Date(c.createdAt),
  comment: { id: c.id, body: c.body, author: c.author, authorType: 'User', createdAt: c.createdAt },
});

/** The incident's state at `now`, with no event but the clock. */
export function evaluateAt(params: {
  issue: IssueSnapshot;
  settings: IncidentSettings;
  now: Date;
  metadata?: IncidentMetadata;
  actor?: string;
}) {
  return evaluateIncident({
    issue: params.issue,
    rules: params.settings.rules,
    metadata: params.metadata ?? emptyMetadata(),
    bodyFrom: null,
    opened: false,
    eventAt: params.now,
    actor: params.actor ?? null,
    now: params.now,
  });
}
