import { describe, expect, it } from '@jest/globals';
import { jobOf } from '../../src/action/event.js';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { jobSummary } from '../../src/action/job-summary.js';
import type { ActionSummary } from '../../src/action/run-action.js';
import { isWrite } from '../../src/github/write-count.js';
import { marker } from '../../src/domain/incident/markers.js';

const repository = { owner: 'acme', repo: 'shop' };
const BOT = 'github-actions[bot]';
const user = (login: string, type = 'User') => ({ login, type });
const issue = (extra: Record<string, unknown> = {}) => ({
  number: 7,
  body: 'x',
  user: user('alice'),
  updated_at: '2026-11-23T10:05:00Z',
  ...extra,
});
const comment = (body: string, author = user('alice')) => ({
  id: 42,
  body,
  user: author,
  created_at: '2026-11-23T10:06:00Z',
});
const followUpBody = marker('follow-up', { incident: 'acme/shop#3', item: 'abc' });
const reportBody = `${marker('report', { incident: 'acme/shop#3' })}\nThe incident report of acme/shop#3.`;

describe('jobOf: a workflow event -> the job (the trigger the App builds for the same webhook)', () => {
  it.each<[string, string, unknown, unknown]>([
    [
      'issues.opened',
      'issues',
      { action: 'opened', issue: issue() },
      {
        kind: 'incident',
        target: { ...repository, number: 7 },
        trigger: { bodyFrom: null, opened: true, at: new Date('2026-11-23T10:05:00Z'), earlierEdits: [] },
      },
    ],
    [
      'issues.edited with the old body',
      'issues',
      { action: 'edited', issue: issue(), changes: { body: { from: 'old' } } },
      { kind: 'incident', trigger: { bodyFrom: 'old', opened: false } },
    ],
    [
      'issues.edited, title only',
      'issues',
      { action: 'edited', issue: issue(), changes: { title: { from: 'T' } } },
      { kind: 'incident', trigger: { bodyFrom: null } },
    ],
    ['issues.closed', 'issues', { action: 'closed', issue: issue() }, { kind: 'incident', target: { number: 7 } }],
    ['issues.unassigned', 'issues', { action: 'unassigned', issue: issue() }, { kind: 'incident' }],
    ['issues.milestoned', 'issues', { action: 'milestoned', issue: issue() }, { kind: 'skip' }],
    [
      'a follow-up the bot opened, closed',
      'issues',
      { action: 'closed', issue: issue({ body: followUpBody, user: user(BOT, 'Bot') }) },
      {
        kind: 'incident',
        target: { owner: 'acme', repo: 'shop', number: 3 },
        trigger: { followUp: { item: 'abc', state: 'closed' } },
      },
    ],
    [
      'a follow-up the bot opened, reopened',
      'issues',
      { action: 'reopened', issue: issue({ body: followUpBody, user: user(BOT, 'Bot') }) },
      { kind: 'incident', trigger: { followUp: { item: 'abc', state: 'open' } } },
    ],
    [
      'a look-alike follow-up by another bot is an ordinary issue',
      'issues',
      { action: 'closed', issue: issue({ body: followUpBody, user: user('other[bot]', 'Bot') }) },
      { kind: 'incident', target: { number: 7 }, trigger: { bodyFrom: null } },
    ],
    [
      'a command comment',
      'issue_comment',
      { action: 'created', issue: issue(), comment: comment('/incident lead @bob') },
      {
        kind: 'incident',
        target: { number: 7 },
        trigger: {
          at: new Date('2026-11-23T10:06:00Z'),
          comment: {
            id: 42,
            body: '/incident lead @bob',
            author: 'alice',
            authorType: 'User',
            createdAt: '2026-11-23T10:06:00Z',
          },
        },
      },
    ],
    [
      'a comment with no command line',
      'issue_comment',
      { action: 'created', issue: issue(), comment: comment('looking into it') },
      { kind: 'skip' },
    ],
    [
      "a bot's comment",
      'issue_comment',
      { action: 'created', issue: issue(), comment: comment('/incident resolved', user(BOT, 'Bot')) },
      { kind: 'skip' },
    ],
    [
      'a comment on a pull request',
      'issue_comment',
      { action: 'created', issue: issue({ pull_request: {} }), comment: comment('/incident resolved') },
      { kind: 'skip' },
    ],
    [
      'an edited comment',
      'issue_comment',
      { action: 'edited', issue: issue(), comment: comment('/incident resolved') },
      { kind: 'skip' },
    ],
    ['schedule', 'schedule', { schedule: '*/15 * * * *' }, { kind: 'sweep' }],
    ['workflow_dispatch', 'workflow_dispatch', { inputs: {} }, { kind: 'sweep' }],
    ['push', 'push', {}, { kind: 'skip' }],
    [
      "the app's report pull request merged: the index pass",
      'pull_request',
      { action: 'closed', number: 9, pull_request: { merged: true, body: reportBody, user: user(BOT, 'Bot') } },
      { kind: 'index', reportsRepo: repository, incident: { owner: 'acme', repo: 'shop', number: 3 } },
    ],
    [
      'a report pull request closed without merging',
      'pull_request',
      { action: 'closed', number: 9, pull_request: { merged: false, body: reportBody, user: user(BOT, 'Bot') } },
      { kind: 'skip' },
    ],
    [
      "a person's merged pull request with a copied report marker",
      'pull_request',
      { action: 'closed', number: 9, pull_request: { merged: true, body: reportBody, user: user('mallory') } },
      { kind: 'skip' },
    ],
  ])('%s', (_name, eventName, payload, expected) => {
    expect(jobOf({ eventName, payload, repository, botLogin: BOT })).toMatchObject(expected as Record<string, unknown>);
  });
});

