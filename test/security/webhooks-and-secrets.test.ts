import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import nock from 'nock';
import { createNodeMiddleware, Probot } from 'probot';
import { createApp, type AppRuntime } from '../../src/app/create-app.js';
import { unthrottledOctokit } from '../../src/simulator/unthrottled-octokit.js';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import { checkStartup } from '../../src/runtime/startup-check.js';

const SECRET = 'a-real-webhook-secret';
const TOKEN = 'ghs_SuperSecretInstallationToken0123456789';
const BOT = 'incident-responder[bot]';
const api = 'https://api.github.com';
let privateKey: string;

beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
});

/** A logger that keeps everything it is given, fully expanded, so a leaked secret anywhere in it shows. */
function capturingLogger() {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push(`${level} ${inspect(args, { depth: 12, breakLength: Infinity, showHidden: true })}`);
    };
  const log: Record<string, unknown> = { level: 'trace' };
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace']) log[level] = record(level);
  log.child = () => log;
  return { log, lines };
}

const payload = (number = 7) => ({
  action: 'opened',
  issue: {
    id: 5001,
    node_id: 'I_1',
    number,
    title: 'Checkout down',
    body: '- [ ] `30 min` First update\n',
    state: 'open',
    labels: [{ name: 'incident' }],
    assignees: [],
    user: { login: 'alice', type: 'User' },
    created_at: '2026-11-23T10:00:00Z',
    updated_at: '2026-11-23T10:00:00Z',
    closed_at: null,
    html_url: `https://github.com/acme/app/issues/${number}`,
  },
  repository: { id: 1, name: 'app', full_name: 'acme/app', owner: { login: 'acme' }, private: true },
  sender: { login: 'alice', type: 'User' },
  installation: { id: 2 },
});

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let server: Server;
let port: number;
let runtime: AppRuntime;
let logged: string[];
/** Requests the app tried to make that no mock answered. */
let unmatched: string[];

async function post(params: { body: string; signature?: string; id: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(params.body),
      'x-github-event': 'issues',
      'x-github-delivery': params.id,
    };
    if (params.signature !== undefined) headers['x-hub-signature-256'] = params.signature;
    const req = request({ host: '127.0.0.1', port, path: '/api/github/webhooks', method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(params.body);
  });
}

function mockOpenedIncident(): void {
  nock(api)
    .post('/app/installations/2/access_tokens')
    .reply(201, { token: TOKEN, permissions: { issues: 'write' } });
  nock(api).get('/repos/acme/app/contents/.github%2Fincident.yml').reply(404);
  nock(api).get('/repos/acme/.github/contents/.github%2Fincident.yml').reply(404);
  nock(api).get('/repos/acme/app/issues/7/comments').query(true).reply(200, []);
  nock(api)
    .post('/repos/acme/app/issues/7/comments')
    .reply(201, { id: 900, body: 'x', user: { login: BOT }, created_at: '2026-11-23T10:00:00Z' });
}

beforeEach(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  unmatched = [];
  nock.emitter.on('no match', (req: { method?: string; path?: string; options?: { path?: string } }) =>
    unmatched.push(`${req.method ?? ''} ${req.path ?? req.options?.path ?? ''}`),
  );
  const { log, lines } = capturingLogger();
  logged = lines;
  const probot = new Probot({
    appId: 123,
    privateKey,
    secret: SECRET,
    log: log as never,
    Octokit: unthrottledOctokit(),
  });
  const app = createApp({ clock: new VirtualClock(new Date('2026-11-23T10:01:00Z')), botLogin: BOT, sweep: false });
  const middleware = await createNodeMiddleware(app.app, { probot });
  runtime = app.runtime();
  server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  runtime.stop();
  await new Promise((resolve) => server.close(resolve));
  nock.emitter.removeAllListeners('no match');
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('webhook signatures', () => {
  const body = JSON.stringify(payload());
  it.each([
    ['missing', undefined],
    ['wrong', sign(body, 'not-the-secret')],
    ['truncated', sign(body).slice(0, 40)],
    ['valid for another body', sign(JSON.stringify(payload(8)))],
    ['the old sha1 header only', 'sha1=0000000000000000000000000000000000000000'],
  ])('%s signature: 4xx, no API call, and the delivery id stays unused', async (_name, signature) => {
    const status = await post({ body, signature, id: 'delivery-1' });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    await runtime.queue.idle();
    expect(unmatched).toEqual([]);
    expect(runtime.queue.size()).toBe(0);

    // The same delivery id, correctly signed, is still handled: the forgery left no de-duplication entry.
    mockOpenedIncident();
    expect(await post({ body, signature: sign(body), id: 'delivery-1' })).toBeLessThan(300);
    await runtime.queue.idle();
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched).toEqual([]);
  });
});

