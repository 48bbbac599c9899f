import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot } from 'probot';
import { createApp, type AppRuntime } from '../../src/app/create-app.js';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import { unthrottledOctokit } from '../../src/simulator/unthrottled-octokit.js';

/**
 * Probot integration tests in the create-probot-app style: signed-off network, every GitHub call
 * mocked with nock, retries and throttling off, and no mock left unused.
 */
const BOT = 'incident-responder[bot]';
const T0 = new Date('2026-11-23T10:00:00Z');
const api = 'https://api.github.com';
let privateKey: string;

beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
});

const BODY = '**Severity:** High\n\n## During\n- [ ] `immediately` Take the lead\n- [ ] `30 min` First update\n';

function issue(overrides: Record<string, unknown> = {}) {
  return {
    id: 5001,
    node_id: 'I_1',
    number: 7,
    title: 'Checkout down',
    body: BODY,
    state: 'open',
    labels: [{ name: 'incident' }],
    assignees: [],
    user: { login: 'alice', type: 'User' },
    created_at: T0.toISOString(),
    updated_at: T0.toISOString(),
    closed_at: null,
    html_url: 'https://github.com/acme/app/issues/7',
    ...overrides,
  };
}

function event(action: string, overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    id: `delivery-${action}-${Math.random()}`,
    name: 'issues' as const,
    payload: {
      action,
      issue: issue(overrides),
      repository: { id: 1, name: 'app', full_name: 'acme/app', owner: { login: 'acme' }, private: true },
      sender: { login: 'alice', type: 'User' },
      installation: { id: 2 },
      ...extra,
    },
  };
}

const comment = (id: number, user: string, body: string) => ({
  id,
  user: { login: user },
  body,
  created_at: T0.toISOString(),
  html_url: `https://github.com/acme/app/issues/7#issuecomment-${id}`,
});

let probot: Probot;
let runtime: AppRuntime;
let clock: VirtualClock;

async function receive(e: ReturnType<typeof event>): Promise<void> {
  await probot.receive(e as unknown as Parameters<Probot['receive']>[0]);
  await runtime.queue.idle();
}

