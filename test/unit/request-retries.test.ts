import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import { productionOctokit } from '../../src/github/octokit-class.js';
import { requestRetries } from '../../src/github/request-retries.js';
import { retryAfterFailure, type FailedRequest, type RetryDecision } from '../../src/github/retry-policy.js';

const NOW = Date.parse('2026-12-06T00:00:00Z');
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

const failed = (over: Partial<FailedRequest>): FailedRequest => ({
  method: 'GET',
  path: '/repos/{owner}/{repo}/issues/{issue_number}',
  status: 502,
  message: 'Bad Gateway',
  headers: {},
  data: undefined,
  rateLimitRetries: 0,
  errorRetries: 0,
  errorRetriesAllowed: 3,
  now: NOW,
  ...over,
});

describe('retryAfterFailure', () => {
  const cases: Array<[string, Partial<FailedRequest>, RetryDecision]> = [
    ['a 502 on a read: retried after 1 unit', {}, { kind: 'error', retry: true, backoffUnits: 1 }],
    ['the second retry waits 4 units', { errorRetries: 1 }, { kind: 'error', retry: true, backoffUnits: 4 }],
    ['the third waits 9', { errorRetries: 2 }, { kind: 'error', retry: true, backoffUnits: 9 }],
    ['no fourth', { errorRetries: 3 }, { kind: 'final', retry: false }],
    ['none when the request asks for none', { errorRetriesAllowed: 0 }, { kind: 'final', retry: false }],
    [
      'a reset or timeout (a RequestError of status 500) on a read',
      { status: 500, message: 'fetch failed' },
      { kind: 'error', retry: true, backoffUnits: 1 },
    ],
    [
      'an edit is idempotent',
      { method: 'PATCH', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}' },
      { kind: 'error', retry: true, backoffUnits: 1 },
    ],
    [
      'labels added are idempotent',
      { method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/labels' },
      { kind: 'error', retry: true, backoffUnits: 1 },
    ],
    [
      'a comment created is not resent (its answer may be what was lost)',
      { method: 'POST', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments' },
      { kind: 'final', retry: false },
    ],
    [
      'a GraphQL query is resent',
      { method: 'POST', path: '/graphql', query: 'query { viewer { login } }' },
      { kind: 'error', retry: true, backoffUnits: 1 },
    ],
    [
      'a GraphQL mutation is not',
      { method: 'POST', path: '/graphql', query: ' mutation { addStar }' },
      { kind: 'final', retry: false },
    ],
    ...[400, 401, 403, 404, 410, 422, 451].map((status): [string, Partial<FailedRequest>, RetryDecision] => [
      `a ${status} is refused, never resent`,
      { status, message: 'Refused' },
      { kind: 'final', retry: false },
    ]),
    [
      'a 429 without a rate-limit sign is resent as a failure',
      { status: 429, message: 'Too Many Requests' },
      { kind: 'error', retry: true, backoffUnits: 1 },
    ],
    ['not a GitHub answer (an abort, a bug)', { status: undefined }, { kind: 'final', retry: false }],
    [
      'a secondary limit with retry-after: that long, even for a comment created (GitHub did not apply it)',
      {
        method: 'POST',
        path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
        status: 403,
        message: SECONDARY,
        headers: { 'retry-after': '30' },
      },
      { kind: 'rate-limit', limit: 'Secondary', seconds: 30, retry: true },
    ],
    [
      'a secondary limit without retry-after: a minute',
      { status: 429, message: SECONDARY },
      { kind: 'rate-limit', limit: 'Secondary', seconds: 60, retry: true },
    ],
    [
      'a secondary limit asking for more than two minutes: given up',
      { status: 403, message: SECONDARY, headers: { 'retry-after': '121' } },
      { kind: 'rate-limit', limit: 'Secondary', seconds: 121, retry: false },
    ],
    [
      'a third rate limit: given up',
      { status: 403, message: SECONDARY, headers: { 'retry-after': '1' }, rateLimitRetries: 2 },
      { kind: 'rate-limit', limit: 'Secondary', seconds: 1, retry: false },
    ],
    [
      'a primary limit: until the reset, and a second more',
      {
        status: 403,
        message: 'API rate limit exceeded',
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) },
      },
      { kind: 'rate-limit', limit: 'Primary', seconds: 31, retry: true },
    ],
    [
      'a primary limit resetting in an hour: given up',
      {
        status: 429,
        message: 'API rate limit exceeded',
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) },
      },
      { kind: 'rate-limit', limit: 'Primary', seconds: 3601, retry: false },
    ],
    [
      "GraphQL's RATE_LIMITED",
      {
        method: 'POST',
        path: '/graphql',
        status: 403,
        message: 'limited',
        headers: { 'x-ratelimit-reset': String(NOW / 1000 + 5) },
        data: { errors: [{ type: 'RATE_LIMITED' }] },
      },
      { kind: 'rate-limit', limit: 'Primary', seconds: 6, retry: true },
    ],
    [
      'a 403 with requests left is a refusal, not a limit',
      { status: 403, message: 'Resource not accessible by integration', headers: { 'x-ratelimit-remaining': '4999' } },
      { kind: 'final', retry: false },
    ],
  ];
  it.each(cases)('%s', (_name, over, expected) => {
    expect(retryAfterFailure(failed(over))).toEqual(expected);
  });
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** One scripted answer: a status, headers, a message. */
type Answer = { status: number; headers?: Record<string, string>; message?: string } | 'reset';

