/** A scheme and authority at the start: the url is absolute (a redirect, a `baseUrl` given in full). */
const ORIGIN = /^[a-z][\d+.a-z-]*:\/\/[^/?#]*/i;

/**
 * The path of a request as Octokit's request hooks see it: usually a route template
 * (`/repos/{owner}/{repo}/issues/comments/{comment_id}`), sometimes a full URL; without its query or
 * fragment, always with a leading slash. Three hooks read it on every request (pacing, metrics,
 * retries), so it is not a WHATWG URL parse each. Unlike one it keeps braces and percent-escapes as
 * they came: the path is only matched against the app's patterns, never sent.
 */
export function requestPath(url: unknown): string {
  const rest = String(url ?? '').replace(ORIGIN, '');
  const end = rest.search(/[#?]/);
  const path = end === -1 ? rest : rest.slice(0, end);
  return path.startsWith('/') ? path : `/${path}`;
}

/** Authenticating (an installation token), not work: neither paced nor counted. */
export const isTokenRequest = (path: string): boolean => /\/access_tokens$/.test(path);
