import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { MAX_CONFIG_BYTES } from '../../src/config/load.js';
import { loadRepoConfig } from '../../src/github/config.js';
import { unthrottledOctokit } from '../../src/simulator/unthrottled-octokit.js';
import type { Octokit } from '../../src/github/octokit.js';
import { loadTargetConsent } from '../../src/github/target-consent.js';

/** Issue #12, finding 8 (config input limits) and the reading half of finding 1 (a target's consent), over nock. */

const api = 'https://api.github.com';
const RAW = { 'content-type': 'application/vnd.github.raw; charset=utf-8' };
let octokit: Octokit;

const file = (owner: string, repo: string, path = '.github%2Fincident.yml') =>
  `/repos/${owner}/${repo}/contents/${path}`;

beforeEach(() => {
  nock.disableNetConnect();
  const Client = unthrottledOctokit();
  octokit = new Client({ auth: 'test' }) as unknown as Octokit;
});

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('loadRepoConfig (the app path)', () => {
  it("reads the repository file, falling back to the owner's .github repository", async () => {
    nock(api).get(file('acme', 'app')).reply(404);
    nock(api).get(file('acme', '.github')).reply(200, 'reminders:\n  grace: 10m\n', RAW);
    const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.config.reminders.grace).toBe('10m');
  });

  it('refuses a file over 256 KiB before parsing it, and applies the defaults', async () => {
    // Valid YAML that would change the config if it were parsed.
    const big = `reminders:\n  grace: 10m\n${'#'.repeat(MAX_CONFIG_BYTES)}\n`;
    nock(api).get(file('acme', 'app')).reply(200, big, RAW);
    const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
    expect(loaded.config.reminders.grace).toBe('5m');
    expect(loaded.errors).toEqual([
      {
        path: '(root)',
        message: expect.stringMatching(
          /^acme\/app:\.github\/incident\.yml is larger than 256 KiB \(257 KiB\): the defaults apply$/,
        ),
      },
    ]);
  });

  it('follows _extends within the same owner; the nearer file wins per top-level key', async () => {
    nock(api)
      .get(file('acme', 'app'))
      .reply(200, '_extends: shared:configs/incident.yml\nreminders:\n  grace: 10m\n', RAW);
    nock(api)
      .get(file('acme', 'shared', 'configs%2Fincident.yml'))
      .reply(200, 'reminders:\n  grace: 1h\ncommands:\n  permission: write\n', RAW);
    const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.config.reminders.grace).toBe('10m');
    expect(loaded.config.commands.permission).toBe('write');
  });

  it.each([['other-org/secrets:keys.yml'], ['Other-Org/secrets']])(
    'refuses _extends to another owner (%s) without reading it',
    async (value) => {
      nock(api).get(file('acme', 'app')).reply(200, `_extends: ${value}\nreminders:\n  grace: 10m\n`, RAW);
      const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
      expect(loaded.config.reminders.grace).toBe('10m');
      expect(loaded.errors).toEqual([
        {
          path: '(root)',
          message: expect.stringMatching(
            /names a file of another owner \(other-org\); only files of acme can be extended/i,
          ),
        },
      ]);
    },
  );

  it('counts the unknown keys of an extended file instead of listing them', async () => {
    nock(api).get(file('acme', 'app')).reply(200, '_extends: infra:secret.yml\ncomands: {}\n', RAW);
    nock(api)
      .get(file('acme', 'infra', 'secret.yml'))
      .reply(
        200,
        'aws_secret_access_key: x\ndatabase_password: y\nreports:\n  prod_token_name: z\nseverity:\n  levels:\n    - name: high\n      label: "sev-one-secret-label"\n    - name: low\n      label: "SEV-ONE-SECRET-LABEL"\n',
        RAW,
      );
    const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
    const text = JSON.stringify(loaded.errors);
    for (const secret of ['aws_secret_access_key', 'database_password', 'prod_token_name', 'sev-one-secret-label'])
      expect(text).not.toContain(secret);
    expect(loaded.errors).toEqual(
      expect.arrayContaining([
        // The repository's own file is the user's: its typo is named.
        { path: 'comands', message: expect.stringMatching(/not a known key/) },
        {
          path: '(root)',
          message:
            'acme/infra:secret.yml (extended) has 3 unknown or misplaced keys; run `incident-responder check --config` on it to see which',
        },
        {
          path: 'severity.levels[1].label',
          message: expect.stringMatching(/^"…" is used by two levels \(in acme\/infra:secret\.yml\)$/),
        },
      ]),
    );
  });

  it('stops an _extends cycle', async () => {
    nock(api).get(file('acme', 'app')).reply(200, '_extends: a:x.yml\n', RAW);
    nock(api)
      .get(file('acme', 'a', 'x.yml'))
      .reply(200, '_extends: app\n', RAW);
    const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
    expect(loaded.errors).toEqual([
      { path: '(root)', message: expect.stringMatching(/_extends comes back to acme\/app:\.github\/incident\.yml/) },
    ]);
  });

  it('reports an unreadable file and keeps the defaults', async () => {
    nock(api).get(file('acme', 'app')).reply(403, { message: 'Resource not accessible by integration' });
    const loaded = await loadRepoConfig(octokit, { owner: 'acme', repo: 'app' });
    expect(loaded.config.reminders.grace).toBe('5m');
    expect(loaded.errors).toEqual([
      {
        path: '(root)',
        message: expect.stringMatching(/^acme\/app:\.github\/incident\.yml could not be read: Resource not accessible/),
      },
    ]);
  });
});