describe('readInputs', () => {
  const base = {
    GITHUB_EVENT_NAME: 'issues',
    GITHUB_EVENT_PATH: '/tmp/e.json',
    GITHUB_REPOSITORY: 'acme/shop',
    INPUT_TOKEN: 't1',
  };

  it('reads GitHub’s environment and the inputs, with defaults', () => {
    expect(readInputs(base)).toEqual({
      eventName: 'issues',
      eventPath: '/tmp/e.json',
      repository,
      apiUrl: 'https://api.github.com',
      token: 't1',
      configPath: '.github/incident.yml',
      botLogin: null,
      dryRun: false,
      signingKey: null,
      maxWrites: 50,
      serverUrl: 'https://github.com',
    });
    expect(
      readInputs({
        ...base,
        GITHUB_API_URL: 'https://ghe.example/api/v3',
        INPUT_CONFIG: 'ops/incident.yml',
        'INPUT_BOT-LOGIN': 'x[bot]',
        'INPUT_DRY-RUN': 'True',
        'INPUT_SIGNING-KEY': 's3cret',
        'INPUT_MAX-WRITES': '7',
        GITHUB_SERVER_URL: 'https://ghe.example',
      }),
    ).toMatchObject({
      signingKey: 's3cret',
      apiUrl: 'https://ghe.example/api/v3',
      configPath: 'ops/incident.yml',
      botLogin: 'x[bot]',
      dryRun: true,
      maxWrites: 7,
      serverUrl: 'https://ghe.example',
    });
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['the token falls back to GITHUB_TOKEN', { ...base, INPUT_TOKEN: '', GITHUB_TOKEN: 't2' }, 't2'],
    ['an input token wins over GITHUB_TOKEN', { ...base, GITHUB_TOKEN: 't2' }, 't1'],
  ])('%s', (_name, env, token) => {
    expect(readInputs(env).token).toBe(token);
  });

  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    ['no token', { ...base, INPUT_TOKEN: '' }, /no token/],
    ['no event name', { ...base, GITHUB_EVENT_NAME: '' }, /GITHUB_EVENT_NAME is not set/],
    ['a malformed repository', { ...base, GITHUB_REPOSITORY: 'shop' }, /owner\/name/],
    ['a dry-run that is not a boolean', { ...base, 'INPUT_DRY-RUN': 'yes' }, /dry-run must be true or false/],
    ['a max-writes of 0', { ...base, 'INPUT_MAX-WRITES': '0' }, /max-writes must be a whole number of at least 1/],
    ['a max-writes that is not a number', { ...base, 'INPUT_MAX-WRITES': '5x' }, /not "5x"/],
    ['a negative max-writes', { ...base, 'INPUT_MAX-WRITES': '-3' }, /max-writes must be/],
  ])('%s: a clear error', (_name, env, message) => {
    expect(() => readInputs(env)).toThrow(InputError);
    expect(() => readInputs(env)).toThrow(message);
  });
});