describe('redelivery over HTTP', () => {
  it('one signed delivery 10 times in a row, then 10 times at once: handled once', async () => {
    mockOpenedIncident();
    const body = JSON.stringify(payload());
    for (let i = 0; i < 10; i++)
      expect(await post({ body, signature: sign(body), id: 'delivery-9' })).toBeLessThan(300);
    await runtime.queue.idle();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => post({ body, signature: sign(body), id: 'delivery-9' })),
    );
    expect(statuses.every((s) => s < 300)).toBe(true);
    await runtime.queue.idle();
    // Every mock answered once; a second pass would have asked for the comments again (unmatched).
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched).toEqual([]);
  });
});

describe('secrets stay out of the logs', () => {
  it('a failing job logs the error without the installation token or the private key', async () => {
    nock(api)
      .post('/app/installations/2/access_tokens')
      .reply(201, { token: TOKEN, permissions: { issues: 'write' } });
    nock(api).get('/repos/acme/app/contents/.github%2Fincident.yml').reply(404);
    nock(api).get('/repos/acme/.github/contents/.github%2Fincident.yml').reply(404);
    // GitHub keeps failing: the job runs three times (a 5xx may pass), then its last error is logged.
    nock(api).get('/repos/acme/app/issues/7/comments').query(true).times(3).reply(500, { message: 'Server Error' });
    nock(api).get('/repos/acme/app/issues/7').times(3).reply(500, { message: 'Server Error' });
    const body = JSON.stringify(payload());
    expect(await post({ body, signature: sign(body), id: 'delivery-2' })).toBeLessThan(300);
    await runtime.queue.idle();
    const all = logged.join('\n');
    // The test can fail: the error was logged, with the request that failed.
    expect(all).toMatch(/incident job failed/);
    expect(all).toMatch(/issues\/7\/comments/);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.slice(4, 24));
    const keyBody = privateKey.split('\n').slice(1, -2).join('');
    for (const line of privateKey.split('\n').slice(1, -2)) expect(all).not.toContain(line);
    expect(all).not.toContain(keyBody.slice(0, 40));
    expect(all).not.toContain(SECRET);
  });
});