/** An Octokit with only the plugin under test (Probot's retry and throttling off), answering from a script. */
function scripted(answers: Answer[], backoffUnitMs = 1_000) {
  const sent: Array<{ method: string; url: string; at: number }> = [];
  const warnings: string[] = [];
  const fetch = async (url: string, init: { method: string; signal?: AbortSignal | null }): Promise<Response> => {
    if (init.signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
    sent.push({ method: init.method, url, at: Date.now() });
    const answer = answers.shift() ?? { status: 200 };
    if (answer === 'reset') throw Object.assign(new TypeError('fetch failed'), { cause: new Error('ECONNRESET') });
    const body = answer.status === 204 ? null : JSON.stringify({ message: answer.message ?? 'ok' });
    return new Response(body, {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
  const Octokit = ProbotOctokit.plugin(requestRetries);
  const octokit = new Octokit({
    auth: { token: 'ghs_test' },
    request: { fetch },
    retry: { enabled: false },
    throttle: { enabled: false },
    requestRetries: { backoffUnitMs },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: () => undefined,
    },
  } as never);
  return { octokit, sent, warnings };
}

const settle = async <T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> => {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await jest.runAllTimersAsync();
  return outcome;
};

const fakeTime = (): void => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
};

describe('requestRetries (the Octokit plugin)', () => {
  beforeEach(fakeTime);
  afterEach(() => {
    jest.useRealTimers();
  });

  it('resends a read after a 502 and a reset, waiting 1 then 4 units', async () => {
    const { octokit, sent } = scripted([{ status: 502 }, 'reset', { status: 200 }]);
    const { value } = await settle(octokit.request('GET /repos/{owner}/{repo}', { owner: 'a', repo: 'b' }));
    expect((value as { status: number }).status).toBe(200);
    expect(sent.map((s) => s.at - NOW)).toEqual([0, 1_000, 5_000]);
  });

  it('gives up after three retries, with the last failure', async () => {
    const { octokit, sent } = scripted(Array.from({ length: 5 }, () => ({ status: 503 })));
    const { error } = await settle(octokit.request('GET /repos/{owner}/{repo}', { owner: 'a', repo: 'b' }));
    expect((error as { status: number }).status).toBe(503);
    expect(sent).toHaveLength(4);
  });

  it('never resends a comment created after a 502 (the control: an edit is resent)', async () => {
    const create = scripted([{ status: 502 }], 1);
    const { error } = await settle(
      create.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: 'a',
        repo: 'b',
        issue_number: 1,
        body: 'x',
      }),
    );
    expect((error as { status: number }).status).toBe(502);
    expect(create.sent).toHaveLength(1);
    const edit = scripted([{ status: 502 }], 1);
    await settle(
      edit.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        owner: 'a',
        repo: 'b',
        comment_id: 1,
        body: 'x',
      }),
    );
    expect(edit.sent).toHaveLength(2);
  });

  it('a request asking for no retries gets none', async () => {
    const { octokit, sent } = scripted([{ status: 502 }], 1);
    const { error } = await settle(octokit.request('GET /app', { request: { retries: 0 } }));
    expect((error as { status: number }).status).toBe(502);
    expect(sent).toHaveLength(1);
  });

  it("honours a secondary limit's retry-after for a comment created, and says so", async () => {
    const { octokit, sent, warnings } = scripted([
      { status: 403, message: SECONDARY, headers: { 'retry-after': '30' } },
      { status: 201 },
    ]);
    const { value } = await settle(
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner: 'a',
        repo: 'b',
        issue_number: 1,
        body: 'x',
      }),
    );
    expect((value as { status: number }).status).toBe(201);
    expect(sent.map((s) => s.at - NOW)).toEqual([0, 30_000]);
    expect(warnings).toEqual([
      'Secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments: retrying in 30 s',
    ]);
  });

  it('gives up on a third rate limit, and on a long wait, saying so', async () => {
    const limited = { status: 403, message: SECONDARY, headers: { 'retry-after': '1' } };
    const thrice = scripted([limited, limited, limited]);
    const { error } = await settle(thrice.octokit.request('GET /app'));
    expect((error as { status: number }).status).toBe(403);
    expect(thrice.sent).toHaveLength(3);
    expect(thrice.warnings.at(-1)).toBe('Secondary rate limit on GET /app: giving up for now');
    const long = scripted([
      {
        status: 429,
        message: 'API rate limit exceeded',
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 600) },
      },
    ]);
    const late = await settle(long.octokit.request('GET /app'));
    expect((late.error as { status: number }).status).toBe(429);
    expect(long.sent).toHaveLength(1);
    expect(long.warnings).toEqual(['Primary rate limit on GET /app: giving up for now']);
  });

  it('a request whose caller gave up is not resent: the wait ends with the failure', async () => {
    const { octokit, sent } = scripted([{ status: 502 }, { status: 200 }]);
    const caller = new AbortController();
    const pending = octokit.request('GET /app', { request: { signal: caller.signal } }).then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ error }),
    );
    await jest.advanceTimersByTimeAsync(500);
    caller.abort();
    const { error } = await pending;
    expect((error as { status: number }).status).toBe(502);
    expect(sent).toHaveLength(1);
  });

  it.each([Number.NaN, -1, 'three'])('a retries option of %p is not a count: three retries', async (retries) => {
    const { octokit, sent } = scripted(Array.from({ length: 6 }, () => ({ status: 503 })));
    const { error } = await settle(octokit.request('GET /app', { request: { retries } }));
    expect((error as { status: number }).status).toBe(503);
    expect(sent).toHaveLength(retries === -1 ? 1 : 4);
  });

  it('a request aborted before it is sent fails at once (Octokit makes the abort a 500: not resent)', async () => {
    const { octokit, sent } = scripted([]);
    const { error } = await settle(octokit.request('GET /app', { request: { signal: AbortSignal.abort() } }));
    expect(error).toMatchObject({ status: 500 });
    expect(sent).toHaveLength(0);
    expect(jest.now()).toBe(NOW);
  });

  it('passes a 404 through at once', async () => {
    const { octokit, sent } = scripted([{ status: 404, message: 'Not Found' }], 1);
    const { error } = await settle(octokit.request('GET /app'));
    expect((error as { status: number }).status).toBe(404);
    expect(sent).toHaveLength(1);
  });
});

