import { describe, expect, it } from '@jest/globals';
import { requestPath } from '../../src/github/request-path.js';

describe('requestPath', () => {
  it.each([
    [
      'a route template',
      '/repos/{owner}/{repo}/issues/comments/{comment_id}',
      '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    ],
    ['an expanded path with a query', '/repos/acme/api/issues?state=all&since=x', '/repos/acme/api/issues'],
    ['a full URL', 'https://api.github.com/app/installations/7/access_tokens', '/app/installations/7/access_tokens'],
    ['a full URL with a port, a query and a fragment', 'http://127.0.0.1:3000/graphql?x=1#y', '/graphql'],
    ['a full URL without a path', 'https://api.github.com', '/'],
    ['a GHES base path', 'https://ghe.example/api/v3/repos/a/b', '/api/v3/repos/a/b'],
    ['a relative path without its slash', 'repos/acme/api', '/repos/acme/api'],
    ["a query that holds a URL is not the url's origin", '/search?q=https://evil.example/x', '/search'],
    ['nothing', undefined, '/'],
  ])('%s', (_name, url, path) => {
    expect(requestPath(url)).toBe(path);
  });
});