describe('start-up check', () => {
  it.each<[string, Record<string, string>, RegExp[], RegExp[]]>([
    [
      'production without a webhook secret',
      { NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY: 'KEY-VALUE-123' },
      [/WEBHOOK_SECRET is not set/],
      [],
    ],
    [
      "production with Probot's fallback secret",
      { NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY: 'KEY-VALUE-123', WEBHOOK_SECRET: 'development' },
      [/Probot's well-known fallback/],
      [],
    ],
    [
      'production with a blank secret',
      { NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY_PATH: 'k.pem', WEBHOOK_SECRET: '  ' },
      [/WEBHOOK_SECRET is not set/],
      [],
    ],
    [
      'production without credentials',
      { NODE_ENV: 'production', WEBHOOK_SECRET: 's' },
      [/APP_ID is not set/, /PRIVATE_KEY \(or PRIVATE_KEY_PATH\) is not set/],
      [],
    ],
    [
      'production, complete',
      { NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY: 'KEY-VALUE-123', WEBHOOK_SECRET: 's' },
      [],
      [],
    ],
    [
      'development with credentials and no secret',
      { APP_ID: '1', PRIVATE_KEY: 'KEY-VALUE-123' },
      [],
      [/WEBHOOK_SECRET is not set.*allowed outside production/],
    ],
    ['development before registration (setup page)', {}, [], []],
    [
      'a sweep interval that is not a duration',
      { SWEEP_EVERY: 'often' },
      [/SWEEP_EVERY is "often", not a duration/],
      [],
    ],
    ['a zero sweep horizon', { SWEEP_HORIZON: '0m' }, [/SWEEP_HORIZON is "0m"/], []],
    [
      'a command recovery window that is not a duration',
      { COMMAND_RECOVERY_WINDOW: 'forever' },
      [/COMMAND_RECOVERY_WINDOW is "forever", not a duration/],
      [],
    ],
    [
      'a cross-repository entry that is not SOURCE:TARGET',
      { INCIDENT_RESPONDER_ALLOW_CROSS_REPO: 'acme/*:acme/reports */*:x/y' },
      [/INCIDENT_RESPONDER_ALLOW_CROSS_REPO: "\*\/\*:x\/y" is not SOURCE:TARGET/],
      [],
    ],
  ])('%s', (_name, env, errors, warnings) => {
    const check = checkStartup(env);
    expect(check.errors).toHaveLength(errors.length);
    errors.forEach((re, i) => expect(check.errors[i]).toMatch(re));
    expect(check.warnings).toHaveLength(warnings.length);
    warnings.forEach((re, i) => expect(check.warnings[i]).toMatch(re));
    expect(check.sweep).toEqual({
      everyMinutes: 15,
      horizonMinutes: 14 * 24 * 60,
      recoverCommandsMinutes: 3 * 24 * 60,
    });
    // Messages name variables, never their values.
    for (const message of [...check.errors, ...check.warnings])
      expect(message).not.toContain(env.PRIVATE_KEY ?? '\u0000');
  });

  it("reads the server's cross-repository allow list (none by default)", () => {
    expect(checkStartup({}).crossRepoRules).toEqual([]);
    expect(
      checkStartup({ INCIDENT_RESPONDER_ALLOW_CROSS_REPO: 'acme/*:acme/reports, acme/app:acme/tracker' })
        .crossRepoRules,
    ).toEqual([
      { source: 'acme/*', target: 'acme/reports' },
      { source: 'acme/app', target: 'acme/tracker' },
    ]);
  });

  it('reads the sweep settings', () => {
    expect(checkStartup({ SWEEP_EVERY: '5m', SWEEP_HORIZON: '30d', COMMAND_RECOVERY_WINDOW: '6h' }).sweep).toEqual({
      everyMinutes: 5,
      horizonMinutes: 30 * 24 * 60,
      recoverCommandsMinutes: 6 * 60,
    });
    for (const off of ['off', 'OFF', '0'])
      expect(checkStartup({ COMMAND_RECOVERY_WINDOW: off }).sweep.recoverCommandsMinutes).toBe(0);
  });

  it('the server refuses to start in production without a webhook secret, and says why', () => {
    const result = spawnSync(process.execPath, ['lib/server.js'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY: privateKey },
      encoding: 'utf8',
      timeout: 15_000,
      cwd: process.cwd(),
    });
    expect(result.status).toBe(1);
    // One JSON line per problem, in the shape of Probot's own log lines (pino), as every other line.
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 60,
        name: 'incident-responder',
        msg: expect.stringMatching(/^cannot start: WEBHOOK_SECRET is not set/),
      }),
    );
    expect(result.stderr + result.stdout).not.toContain(privateKey.split('\n')[1] ?? '\u0000');
  });
});