describe("the app's Octokit (productionOctokit)", () => {
  beforeEach(fakeTime);
  afterEach(() => {
    jest.useRealTimers();
  });

  it("resends a failing read three times, once each: Probot's own retry and throttling are off", async () => {
    let sent = 0;
    const fetch = async (): Promise<Response> => {
      sent++;
      return new Response('{"message":"Bad Gateway"}', {
        status: 502,
        headers: { 'content-type': 'application/json' },
      });
    };
    const Octokit = productionOctokit();
    const octokit = new Octokit({ auth: { token: 'ghs_test' }, request: { fetch } } as never);
    const { error } = await settle(octokit.request('GET /repos/{owner}/{repo}', { owner: 'a', repo: 'b' }));
    expect((error as { status: number }).status).toBe(502);
    // plugin-retry left on would resend each of these attempts again (16).
    expect(sent).toBe(4);
  });

  it('gives up on a third secondary limit: plugin-throttling (which retries them without end) is off', async () => {
    let sent = 0;
    const fetch = async (): Promise<Response> => {
      sent++;
      return new Response(JSON.stringify({ message: SECONDARY }), {
        status: 403,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
      });
    };
    const Octokit = productionOctokit();
    const octokit = new Octokit({ auth: { token: 'ghs_test' }, request: { fetch }, log: quiet } as never);
    const { error } = await settle(octokit.request('GET /app'));
    expect((error as { status: number }).status).toBe(403);
    expect(sent).toBe(3);
  });
});