describe('loadTargetConsent', () => {
  it('found in the target repository', async () => {
    nock(api)
      .get(file('acme', 'reports'))
      .reply(
        200,
        'accepts_from: [acme/app]\nincoming:\n  reports:\n    base: main\n    path: incidents/{number}.md\n',
        RAW,
      );
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual({
      kind: 'found',
      acceptsFrom: ['acme/app'],
      file: 'acme/reports:.github/incident.yml',
      incoming: {
        reports: { base: 'main', path: 'incidents/{number}.md', labels: ['incident-report'], reviewers: [] },
        followUps: { labels: ['incident-follow-up'] },
        statusPage: { branch: 'status-page', path: 'status' },
      },
    });
  });

  // Issue #25, finding 4: the owner's shared defaults are read, but they cannot consent for another repository.
  it("found only in the owner's .github repository: no consent, and it names the shared file", async () => {
    nock(api).get(file('acme', 'reports')).reply(404);
    nock(api).get(file('acme', '.github')).reply(200, 'accepts_from: [acme/*]\n', RAW);
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual({
      kind: 'missing',
      inherited: 'acme/.github:.github/incident.yml',
    });
  });

  it('the .github repository itself consents with its own file', async () => {
    nock(api).get(file('acme', '.github')).reply(200, 'accepts_from: [acme/*]\n', RAW);
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: '.github' })).toEqual(
      expect.objectContaining({ kind: 'found', acceptsFrom: ['acme/*'], file: 'acme/.github:.github/incident.yml' }),
    );
  });

  it("its own file extending the owner's shared one consents (writing `_extends` is the opt-in)", async () => {
    nock(api).get(file('acme', 'reports')).reply(200, '_extends: .github\n', RAW);
    nock(api).get(file('acme', '.github')).reply(200, 'accepts_from: [acme/*]\n', RAW);
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual(
      expect.objectContaining({ kind: 'found', acceptsFrom: ['acme/*'], file: 'acme/reports:.github/incident.yml' }),
    );
  });

  it('missing', async () => {
    nock(api).get(file('acme', 'reports')).reply(404);
    nock(api).get(file('acme', '.github')).reply(404);
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual({ kind: 'missing' });
  });

  it('invalid: a bad pattern or an unsafe incoming path', async () => {
    nock(api)
      .get(file('acme', 'reports'))
      .reply(200, 'accepts_from: ["*/*"]\nincoming:\n  reports:\n    path: .github/workflows/{slug}.yml\n', RAW);
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual({
      kind: 'invalid',
      file: 'acme/reports:.github/incident.yml',
      errors: [
        expect.stringMatching(/^accepts_from\[0\]: /),
        expect.stringMatching(/^incoming\.reports\.path: must not be under \.github\//),
      ],
    });
  });

  it('invalid: too large', async () => {
    nock(api)
      .get(file('acme', 'reports'))
      .reply(200, `accepts_from: [acme/app]\n${'#'.repeat(MAX_CONFIG_BYTES)}`, RAW);
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual(
      expect.objectContaining({ kind: 'invalid' }),
    );
  });

  it('no access', async () => {
    nock(api).get(file('acme', 'reports')).reply(403, { message: 'Forbidden' });
    expect(await loadTargetConsent(octokit, { owner: 'acme', repo: 'reports' })).toEqual({
      kind: 'no-access',
      message: expect.stringMatching(/could not be read: Forbidden/),
    });
  });
});
