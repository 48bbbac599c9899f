import { describe, expect, it } from '@jest/globals';
import { Octokit as CoreOctokit } from '@octokit/core';
import type { ProbotOctokit } from 'probot';
import { installationClients } from '../../src/github/installation-clients.js';
import { BUILT, lazyInstallationOctokit } from '../../src/github/lazy-installation-octokit.js';

/** What Probot does with a webhook's client (probot/lib/context.js): a symbol marker and a `before` hook. */
const MARKER = Symbol('request hook added');

/** An Octokit class that counts how many clients it built and records the headers it sent. */
function counting() {
  const state = { built: 0, sent: [] as Array<Record<string, string>> };
  const fetch = async (_url: string, init: { headers: Record<string, string> }): Promise<Response> => {
    state.sent.push(init.headers);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const authStrategy = () =>
    Object.assign(async () => ({ type: 'token', token: 't' }), {
      hook: (request: (options: unknown) => Promise<unknown>, options: unknown) => request(options),
    });
  const Base = CoreOctokit.plugin(() => {
    state.built += 1;
    return {};
  }).defaults({ authStrategy, request: { fetch } }) as unknown as typeof ProbotOctokit;
  return { Lazy: lazyInstallationOctokit(Base), state };
}

const installation = { auth: { installationId: 7 } };
type Client = {
  request: (route: string) => Promise<unknown>;
  hook: { before: (name: string, fn: (options: { headers: Record<string, string> }) => void) => void };
  [MARKER]?: boolean;
};

describe('installation clients built on first use', () => {
  it('what Probot does with every webhook builds nothing: awaited, marked, hooked', async () => {
    const { Lazy, state } = counting();
    const client = (await Promise.resolve(new Lazy(installation))) as unknown as Client;
    if (client[MARKER] !== true) {
      client.hook.before('request', (options) => {
        options.headers['x-github-delivery'] = 'd-1';
      });
      client[MARKER] = true;
    }
    expect(client[MARKER]).toBe(true);
    expect(state.built).toBe(0);
  });

  it('the first real use builds it once, with the hooks and markers it was given', async () => {
    const { Lazy, state } = counting();
    const client = new Lazy(installation) as unknown as Client;
    client.hook.before('request', (options) => {
      options.headers['x-github-delivery'] = 'd-1';
    });
    client[MARKER] = true;
    await client.request('GET /zen');
    await client.request('GET /zen');
    expect(state.built).toBe(1);
    expect(state.sent.map((h) => h['x-github-delivery'])).toEqual(['d-1', 'd-1']);
    expect(client[MARKER]).toBe(true);
  });

  it('a client of the app itself (no installation) is built at once (the control: the counter counts)', () => {
    const { Lazy, state } = counting();
    new Lazy({});
    expect(state.built).toBe(1);
  });

  it('a subclass keeps its plugins', async () => {
    const { Lazy } = counting();
    const WithPlugin = Lazy.plugin(() => ({ extra: 'yes' }));
    const client = new WithPlugin(installation) as unknown as { extra: string; [BUILT]: object };
    expect(client.extra).toBe('yes');
    expect(client[BUILT]).toBeInstanceOf(WithPlugin);
  });
});

describe('one client per installation for the jobs', () => {
  it('the same installation gets the same client; a failed authentication is tried again', async () => {
    let calls = 0;
    const clientOf = installationClients({
      auth: async (id) => {
        calls += 1;
        if (calls === 1) throw new Error('GitHub is down');
        return { id };
      },
    });
    await expect(clientOf(1)).rejects.toThrow('GitHub is down');
    await new Promise((resolve) => setImmediate(resolve));
    const first = await clientOf(1);
    expect(await clientOf(1)).toBe(first);
    expect(calls).toBe(2);
  });

  it('keeps the most recently used ones', async () => {
    const made: number[] = [];
    const clientOf = installationClients({
      auth: async (id) => {
        made.push(id);
        return { id };
      },
      limit: 2,
    });
    await clientOf(1);
    await clientOf(2);
    await clientOf(1); // 1 used last: 2 is the one forgotten
    await clientOf(3);
    await clientOf(1);
    await clientOf(2);
    expect(made).toEqual([1, 2, 3, 2]);
  });

  it('a stand-in is kept as the client it builds', async () => {
    const { Lazy, state } = counting();
    const clientOf = installationClients({ auth: async () => new Lazy(installation) });
    const client = await clientOf(7);
    expect(state.built).toBe(1);
    expect((client as unknown as Record<symbol, unknown>)[BUILT]).toBeUndefined();
  });
});
