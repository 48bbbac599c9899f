import { boundedMemo } from '../domain/shared/bounded-memo.js';

/**
 * How the simulator finds the operation behind a request. With GitHub's OpenAPI description installed
 * (`@octokit/openapi`, a development dependency: ./openapi.ts) every route GitHub has is known and bodies
 * are checked; without it (a production install) only the routes the simulator serves are known, taken
 * from the table below, and bodies are not checked.
 */
export interface MatchedRoute {
  template: string;
  operationId: string;
  params: Record<string, string>;
}

export interface RequestChecker {
  /** True when request bodies are checked against GitHub's description. */
  readonly validates: boolean;
  matchRoute(method: string, path: string): MatchedRoute | null;
  /** Problems with a request body for the operation; empty = acceptable. */
  validateBody(method: string, template: string, body: unknown): string[];
}

/** The operations the simulator serves (rest.ts's handlers), as GitHub's description names them; a test keeps the two in step. */
export const SIMULATED_ROUTES: ReadonlyArray<readonly [method: string, template: string, operationId: string]> = [
  ['GET', '/app', 'apps/get-authenticated'],
  ['GET', '/app/installations', 'apps/list-installations'],
  ['POST', '/app/installations/{installation_id}/access_tokens', 'apps/create-installation-access-token'],
  ['GET', '/installation/repositories', 'apps/list-repos-accessible-to-installation'],
  ['GET', '/repos/{owner}/{repo}', 'repos/get'],
  ['GET', '/repos/{owner}/{repo}/installation', 'apps/get-repo-installation'],
  ['GET', '/repos/{owner}/{repo}/assignees/{assignee}', 'issues/check-user-can-be-assigned'],
  ['GET', '/repos/{owner}/{repo}/collaborators/{username}/permission', 'repos/get-collaborator-permission-level'],
  ['POST', '/repos/{owner}/{repo}/check-runs', 'checks/create'],
  ['PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', 'checks/update'],
  ['GET', '/repos/{owner}/{repo}/commits', 'repos/list-commits'],
  ['GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', 'checks/list-for-ref'],
  ['GET', '/repos/{owner}/{repo}/contents/{path}', 'repos/get-content'],
  ['POST', '/repos/{owner}/{repo}/git/commits', 'git/create-commit'],
  ['POST', '/repos/{owner}/{repo}/git/refs', 'git/create-ref'],
  ['PATCH', '/repos/{owner}/{repo}/git/refs/{ref}', 'git/update-ref'],
  ['POST', '/repos/{owner}/{repo}/git/trees', 'git/create-tree'],
  ['GET', '/repos/{owner}/{repo}/issues', 'issues/list-for-repo'],
  ['POST', '/repos/{owner}/{repo}/issues', 'issues/create'],
  ['GET', '/repos/{owner}/{repo}/issues/comments', 'issues/list-comments-for-repo'],
  ['PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/update-comment'],
  ['GET', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', 'reactions/list-for-issue-comment'],
  ['POST', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', 'reactions/create-for-issue-comment'],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/get'],
  ['PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/update'],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/assignees', 'issues/add-assignees'],
  ['DELETE', '/repos/{owner}/{repo}/issues/{issue_number}/assignees', 'issues/remove-assignees'],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/list-comments'],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/create-comment'],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', 'issues/add-labels'],
  ['DELETE', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', 'issues/remove-label'],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues', 'issues/list-sub-issues'],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues', 'issues/add-sub-issue'],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/timeline', 'issues/list-events-for-timeline'],
  ['POST', '/repos/{owner}/{repo}/pulls', 'pulls/create'],
  ['PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}', 'pulls/update'],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files', 'pulls/list-files'],
  ['POST', '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', 'pulls/request-reviewers'],
];

interface CompiledRoute {
  method: string;
  template: string;
  regex: RegExp;
  params: string[];
  operationId: string;
}

export function compileRoutes(
  routes: Iterable<{ method: string; template: string; operationId: string }>,
): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const { method, template, operationId } of routes) {
    const params: string[] = [];
    const pattern = template
      .replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`))
      .replace(/\{([^{}]+)\}/g, (_m, name: string) => {
        params.push(name);
        // `ref` and `path` span slashes (git refs, file paths); other parameters do not.
        return name === 'path' || name === 'ref' ? '(.+)' : '([^/]+)';
      });
    compiled.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), params, operationId });
  }
  // Literal segments beat parameters (`/issues/comments/{id}` before `/issues/{number}`).
  compiled.sort((a, b) => b.template.replace(/\{[^{}]+\}/g, '').length - a.template.replace(/\{[^{}]+\}/g, '').length);
  return compiled;
}

/** A route matcher over compiled routes; a run asks for the same few paths again and again, so answers are memoised. */
export function routeMatcher(
  routes: () => readonly CompiledRoute[],
): (method: string, path: string) => MatchedRoute | null {
  const find = (method: string, path: string): MatchedRoute | null => {
    for (const route of routes()) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.params.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { template: route.template, operationId: route.operationId, params };
    }
    return null;
  };
  const matched = boundedMemo({
    limit: 10_000,
    compute: (key: string) => {
      const space = key.indexOf(' ');
      return find(key.slice(0, space), key.slice(space + 1));
    },
  });
  return (method, path) => {
    const result = matched(`${method} ${path}`);
    // A copy: callers may change what they are given.
    return result && { ...result, params: { ...result.params } };
  };
}

let simulated: RequestChecker | null = null;

/** The simulator's own routes, no body checks: what a production install (no `@octokit/openapi`) runs. */
export function simulatedRoutesChecker(): RequestChecker {
  if (simulated) return simulated;
  const compiled = compileRoutes(
    SIMULATED_ROUTES.map(([method, template, operationId]) => ({ method, template, operationId })),
  );
  simulated = { validates: false, matchRoute: routeMatcher(() => compiled), validateBody: () => [] };
  return simulated;
}
