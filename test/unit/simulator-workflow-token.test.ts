import { describe, expect, it } from '@jest/globals';
import { createSimulatorFetch } from '../../src/simulator/rest.js';
import { ACTIONS_BOT_LOGIN, BOT_LOGIN, SimulatedGitHub, type WorkflowPermissions } from '../../src/simulator/state.js';

/** The simulator answers a workflow's GITHUB_TOKEN as GitHub does: its repository, its scopes, nothing more. */
function setup(permissions: WorkflowPermissions) {
  const sim = new SimulatedGitHub(() => new Date('2026-11-23T10:00:00Z'));
  const own = sim.addRepo('acme/shop', 'private');
  sim.addRepo('acme/secret', 'private');
  sim.addRepo('acme/docs', 'public');
  own.files['.github/incident.yml'] = 'incident:\n  labels: [incident]\n';
  sim.createIssue(own, { title: 'Down', body: '', labels: ['incident'], by: 'alice' });
  sim.addWorkflowToken('ghs_run', { repo: 'acme/shop', permissions });
  const fetch = createSimulatorFetch(sim);
  const call = async (method: string, path: string, token = 'ghs_run', body?: unknown) => {
    const response = await fetch(`https://api.github.com${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, data: (await response.json()) as Record<string, unknown> };
  };
  return { sim, own, call };
}

const comment = ['POST', '/repos/acme/shop/issues/1/comments', { body: 'hi' }] as const;

describe('the simulator and a workflow token', () => {
  it.each<[string, WorkflowPermissions, string, string, unknown, number]>([
    ['issues: write may comment', { issues: 'write' }, ...comment, 201],
    ['issues: read may not', { issues: 'read' }, ...comment, 403],
    [
      'no issues scope may not even read the issue',
      { contents: 'read' },
      'GET',
      '/repos/acme/shop/issues/1',
      undefined,
      403,
    ],
    ['metadata is always readable', {}, 'GET', '/repos/acme/shop', undefined, 200],
    [
      'contents: read reads the config',
      { contents: 'read' },
      'GET',
      '/repos/acme/shop/contents/.github%2Fincident.yml',
      undefined,
      200,
    ],
    [
      'no contents scope does not',
      { issues: 'write' },
      'GET',
      '/repos/acme/shop/contents/.github%2Fincident.yml',
      undefined,
      403,
    ],
    [
      'another private repository is not found',
      { issues: 'write', contents: 'write' },
      'GET',
      '/repos/acme/secret',
      undefined,
      404,
    ],
    ['another public repository can be read', { issues: 'write' }, 'GET', '/repos/acme/docs', undefined, 200],
    [
      'but not written',
      { issues: 'write', contents: 'write', 'pull-requests': 'write' },
      'POST',
      '/repos/acme/docs/git/refs',
      { ref: 'refs/heads/x', sha: 'abc' },
      403,
    ],
    [
      'the App API is not for workflow tokens',
      { issues: 'write' },
      'GET',
      '/installation/repositories',
      undefined,
      403,
    ],
  ])('%s', async (_name, permissions, method, path, body, status) => {
    const { call } = setup(permissions);
    expect((await call(method, path, 'ghs_run', body)).status).toBe(status);
  });

  it('writes as github-actions[bot]; any other credential acts as the App', async () => {
    const { own, call } = setup({ issues: 'write' });
    expect((await call(comment[0], comment[1], 'ghs_run', comment[2])).status).toBe(201);
    const app = await call(comment[0], comment[1], 'ghs_simulated1', comment[2]);
    expect(app.status).toBe(201);
    expect(own.issues[0]?.comments.map((c) => c.user)).toEqual([ACTIONS_BOT_LOGIN, BOT_LOGIN]);
  });

  it('GraphQL viewer says who the token is', async () => {
    const { sim } = setup({});
    const fetch = createSimulatorFetch(sim);
    const ask = async (token: string) =>
      (
        (await (
          await fetch('https://api.github.com/graphql', {
            method: 'POST',
            headers: { authorization: `bearer ${token}` },
            body: JSON.stringify({ query: 'query { viewer { login } }' }),
          })
        ).json()) as { data: { viewer: { login: string } } }
      ).data.viewer.login;
    expect(await ask('ghs_run')).toBe(ACTIONS_BOT_LOGIN);
    expect(await ask('ghs_simulated1')).toBe(BOT_LOGIN);
  });
});
