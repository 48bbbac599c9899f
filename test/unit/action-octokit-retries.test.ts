import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { actionOctokit } from '../../src/github/action-octokit.js';

const api = 'https://api.github.com';
/** Retries on (the Action's default), throttling off: plugin-retry waits a second before its first retry. */
const octokit = () => actionOctokit({ token: 'ghs_x', baseUrl: api, throttle: false });
const comment = { owner: 'acme', repo: 'shop', issue_number: 1, body: 'status' };

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("the Action's Octokit after a lost answer", () => {
  it('does not send a comment again after a 502: GitHub may have made it', async () => {
    nock(api).post('/repos/acme/shop/issues/1/comments').reply(502, { message: 'Bad Gateway' });
    await expect(octokit().rest.issues.createComment(comment)).rejects.toMatchObject({ status: 502 });
  });

  it('control: an edit is sent again, and succeeds', async () => {
    const scope = nock(api)
      .patch('/repos/acme/shop/issues/comments/9')
      .reply(502, { message: 'Bad Gateway' })
      .patch('/repos/acme/shop/issues/comments/9')
      .reply(200, { id: 9 });
    const response = await octokit().rest.issues.updateComment({
      owner: 'acme',
      repo: 'shop',
      comment_id: 9,
      body: 'x',
    });
    expect(response.status).toBe(200);
    expect(scope.isDone()).toBe(true);
  });
});