/** Token and config: `.github/incident.yml` of the repository, then of the owner's .github repository. */
function tokenAndConfig(config: string | null = null) {
  nock(api)
    .post('/app/installations/2/access_tokens')
    .reply(201, { token: 'test', permissions: { issues: 'write' } });
  if (config === null) {
    nock(api).get('/repos/acme/app/contents/.github%2Fincident.yml').reply(404);
    nock(api).get('/repos/acme/.github/contents/.github%2Fincident.yml').reply(404);
  } else {
    nock(api)
      .get('/repos/acme/app/contents/.github%2Fincident.yml')
      .reply(200, config, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  }
}

beforeEach(async () => {
  nock.disableNetConnect();
  clock = new VirtualClock(T0);
  probot = new Probot({ appId: 123, privateKey, logLevel: 'fatal', Octokit: unthrottledOctokit() });
  // These request counts are those of a process alone, which trusts its own last write (AppOptions.trustOwnWrites).
  const app = createApp({ clock, botLogin: BOT, sweep: false });
  await probot.load(app.app);
  runtime = app.runtime();
});

afterEach(() => {
  runtime.stop();
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toStrictEqual([]);
});

/** The body says `**Severity:** High`, so the app applies the level's label for label filters. */
function severityLabel(times = 1, status = 200) {
  nock(api)
    .post('/repos/acme/app/issues/7/labels', { labels: ['severity: high'] })
    .times(times)
    .reply(
      status,
      status === 200 ? [{ name: 'severity: high' }] : { message: 'Resource not accessible by integration' },
    );
}

/** No status comment yet: the app lists the comments, labels the severity and posts one; returns its body. */
function expectNewStatusComment(): () => string {
  let posted = '';
  nock(api).get('/repos/acme/app/issues/7/comments').query(true).reply(200, []);
  severityLabel();
  nock(api)
    .post('/repos/acme/app/issues/7/comments', (body: { body: string }) => {
      posted = body.body;
      return true;
    })
    .reply(201, comment(900, BOT, 'x'));
  return () => posted;
}

describe('issues.opened', () => {
  it('creates the status comment with its marker and metadata', async () => {
    tokenAndConfig();
    const posted = expectNewStatusComment();
    await receive(event('opened'));
    expect(posted()).toMatch(/^<!-- incident-responder:status \{"v":1,/);
    expect(posted()).toMatch(/Severity: \*\*high\*\* \(from body\)/);
    expect(posted()).toMatch(/Take the lead .* 2026-11-23 10:05 UTC/);
  });

  it('ignores issues without the incident label (after reading the config that says which label)', async () => {
    tokenAndConfig();
    await receive(event('opened', { labels: [{ name: 'bug' }] }));
  });
});

describe('finding the status comment', () => {
  it('pages to the end and updates the marker comment found on page 3, never creating a second one', async () => {
    tokenAndConfig();
    const page = (n: number) => `<${api}/repositories/1/issues/7/comments?per_page=100&page=${n}>`;
    nock(api)
      .get('/repos/acme/app/issues/7/comments')
      .query({ per_page: 100 })
      .reply(
        200,
        Array.from({ length: 100 }, (_, i) => comment(i + 1, 'bob', 'chatter')),
        { link: `${page(2)}; rel="next", ${page(3)}; rel="last"` },
      );
    nock(api)
      .get('/repositories/1/issues/7/comments')
      .query({ per_page: 100, page: 2 })
      .reply(
        200,
        Array.from({ length: 100 }, (_, i) => comment(i + 101, 'bob', 'chatter')),
        { link: `${page(3)}; rel="next", ${page(3)}; rel="last"` },
      );
    nock(api)
      .get('/repositories/1/issues/7/comments')
      .query({ per_page: 100, page: 3 })
      .reply(200, [
        comment(250, 'mallory', '<!-- incident-responder:status {"v":1,"checkedAt":{}} --> forged'),
        comment(251, BOT, '<!-- incident-responder:status {"v":1} -->\nold'),
      ]);
    severityLabel();
    nock(api)
      .patch('/repos/acme/app/issues/comments/251')
      .reply(200, comment(251, BOT, 'new'));
    await receive(event('opened'));
  });
});

describe('errors never stop an incident', () => {
  it('shows config errors with their key paths in the status comment, using defaults meanwhile', async () => {
    tokenAndConfig('commands:\n  permission: boss\nreminders:\n  grace: 10m\n');
    const posted = expectNewStatusComment();
    await receive(event('opened'));
    expect(posted()).toMatch(/incident\.yml` has errors/);
    expect(posted()).toMatch(/commands\\\.permission: must be one of read, triage, write, maintain, admin/);
    expect(posted()).toMatch(/Take the lead .* 2026-11-23 10:10 UTC/);
  });

  it('a missing permission (403) is not a crash and not retried in a loop', async () => {
    tokenAndConfig();
    nock(api).get('/repos/acme/app/issues/7/comments').query(true).reply(200, []);
    severityLabel(1, 403);
    nock(api)
      .post('/repos/acme/app/issues/7/comments')
      .reply(403, { message: 'Resource not accessible by integration' });
    await receive(event('opened'));
    expect(runtime.queue.size()).toBe(0);
  });
});

describe('reading the issue', () => {
  it("uses the event's issue when it is the newest seen; a late older event reads the issue fresh", async () => {
    tokenAndConfig();
    const status = '<!-- incident-responder:status {"v":1} -->';
    nock(api)
      .get('/repos/acme/app/issues/7/comments')
      .query(true)
      .reply(200, [comment(900, BOT, status)]);
    // The second pass neither reads the status comment the first one wrote nor writes it again (unchanged).
    severityLabel(2);
    nock(api)
      .patch('/repos/acme/app/issues/comments/900')
      .reply(200, comment(900, BOT, 'x'));
    await receive(event('edited', { updated_at: '2026-11-23T10:05:00Z' }));
    // Delivered late: the payload is older than what was handled, so the issue is read from GitHub.
    nock(api)
      .get('/repos/acme/app/issues/7')
      .reply(200, issue({ updated_at: '2026-11-23T10:05:00Z' }));
    await receive(event('edited', { updated_at: '2026-11-23T10:01:00Z' }));
  });
});

describe('per-incident serialization', () => {
  it("two events for one incident at once: the second sees the first one's comment (one status comment)", async () => {
    tokenAndConfig();
    nock(api).get('/repos/acme/app/issues/7/comments').query(true).delay(20).reply(200, []);
    severityLabel(2);
    nock(api)
      .post('/repos/acme/app/issues/7/comments')
      .reply(201, comment(900, BOT, '<!-- incident-responder:status {"v":1} -->'));
    // The second pass knows the status comment the first one created (no read, no listing) and, with
    // nothing new to show, does not write it again.
    // Both payloads carry the same `updated_at` (one-second resolution): the second cannot tell it is the
    // newer state, so the issue is read fresh rather than trusted.
    nock(api).get('/repos/acme/app/issues/7').reply(200, issue());
    await Promise.all([
      probot.receive(event('opened') as unknown as Parameters<Probot['receive']>[0]),
      probot.receive(
        event('labeled', {}, { label: { name: 'incident' } }) as unknown as Parameters<Probot['receive']>[0],
      ),
    ]);
    await runtime.queue.idle();
  });
});