describe('isWrite: what max-writes counts', () => {
  it.each<[string, { method: string; url: string; query?: unknown }, boolean]>([
    ['a read', { method: 'GET', url: '/repos/a/b/issues/1' }, false],
    ['a comment', { method: 'POST', url: '/repos/a/b/issues/1/comments' }, true],
    ['an edit', { method: 'PATCH', url: '/repos/a/b/issues/comments/2' }, true],
    ['a removed label', { method: 'DELETE', url: '/repos/a/b/issues/1/labels/x' }, true],
    [
      'a GraphQL query',
      { method: 'POST', url: 'https://api.github.com/graphql', query: 'query { viewer { login } }' },
      false,
    ],
    ['a GraphQL mutation', { method: 'POST', url: '/graphql', query: ' mutation { x }' }, true],
  ])('%s', (_name, request, expected) => {
    expect(isWrite(request)).toBe(expected);
  });
});

describe('the job summary', () => {
  const summary: ActionSummary = {
    incidents: 2,
    maintenance: 1,
    comments: 3,
    warnings: 1,
    followUps: 0,
    reportPr: null,
    failures: [{ number: 9, error: new Error('no <b>|`x`\n@team') }],
    passes: [
      { number: 4, comments: 2, warnings: 1, followUps: 0, reportPr: null },
      { number: 7, comments: 1, warnings: 0, followUps: 0, reportPr: 'https://github.com/acme/reports/pull/3' },
      { number: 5, maintenance: true, comments: 0, warnings: 0, followUps: 0, reportPr: null },
    ],
    writes: 51,
    stopped: { maxWrites: 50, left: [8, 9] },
  };
  const text = jobSummary({
    summary,
    eventName: 'schedule',
    repository,
    serverUrl: 'https://github.com/',
    dryRun: false,
    describe: (error) => (error as Error).message,
  });

  it('has a row per incident, the writes, and where it stopped', () => {
    expect(text).toContain('Event `schedule`: 2 incident(s), 1 maintenance window(s), 51 write(s) to GitHub.');
    expect(text).toContain('| [#5](https://github.com/acme/shop/issues/5) (maintenance window) | 0 | 0 | 0 |  |');
    expect(text).toContain('| [#4](https://github.com/acme/shop/issues/4) | 2 | 1 | 0 |  |');
    expect(text).toContain(
      '| [#7](https://github.com/acme/shop/issues/7) | 1 | 0 | 0 | [pull request](https://github.com/acme/reports/pull/3) |',
    );
    expect(text).toContain(
      '**Stopped at `max-writes` (50)**: 2 incident(s) left for the next run, which continues with them: [#8](https://github.com/acme/shop/issues/8), [#9](https://github.com/acme/shop/issues/9).',
    );
  });

  it('without a maintenance window, says nothing of them', () => {
    const none = jobSummary({
      summary: { ...summary, maintenance: 0, passes: summary.passes.filter((p) => !p.maintenance) },
      eventName: 'schedule',
      repository,
      serverUrl: 'https://github.com/',
      dryRun: false,
      describe: (error) => (error as Error).message,
    });
    expect(none).toContain('Event `schedule`: 2 incident(s), 51 write(s) to GitHub.');
    expect(none).not.toContain('maintenance');
  });

  it('shows a failure message as text: no HTML, no table break, no mention, one line', () => {
    expect(text).toContain('- [#9](https://github.com/acme/shop/issues/9): no &lt;b&gt;\\|\\`x\\` \\@team');
  });
});
