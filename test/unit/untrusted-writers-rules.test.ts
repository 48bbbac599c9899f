import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/load.js';
import {
  DEFAULT_INCOMING,
  decideCrossRepoWrite,
  isRepoPattern,
  parseCrossRepoAllowList,
  repoMatches,
  type IncomingSettings,
  type TargetConsent,
} from '../../src/domain/trust/cross-repo-consent.js';
import { MIN_RECURRING_MINUTES } from '../../src/domain/incident/interval-floor.js';
import { evaluateAt, issueSnapshot, minutesAfter, settingsOf } from '../helpers/incident-builders.js';
import { filledReportPathProblem, reportPathProblem } from '../../src/domain/reports/report-path.js';
import {
  crossReferencesFor,
  mayMoveText,
  morePublicOptInOf,
  visibilityOfRepo,
  visibilityRank,
  type MorePublicOptIn,
  type Visibility,
} from '../../src/domain/trust/visibility.js';
import { incomingSettingsOf, morePublicOptInFrom, ownWriteSettingsOf } from '../../src/config/incident-settings.js';

// Issue #12, finding 1: a writer of one repository must not make the app write into another without its consent.
describe('cross-repository consent', () => {
  const own: IncomingSettings = {
    reports: { base: 'attacker-branch', path: 'test/{slug}.md', labels: ['mine'], reviewers: ['victim'] },
    followUps: { labels: ['x'] },
    statusPage: { branch: 'attacker-branch', path: '.github' },
  };
  const targetIncoming: IncomingSettings = {
    reports: { base: 'main', path: 'incidents/{repo}/{number}.md', labels: ['incident-report'], reviewers: [] },
    followUps: { labels: ['from-elsewhere'] },
    statusPage: { branch: 'status-page', path: 'status' },
  };
  const found = (acceptsFrom: string[]): TargetConsent => ({
    kind: 'found',
    acceptsFrom,
    incoming: targetIncoming,
    file: 'acme/reports:.github/incident.yml',
  });

  it.each<
    [
      string,
      { source: string; target: string; consent: TargetConsent; server?: string },
      { allowed: boolean; via: string | null; settings: IncomingSettings | null; reason?: RegExp },
    ]
  >([
    [
      'same repository, no consent needed',
      { source: 'acme/app', target: 'ACME/App', consent: { kind: 'missing' } },
      { allowed: true, via: 'same-repository', settings: own },
    ],
    [
      'target lists the source',
      { source: 'acme/app', target: 'acme/reports', consent: found(['acme/app']) },
      { allowed: true, via: 'target-consent', settings: targetIncoming },
    ],
    [
      'target lists the owner',
      { source: 'acme/app', target: 'acme/reports', consent: found(['acme/*']) },
      { allowed: true, via: 'target-consent', settings: targetIncoming },
    ],
    [
      'target lists someone else',
      { source: 'acme/app', target: 'acme/reports', consent: found(['acme/other', 'evil/*']) },
      { allowed: false, via: null, settings: null, reason: /does not list acme\/app under `accepts_from`/ },
    ],
    [
      'target has no config',
      { source: 'acme/app', target: 'acme/reports', consent: { kind: 'missing' } },
      { allowed: false, via: null, settings: null, reason: /has no \.github\/incident\.yml/ },
    ],
    [
      'target config invalid',
      {
        source: 'acme/app',
        target: 'acme/reports',
        consent: { kind: 'invalid', file: 'acme/reports:.github/incident.yml', errors: ['accepts_from[0]: bad'] },
      },
      { allowed: false, via: null, settings: null, reason: /not valid \(1 problem\)/ },
    ],
    [
      'target unreadable',
      { source: 'acme/app', target: 'acme/reports', consent: { kind: 'no-access', message: '403' } },
      { allowed: false, via: null, settings: null, reason: /cannot read its config/ },
    ],
    [
      'server allows the pair, target says nothing: target defaults',
      { source: 'acme/app', target: 'acme/reports', consent: { kind: 'missing' }, server: 'acme/*:acme/reports' },
      { allowed: true, via: 'server-setting', settings: DEFAULT_INCOMING },
    ],
    [
      'server allows the pair, target has settings: target settings',
      { source: 'acme/app', target: 'acme/reports', consent: found([]), server: 'acme/app:acme/*' },
      { allowed: true, via: 'server-setting', settings: targetIncoming },
    ],
    [
      'server allows another pair only',
      { source: 'acme/app', target: 'acme/reports', consent: { kind: 'missing' }, server: 'acme/app:acme/tracker' },
      { allowed: false, via: null, settings: null },
    ],
    [
      'owner pattern does not match a prefix owner',
      { source: 'acme-evil/app', target: 'acme/reports', consent: found(['acme/*']) },
      { allowed: false, via: null, settings: null },
    ],
  ])('%s', (_name, input, expected) => {
    const decision = decideCrossRepoWrite({
      source: input.source,
      target: input.target,
      kind: 'report',
      sourceSettings: own,
      consent: input.consent,
      serverRules: parseCrossRepoAllowList(input.server).rules,
    });
    expect(decision).toEqual(
      expect.objectContaining({ allowed: expected.allowed, via: expected.via, settings: expected.settings }),
    );
    if (expected.reason) expect(decision.reason).toMatch(expected.reason);
    if (!decision.allowed)
      expect(decision.reason).toMatch(/accepts_from: \[acme\/app\]|accepts_from: \[acme-evil\/app\]/);
  });

  it.each<[string, string, boolean]>([
    ['acme/app', 'acme/app', true],
    ['Acme/App', 'acme/app', true],
    ['acme/app', 'acme/*', true],
    ['acme/app', 'acm/*', false],
    ['acme/app', 'acme/ap', false],
    ['acme/app', 'other/*', false],
  ])('repoMatches(%s, %s) = %s', (repo, pattern, expected) => {
    expect(repoMatches({ repo, pattern })).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['acme/app', true],
    ['acme/*', true],
    ['*/*', false],
    ['*', false],
    ['acme', false],
    ['acme/app/x', false],
    ['acme/a*', false],
  ])('isRepoPattern(%j) = %s', (text, expected) => {
    expect(isRepoPattern(text)).toBe(expected);
  });

  it('parses the server allow list and reports bad entries without widening', () => {
    expect(parseCrossRepoAllowList('acme/*:acme/reports, acme/app:acme/tracker\nbad */*:x/y a:b:c')).toEqual({
      rules: [
        { source: 'acme/*', target: 'acme/reports' },
        { source: 'acme/app', target: 'acme/tracker' },
      ],
      errors: [
        expect.stringMatching(/"bad" is not SOURCE:TARGET/),
        expect.stringMatching(/"\*\/\*:x\/y"/),
        expect.stringMatching(/"a:b:c"/),
      ],
    });
    expect(parseCrossRepoAllowList(undefined)).toEqual({ rules: [], errors: [] });
  });

  it("the config carries accepts_from and the target's incoming settings; the source's own settings are separate", () => {
    const { config, errors } = parseConfig({
      accepts_from: ['acme/app', 'acme/*'],
      incoming: {
        reports: { base: 'main', path: 'incidents/{number}.md', labels: ['r'], reviewers: ['alice'] },
        follow_ups: { labels: ['f'] },
      },
      reports: { repo: 'acme/reports', path: 'mine/{slug}.md', labels: ['mine'] },
    });
    expect(errors).toEqual([]);
    expect(config.accepts_from).toEqual(['acme/app', 'acme/*']);
    expect(incomingSettingsOf(config)).toEqual({
      reports: { base: 'main', path: 'incidents/{number}.md', labels: ['r'], reviewers: ['alice'] },
      followUps: { labels: ['f'] },
      statusPage: { branch: 'status-page', path: 'status' },
    });
    expect(ownWriteSettingsOf(config).reports.path).toBe('mine/{slug}.md');
    expect(incomingSettingsOf(parseConfig({}).config)).toEqual(DEFAULT_INCOMING);
  });

  it.each([['*/*'], ['acme'], ['https://github.com/acme/app']])('accepts_from refuses %j', (pattern) => {
    expect(parseConfig({ accepts_from: [pattern] }).errors).toEqual([
      { path: 'accepts_from[0]', message: expect.stringMatching(/owner\/name" or "owner\/\*"/) },
    ]);
  });
});

// Finding 1: report paths that would let a config writer plant code in the reports repository.
describe('report path rules', () => {
  it.each<[string, RegExp | null]>([
    ['reports/{date}-{slug}.md', null],
    ['{number}.md', null],
    ['incidents/{repo}/{date}-{slug}.MD', null],
    ['test/{slug}.test.js', /end in "\.md"/],
    ['.github/workflows/{slug}.md', /not be under \.github\//],
    ['.GitHub/{slug}.md', /not be under \.github\//],
    ['../{slug}.md', /"\." or "\.\." segments/],
    ['reports/../../{slug}.md', /"\." or "\.\." segments/],
    ['./{slug}.md', /"\." or "\.\." segments/],
    ['/etc/{slug}.md', /relative/],
    ['reports\\{slug}.md', /relative/],
    ['C:/{slug}.md', /relative/],
    ['reports//{slug}.md', /empty segments/],
    ['reports/{date}.md', /\{slug\} or \{number\}/],
    ['reports/{slug}-{title}.md', /unknown placeholder \{title\}/],
    [' reports/{slug}.md', /leading or trailing spaces/],
    ['', /relative path/],
  ])('%j', (path, problem) => {
    const found = reportPathProblem(path);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it.each([['reports.path'], ['incoming.reports.path']])(
    'the schema refuses what the rule refuses, at %s (so check --config and the app agree)',
    (key) => {
      const raw =
        key === 'reports.path'
          ? { reports: { path: '.github/workflows/{slug}.yml' } }
          : { incoming: { reports: { path: '../{slug}.md' } } };
      const { errors, config } = parseConfig(raw);
      expect(errors).toEqual([{ path: key, message: expect.stringMatching(/must/) }]);
      expect(config.reports.path).toBe('reports/{date}-{slug}.md');
    },
  );

  it.each<[string, boolean]>([
    ['reports/2026-01-01-db-outage.md', true],
    ['reports/../x.md', false],
    ['.github/x.md', false],
    ['reports/x.js', false],
    ['reports//x.md', false],
  ])('a filled-in path %j is fine: %s', (path, ok) => {
    expect(filledReportPathProblem(path) === null).toBe(ok);
  });
});

// Finding 2: private text reaching more public places.
describe('visibility', () => {
  it('ranks private < internal < public, unknown as private', () => {
    expect([
      visibilityRank('private'),
      visibilityRank('internal'),
      visibilityRank('public'),
      visibilityRank(null),
    ]).toEqual([0, 1, 2, 0]);
    expect(visibilityOfRepo({ visibility: 'internal', private: true })).toBe('internal');
    expect(visibilityOfRepo({ private: false })).toBe('public');
    expect(visibilityOfRepo({})).toBe('private');
  });

  const V: Visibility[] = ['private', 'internal', 'public'];
  const table: Array<[Visibility, Visibility, MorePublicOptIn, boolean]> = [];
  for (const from of V) {
    for (const to of V) {
      for (const optIn of [false, 'internal', 'public'] as MorePublicOptIn[]) {
        const up = V.indexOf(to) > V.indexOf(from);
        const reach = optIn === 'public' ? 2 : optIn === 'internal' ? 1 : 0;
        table.push([from, to, optIn, !up || V.indexOf(to) <= reach]);
      }
    }
  }
  it.each(table)('%s -> %s with opt-in %s: allowed %s', (from, to, optIn, allowed) => {
    const move = mayMoveText({ from, to, optIn, what: 'The follow-up issue' });
    expect(move.allowed).toBe(allowed);
    if (!allowed)
      expect(move.reason).toMatch(
        new RegExp(
          `The follow-up issue was not written: it comes from a ${from} repository and the destination is ${to}\\. Set \`visibility\\.allow_more_public`,
        ),
      );
  });

  it('private -> internal is not allowed by default (internal is not "safe")', () => {
    expect(mayMoveText({ from: 'private', to: 'internal', optIn: false }).allowed).toBe(false);
  });

  it('an unknown destination counts as public, an unknown source as private', () => {
    expect(mayMoveText({ from: 'internal', to: null, optIn: 'internal' }).allowed).toBe(false);
    expect(mayMoveText({ from: null, to: 'internal', optIn: false }).allowed).toBe(false);
    expect(mayMoveText({ from: 'public', to: null, optIn: false }).allowed).toBe(true);
  });

  it('keeps the old reports.allow_private_to_public as an alias of public', () => {
    expect(morePublicOptInOf({ allowMorePublic: false, legacyAllowPrivateToPublic: true })).toBe('public');
    expect(morePublicOptInOf({ allowMorePublic: 'internal', legacyAllowPrivateToPublic: false })).toBe('internal');
    expect(morePublicOptInOf({ allowMorePublic: false, legacyAllowPrivateToPublic: false })).toBe(false);
    expect(morePublicOptInFrom(parseConfig({ reports: { allow_private_to_public: true } }).config)).toBe('public');
    expect(morePublicOptInFrom(parseConfig({ visibility: { allow_more_public: 'internal' } }).config)).toBe('internal');
    expect(parseConfig({ visibility: { allow_more_public: true } }).errors).toEqual([
      { path: 'visibility.allow_more_public', message: 'must be false, internal or public' },
    ]);
  });

  it('leaves cross-references from less public repositories out of a more public report', () => {
    const references = [
      { title: 'Fix in the private service', visibility: 'private' as const },
      { title: 'Internal runbook change', visibility: 'internal' as const },
      { title: 'Public status page', visibility: 'public' as const },
      { title: 'Unknown', visibility: null },
    ];
    expect(crossReferencesFor({ references, reportVisibility: 'public', optIn: false })).toEqual({
      kept: [references[2]],
      omitted: 3,
    });
    expect(
      crossReferencesFor({ references, reportVisibility: 'internal', optIn: false }).kept.map((r) => r.title),
    ).toEqual(['Internal runbook change', 'Public status page']);
    expect(crossReferencesFor({ references, reportVisibility: 'private', optIn: false }).omitted).toBe(0);
    expect(crossReferencesFor({ references, reportVisibility: 'public', optIn: 'public' }).omitted).toBe(0);
  });
});

// Finding 6: comment floods from tiny intervals.
describe('minimum intervals', () => {
  it("the floor is five minutes and clamps what the schema cannot refuse (a step's interval in the body)", () => {
    expect(MIN_RECURRING_MINUTES).toBe(5);
    const settings = settingsOf();
    const everyOf = (interval: string) =>
      evaluateAt({
        issue: issueSnapshot({ body: `- [ ] Post an update \`every ${interval}\`\n` }),
        settings,
        now: minutesAfter(1),
      }).steps.map((s) => s.deadline?.everyMinutes ?? null);
    expect(['1 sec', '1 min', '4 min', '5 min', '30 min'].map(everyOf)).toEqual([[5], [5], [5], [5], [30]]);
  });

  it.each<[string, unknown, string]>([
    ['repeat immediately', { reminders: { repeat: 'immediately' } }, 'reminders.repeat'],
    ['repeat 0m', { reminders: { repeat: '0m' } }, 'reminders.repeat'],
    ['repeat 1s', { reminders: { repeat: '1s' } }, 'reminders.repeat'],
    ['repeat 4m', { reminders: { repeat: '4m' } }, 'reminders.repeat'],
    ['status every 1s', { status_updates: { every: { high: '1s' } } }, 'status_updates.every.high'],
    ['status every 0', { status_updates: { every: { high: 'now' } } }, 'status_updates.every.high'],
    [
      'recurring rule every 1 sec',
      { deadlines: [{ match: 'update', deadline: 'every 1 sec' }] },
      'deadlines[0].deadline',
    ],
    [
      'recurring rule every 0 min',
      { deadlines: [{ match: 'update', deadline: 'every 0 min' }] },
      'deadlines[0].deadline',
    ],
  ])('refuses %s with the limit explained', (_name, raw, path) => {
    expect(parseConfig(raw).errors).toEqual([{ path, message: expect.stringMatching(/at least 5m: .*flood/) }]);
  });

  it.each<[string, unknown]>([
    ['repeat 5m', { reminders: { repeat: '5m' } }],
    ['repeat false', { reminders: { repeat: false } }],
    ['status every 30m', { status_updates: { every: { high: '30m' } } }],
    ['recurring rule every 30 min', { deadlines: [{ match: 'update', deadline: 'every 30 min' }] }],
    ['one-off rule immediately', { deadlines: [{ match: 'page', deadline: 'immediately' }] }],
    ['one-off rule 1-2 days', { deadlines: [{ match: 'review', deadline: '1-2 days' }] }],
  ])('accepts %s', (_name, raw) => {
    expect(parseConfig(raw).errors).toEqual([]);
  });
});

// Finding 8: `_extends` is the loader's business (same owner only, see test/integration/config-loading.test.ts); the schema ignores a string value.
describe('_extends in a checked file', () => {
  it('is not an unknown key when it is a string, and must be one', () => {
    expect(parseConfig({ _extends: '.github', reminders: { grace: '10m' } })).toEqual({
      config: expect.objectContaining({ reminders: expect.objectContaining({ grace: '10m' }) }),
      errors: [],
    });
    expect(parseConfig({ _extends: ['a', 'b'] }).errors).toEqual([
      { path: '_extends', message: expect.stringMatching(/must be a string/) },
    ]);
  });
});
