import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Octokit as RestOctokit } from '@octokit/rest';
import { countPassRequests, countRequests, PassCounter } from '../../src/github/request-metrics.js';
import type { Octokit } from '../../src/github/octokit.js';
import { noMetrics } from '../../src/metrics/metrics.js';

/**
 * Each pass counts the requests made through the Octokit it is given (request-metrics.ts), without
 * AsyncLocalStorage: passes that run at once on one client, and requests of the client outside any
 * pass, must not mix.
 */

/** A client whose GitHub answers after a turn of the timers: the comments come in two pages. */
function client(): Octokit {
  const fetch = async (url: string, init: { method?: string }): Promise<Response> => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const { pathname, searchParams } = new URL(url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (pathname.endsWith('/comments') && (init.method ?? 'GET') === 'GET' && searchParams.get('page') !== '2')
      headers.link = `<${url.split('?')[0]}?page=2>; rel="next"`;
    const body = pathname.endsWith('/comments') ? [{ id: 1 }] : { id: 1 };
    return new Response(JSON.stringify(body), { status: 200, headers });
  };
  const octokit = new RestOctokit({ request: { fetch } }) as unknown as Octokit;
  return countRequests({ octokit, installation: '1', metrics: noMetrics });
}

const issue = { owner: 'acme', repo: 'api', issue_number: 7 };

describe('requests counted per pass', () => {
  it.each([
    {
      name: 'REST methods, pagination (each page) and a plain request',
      work: async (octokit: Octokit) => {
        await octokit.rest.issues.get(issue);
        await octokit.paginate(octokit.rest.issues.listComments, issue);
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner: 'acme',
          repo: 'api',
          comment_id: 1,
          body: 'x',
        });
      },
      requests: 4,
      writes: 1,
    },
    {
      name: 'pagination by route',
      work: async (octokit: Octokit) => {
        await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', issue);
      },
      requests: 2,
      writes: 0,
    },
    {
      name: 'a write by REST method',
      work: async (octokit: Octokit) => {
        await octokit.rest.issues.createComment({ ...issue, body: 'hello' });
      },
      requests: 1,
      writes: 1,
    },
  ])('$name', async ({ work, requests, writes }) => {
    const octokit = client();
    const counter = new PassCounter();
    await countPassRequests({ counter, octokit }, work);
    expect({ requests: counter.requests, writes: counter.writes }).toEqual({ requests, writes });
  });

  it('passes at once on one client, and the client outside them, do not mix', async () => {
    const octokit = client();
    const a = new PassCounter();
    const b = new PassCounter();
    await Promise.all([
      countPassRequests({ counter: a, octokit }, async (pass) => {
        await pass.rest.issues.get(issue);
        await pass.paginate(pass.rest.issues.listComments, issue);
      }),
      countPassRequests({ counter: b, octokit }, async (pass) => {
        await pass.rest.issues.createComment({ ...issue, body: 'hello' });
      }),
      // Not a pass: the sweep listing with the same client meanwhile.
      octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'api' }),
    ]);
    expect({ a: { ...a }, b: { ...b } }).toEqual({ a: { requests: 3, writes: 0 }, b: { requests: 1, writes: 1 } });
  });

  it('a request through the client itself inside a pass is not the pass’s (the control: only the given Octokit counts)', async () => {
    const octokit = client();
    const counter = new PassCounter();
    await countPassRequests({ counter, octokit }, async () => {
      await octokit.rest.issues.get(issue);
    });
    expect(counter.requests).toBe(0);
  });
});

/** An import of node:async_hooks (AsyncLocalStorage turns on promise hooks for the whole process on Node 20 and 22). */
const usesAsyncHooks = (source: string): boolean => /from\s+['"](?:node:)?async_hooks['"]/.test(source);

describe('no async hooks in the app', () => {
  it('no module of src/ imports node:async_hooks', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => usesAsyncHooks(readFileSync(join('src', f), 'utf8')))).toEqual([]);
  });

  it('the check sees such an import (its control)', () => {
    expect(usesAsyncHooks("import { AsyncLocalStorage } from 'node:async_hooks';")).toBe(true);
    expect(usesAsyncHooks("import { AsyncLocalStorage } from 'async_hooks';")).toBe(true);
  });
});
