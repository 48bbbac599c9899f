import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { actionOctokit } from '../../src/github/action-octokit.js';
import { ACTIONS_BOT_LOGIN, viewerLogin } from '../../src/github/viewer-login.js';

const api = 'https://api.github.com';
/** The Action's Octokit, retries and throttling off (house rule for nock tests). */
const octokit = () => actionOctokit({ token: 'ghs_x', baseUrl: api, throttle: false, retries: false });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('viewerLogin: who a token writes as', () => {
  it('an App installation token: the login GraphQL viewer gives', async () => {
    nock(api)
      .post('/graphql', (b: { query: string }) => /viewer\s*\{\s*login/.test(b.query))
      .reply(200, { data: { viewer: { login: 'incident-responder[bot]' } } });
    expect(await viewerLogin(octokit())).toBe('incident-responder[bot]');
  });

  it.each<[string, number, unknown]>([
    ['refused with 403', 403, { message: 'Resource not accessible by integration' }],
    ['refused with 401', 401, { message: 'Bad credentials' }],
    [
      'answered with GraphQL errors',
      200,
      { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] },
    ],
  ])('%s: the workflow token, github-actions[bot]', async (_name, status, body) => {
    nock(api)
      .post('/graphql')
      .reply(status, body as nock.Body);
    expect(await viewerLogin(octokit())).toBe(ACTIONS_BOT_LOGIN);
  });

  it('a server error is not a refusal: it fails the run', async () => {
    nock(api).post('/graphql').reply(500, { message: 'boom' });
    await expect(viewerLogin(octokit())).rejects.toMatchObject({ status: 500 });
  });
});
