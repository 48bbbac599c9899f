/**
 * A GitHub user login: 1-39 letters, digits or single hyphens, not starting or ending with a hyphen.
 * Teams (`org/team`), emails and anything with spaces are not logins: a role holder or a mention built
 * from a value that is not one could ping a whole team or carry text into a comment.
 */
export const GITHUB_LOGIN_PATTERN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

export function isGitHubLogin(value: string): boolean {
  return GITHUB_LOGIN_PATTERN.test(value);
}
