import { createHash } from 'node:crypto';
import { defaultRequestChecker } from './openapi.js';
import type { RequestChecker } from './routes.js';
import {
  ACTIONS_BOT_LOGIN,
  BOT_LOGIN,
  INSTALLATION_ID,
  APP_SLUG,
  treeSha,
  type RecordedRequest,
  type SimIssue,
  type SimRepo,
  type SimulatedGitHub,
  type WorkflowScope,
  type WorkflowToken,
} from './state.js';

/**
 * The simulator's REST API, as a `fetch` for Octokit (`request: { fetch }`: no sockets, same requests)
 * and as a plain handler (served over HTTP by the benchmark). Each request is first checked against GitHub's OpenAPI description when it is installed (unknown route -> 404, invalid
 * body -> 422; see routes.ts), then served from the in-memory state. Pagination follows GitHub: `per_page` (default
 * 30, at most 100), `page`, and a `Link` header with rel="next" and rel="last".
 */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Request {
  method: string;
  /** Scheme and host the request came to: page links point back at it (the simulator's own host). */
  origin: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  headers: Readonly<Record<string, string>>;
  params: Record<string, string>;
  template: string;
  /** Who the credential acts as: the app's bot, or `github-actions[bot]` for a workflow token. */
  actor: string;
}

interface Reply {
  status?: number;
  data?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

const json = (data: unknown, status = 200): Reply => ({ status, data });

/** The installation a request acts for: its token names it (see apps/create-installation-access-token). */
const installationOf = (headers: Readonly<Record<string, string>>): number =>
  Number(/ghs_simulated(\d+)/.exec(headers.authorization ?? '')?.[1] ?? INSTALLATION_ID);

function paginate<T>(req: Request, items: readonly T[]): Reply {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30)));
  const page = Math.max(1, Number(req.query.get('page') ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const links: string[] = [];
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `<${req.origin}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return {
    data: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

/** The simulator's REST API: a request in, a response out, synchronously (see the file comment). */
export function createSimulatorHandler(
  sim: SimulatedGitHub,
  checker: RequestChecker = defaultRequestChecker(),
): (request: SimRequest) => SimResponse {
  const repoOf = (req: Request): SimRepo => {
    const repo = sim.repo(req.params.owner ?? '', req.params.repo ?? '');
    // A workflow token's reach is checked in `authorize`; whether the app is installed does not matter to it.
    if (!repo || (!repo.installed && req.actor !== ACTIONS_BOT_LOGIN)) throw new HttpError(404, 'Not Found');
    return repo;
  };
  const issueOf = (req: Request, repo: SimRepo): SimIssue => {
    const issue = sim.issue(repo, Number(req.params.issue_number));
    if (!issue) throw new HttpError(404, 'Not Found');
    return issue;
  };
  const commentOf = (repo: SimRepo, id: number) => {
    for (const issue of repo.issues) {
      const comment = issue.comments.find((c) => c.id === id);
      if (comment) return { issue, comment };
    }
    throw new HttpError(404, 'Not Found');
  };
  const writable = (repo: SimRepo, req: Request): void => {
    if (!repo.appCanWrite && req.actor !== ACTIONS_BOT_LOGIN)
      throw new HttpError(403, 'Resource not accessible by integration');
  };
  const touch = (issue: SimIssue): void => {
    issue.updated_at = sim.time();
  };

  /** Blobs listed by a tree read, by git's blob id, for `git/get-blob`. */
  const blobs = new Map<string, string>();
  const blobSha = (content: string): string => {
    const bytes = Buffer.from(content, 'utf8');
    const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    blobs.set(sha, content);
    return sha;
  };
  /** A tree-ish as GitHub reads one: a branch name, a commit sha or a tree sha. */
  /** Whether `commit` is `ancestor` or has it among its ancestors. */
  const descends = (git: ReturnType<typeof sim.git>, commit: string, ancestor: string): boolean => {
    const seen = new Set<string>();
    const todo = [commit];
    while (todo.length > 0) {
      const sha = todo.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      todo.push(...(git.commits.get(sha)?.parents ?? []));
    }
    return false;
  };

  const filesOf = (repo: SimRepo, treeish: string): Record<string, string> => {
    const git = sim.git(repo);
    const commit = git.commits.get(git.refs.get(treeish) ?? treeish);
    const files = git.trees.get(commit ? commit.tree : treeish);
    if (!files) throw new HttpError(404, 'Not Found');
    return files;
  };

  const handlers: Record<string, (req: Request) => Reply> = {
    'apps/get-authenticated': () => json({ id: 1, slug: APP_SLUG, name: APP_SLUG, owner: sim.userJson('simulator') }),
    'apps/create-installation-access-token': (req) =>
      json(
        {
          token: `ghs_simulated${req.params.installation_id ?? INSTALLATION_ID}`,
          expires_at: new Date(sim.now().getTime() + 3600_000).toISOString(),
          permissions: {},
        },
        201,
      ),
    'apps/list-installations': (req) => {
      const ids = [...new Set([...sim.repos.values()].map((r) => r.installationId ?? INSTALLATION_ID))].sort(
        (a, b) => a - b,
      );
      return paginate(
        req,
        (ids.length > 0 ? ids : [INSTALLATION_ID]).map((id) => ({
          id,
          account: sim.userJson([...sim.repos.values()][0]?.owner ?? 'simulator'),
          app_slug: APP_SLUG,
        })),
      );
    },
    'apps/list-repos-accessible-to-installation': (req) => {
      const installation = installationOf(req.headers);
      const repos = [...sim.repos.values()].filter(
        (r) => r.installed && (r.installationId ?? INSTALLATION_ID) === installation,
      );
      const page = paginate(
        req,
        repos.map((r) => sim.repoJson(r)),
      );
      return { ...page, data: { total_count: repos.length, repositories: page.data } };
    },
    'apps/get-repo-installation': (req) => {
      const repo = sim.repo(req.params.owner ?? '', req.params.repo ?? '');
      if (!repo?.installed) throw new HttpError(404, 'Not Found');
      return json({
        id: repo.installationId ?? INSTALLATION_ID,
        app_slug: APP_SLUG,
        account: sim.userJson(repo.owner),
      });
    },
    'repos/get': (req) => json(sim.repoJson(repoOf(req))),
    'repos/get-content': (req) => {
      const repo = repoOf(req);
      // `ref`: a branch or a commit (a check reads the files of the commit it checks).
      const ref = req.query.get('ref');
      const files = ref ? filesOf(repo, ref) : repo.files;
      const path = req.params.path ?? '';
      const content = files[path];
      if (content === undefined) {
        // A folder: its files (what the simulator serves of GitHub's directory listing).
        const names = Object.keys(files)
          .filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/'))
          .sort();
        if (names.length === 0) throw new HttpError(404, 'Not Found');
        return json(
          names.map((p) => ({
            type: 'file',
            name: p.slice(path.length + 1),
            path: p,
            sha: blobSha(files[p] as string),
          })),
        );
      }
      if ((req.headers.accept ?? '').includes('raw'))
        return { text: content, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' } };
      return json({
        type: 'file',
        path: req.params.path,
        encoding: 'base64',
        content: Buffer.from(content).toString('base64'),
        sha: 'sim',
      });
    },
    'issues/list-for-repo': (req) => {
      const repo = repoOf(req);
      const state = req.query.get('state') ?? 'open';
      const labels = (req.query.get('labels') ?? '')
        .split(',')
        .filter((l) => l !== '')
        .map((l) => l.toLowerCase());
      const since = req.query.get('since');
      const issues = repo.issues
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
        .filter((i) => !since || i.updated_at >= since)
        .sort((a, b) => b.number - a.number);
      return paginate(
        req,
        issues.map((i) => sim.issueJson(repo, i)),
      );
    },
    'issues/get': (req) => {
      const repo = repoOf(req);
      return json(sim.issueJson(repo, issueOf(req, repo)));
    },
    'issues/create': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const body = req.body ?? {};
      const issue = sim.createIssue(repo, {
        title: String(body.title),
        body: String(body.body ?? ''),
        labels: ((body.labels as unknown[]) ?? []).map((l) =>
          typeof l === 'string' ? l : String((l as { name?: string }).name),
        ),
        assignees: ((body.assignees as string[]) ?? []).filter(
          (a) => sim.permission(a, `${repo.owner}/${repo.name}`) !== 'none',
        ),
        by: req.actor,
      });
      sim.outbox.push(sim.issueEvent(repo, issue, 'opened', req.actor));
      return json(sim.issueJson(repo, issue), 201);
    },
    'issues/update': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const issue = issueOf(req, repo);
      const body = req.body ?? {};
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (body.state === 'closed' && issue.state !== 'closed') {
        issue.state = 'closed';
        issue.closed_at = sim.time();
        issue.state_reason = String(body.state_reason ?? 'completed');
        sim.recordEvent(repo, issue.number, { event: 'closed', actor: req.actor });
        sim.outbox.push(sim.issueEvent(repo, issue, 'closed', req.actor));
      } else if (body.state === 'open' && issue.state !== 'open') {
        issue.state = 'open';
        issue.closed_at = null;
        sim.outbox.push(sim.issueEvent(repo, issue, 'reopened', req.actor));
      }
      touch(issue);
      return json(sim.issueJson(repo, issue));
    },
    'issues/list-comments': (req) => {
      const repo = repoOf(req);
      const issue = issueOf(req, repo);
      const since = req.query.get('since');
      return paginate(
        req,
        issue.comments.filter((c) => !since || c.updated_at >= since).map((c) => sim.commentJson(repo, issue, c)),
      );
    },
    // GitHub: ascending id without `sort`; `sort` (created|updated) with `direction`, desc by default.
    'issues/list-comments-for-repo': (req) => {
      const repo = repoOf(req);
      const since = req.query.get('since');
      const sort = req.query.get('sort');
      const field = sort === 'updated' ? 'updated_at' : 'created_at';
      const sign = req.query.get('direction') === 'asc' ? 1 : -1;
      const all = repo.issues.flatMap((issue) =>
        issue.comments.filter((c) => !since || c.updated_at >= since).map((c) => ({ issue, c })),
      );
      const ordered = sort
        ? all.sort((a, b) => sign * (a.c[field].localeCompare(b.c[field]) || a.c.id - b.c.id))
        : all.sort((a, b) => a.c.id - b.c.id);
      return paginate(
        req,
        ordered.map(({ issue, c }) => sim.commentJson(repo, issue, c)),
      );
    },
    'issues/get-comment': (req) => {
      const repo = repoOf(req);
      const { issue, comment } = commentOf(repo, Number(req.params.comment_id));
      return json(sim.commentJson(repo, issue, comment));
    },
    'issues/create-comment': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const issue = issueOf(req, repo);
      const now = sim.time();
      const comment = {
        id: sim.id(),
        node_id: `IC_${sim.id()}`,
        body: String(req.body?.body),
        user: req.actor,
        created_at: now,
        updated_at: now,
        reactions: [],
      };
      issue.comments.push(comment);
      // GitHub moves the issue's updated_at with each new comment (the issue list's `since` finds it).
      issue.updated_at = now;
      sim.outbox.push(sim.commentEvent(repo, issue, comment, 'created', req.actor));
      return json(sim.commentJson(repo, issue, comment), 201);
    },
    'issues/update-comment': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const { issue, comment } = commentOf(repo, Number(req.params.comment_id));
      comment.body = String(req.body?.body);
      comment.updated_at = sim.time();
      sim.outbox.push(sim.commentEvent(repo, issue, comment, 'edited', req.actor));
      return json(sim.commentJson(repo, issue, comment));
    },
    'issues/add-labels': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const pull = repo.pulls.find((p) => p.number === Number(req.params.issue_number));
      if (pull) {
        for (const label of (req.body?.labels as string[]) ?? []) {
          sim.ensureLabel(repo, label);
          if (!pull.labels.includes(label)) pull.labels.push(label);
        }
        return json(pull.labels.map((l) => sim.labelJson(repo, l)));
      }
      const issue = issueOf(req, repo);
      const labels = ((req.body?.labels as unknown[]) ?? []).map((l) =>
        typeof l === 'string' ? l : String((l as { name?: string }).name),
      );
      for (const label of labels) {
        if (issue.labels.some((l) => l.toLowerCase() === label.toLowerCase())) continue;
        sim.ensureLabel(repo, label);
        issue.labels.push(label);
        touch(issue);
        sim.recordEvent(repo, issue.number, { event: 'labeled', actor: req.actor, label });
        sim.outbox.push(sim.issueEvent(repo, issue, 'labeled', req.actor, { label: sim.labelJson(repo, label) }));
      }
      return json(issue.labels.map((l) => sim.labelJson(repo, l)));
    },
    'issues/remove-label': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const issue = issueOf(req, repo);
      const name = req.params.name ?? '';
      const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
      if (index === -1) throw new HttpError(404, 'Label does not exist');
      const [removed] = issue.labels.splice(index, 1);
      touch(issue);
      sim.outbox.push(
        sim.issueEvent(repo, issue, 'unlabeled', req.actor, { label: sim.labelJson(repo, removed ?? name) }),
      );
      return json(issue.labels.map((l) => sim.labelJson(repo, l)));
    },
    'issues/add-assignees': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const issue = issueOf(req, repo);
      // Like GitHub: people without access to the repository are silently left out.
      for (const login of (req.body?.assignees as string[] | undefined) ?? []) {
        if (sim.permission(login, `${repo.owner}/${repo.name}`) === 'none' || issue.assignees.includes(login)) continue;
        issue.assignees.push(login);
        sim.outbox.push(sim.issueEvent(repo, issue, 'assigned', req.actor, { assignee: sim.userJson(login) }));
      }
      touch(issue);
      return json(sim.issueJson(repo, issue), 201);
    },
    'issues/remove-assignees': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const issue = issueOf(req, repo);
      const remove = new Set((req.body?.assignees as string[] | undefined) ?? []);
      for (const login of issue.assignees.filter((a) => remove.has(a)))
        sim.outbox.push(sim.issueEvent(repo, issue, 'unassigned', req.actor, { assignee: sim.userJson(login) }));
      issue.assignees = issue.assignees.filter((a) => !remove.has(a));
      touch(issue);
      return json(sim.issueJson(repo, issue));
    },
    'issues/list-sub-issues': (req) => {
      const repo = repoOf(req);
      const issue = issueOf(req, repo);
      const subs = issue.sub_issues.flatMap((key) => {
        const [full = '', number = ''] = key.split('#');
        const [owner = '', name = ''] = full.split('/');
        const subRepo = sim.repo(owner, name);
        const sub = subRepo ? sim.issue(subRepo, Number(number)) : undefined;
        return subRepo && sub ? [sim.issueJson(subRepo, sub)] : [];
      });
      return paginate(req, subs);
    },
    'issues/add-sub-issue': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const parent = issueOf(req, repo);
      const id = Number(req.body?.sub_issue_id);
      let found: { repo: SimRepo; issue: SimIssue } | undefined;
      for (const r of sim.repos.values()) {
        const issue = r.issues.find((i) => i.id === id);
        if (issue) found = { repo: r, issue };
      }
      // GitHub: the sub-issue is found by id, must share the parent's owner, at most 100 per parent.
      if (!found || found.repo.owner.toLowerCase() !== repo.owner.toLowerCase())
        throw new HttpError(422, 'Validation Failed: sub-issue not found or belongs to another owner');
      if (parent.sub_issues.length >= 100)
        throw new HttpError(422, 'Validation Failed: parent already has the maximum number of sub-issues');
      const key = `${found.repo.owner}/${found.repo.name}#${found.issue.number}`;
      if (parent.sub_issues.includes(key))
        throw new HttpError(422, 'Validation Failed: sub-issue already exists (duplicate)');
      if (found.issue.parent) throw new HttpError(422, 'Validation Failed: issue already has a parent');
      parent.sub_issues.push(key);
      found.issue.parent = `${repo.owner}/${repo.name}#${parent.number}`;
      return json(sim.issueJson(repo, parent), 201);
    },
    'issues/check-user-can-be-assigned': (req) => {
      const repo = repoOf(req);
      if (sim.permission(req.params.assignee ?? '', `${repo.owner}/${repo.name}`) === 'none')
        throw new HttpError(404, 'Not Found');
      return { status: 204 };
    },
    'issues/list-events-for-timeline': (req) => {
      const repo = repoOf(req);
      const issue = issueOf(req, repo);
      const events = (repo.events.get(issue.number) ?? []).map((e, i) => ({
        id: i + 1,
        event: e.event,
        actor: sim.userJson(e.actor),
        created_at: e.created_at,
        ...(e.label ? { label: { name: e.label, color: 'ededed' } } : {}),
        ...(e.source
          ? {
              source: {
                type: 'issue',
                issue: {
                  number: e.source.number,
                  title: e.source.title,
                  html_url: `https://github.com/${e.source.repo}/pull/${e.source.number}`,
                  pull_request: e.source.pull ? {} : undefined,
                  repository: { full_name: e.source.repo },
                },
              },
            }
          : {}),
      }));
      return paginate(req, events);
    },
    'repos/list-commits': (req) => {
      const repo = repoOf(req);
      const git = sim.git(repo);
      const branch = req.query.get('sha') ?? repo.default_branch;
      const sha = git.refs.get(branch) ?? (git.commits.has(branch) ? branch : undefined);
      if (!sha) throw new HttpError(404, 'Not Found');
      const commit = git.commits.get(sha);
      return json([{ sha, commit: { tree: { sha: commit?.tree }, message: commit?.message } }]);
    },
    'git/get-tree': (req) => {
      const repo = repoOf(req);
      const files = filesOf(repo, req.params.tree_sha ?? '');
      // Blobs only (folders are not listed as entries); a tree this small is never truncated.
      const tree = Object.keys(files)
        .sort()
        .map((path) => ({
          path,
          mode: '100644',
          type: 'blob',
          sha: blobSha(files[path] as string),
          size: Buffer.byteLength(files[path] as string),
        }));
      return json({ sha: treeSha(files), truncated: false, tree });
    },
    'git/get-blob': (req) => {
      const content = blobs.get(req.params.file_sha ?? '');
      repoOf(req);
      if (content === undefined) throw new HttpError(404, 'Not Found');
      return json({
        sha: req.params.file_sha,
        size: Buffer.byteLength(content),
        encoding: 'base64',
        content: Buffer.from(content).toString('base64'),
      });
    },
    'pulls/list': (req) => {
      const repo = repoOf(req);
      const state = req.query.get('state') ?? 'open';
      const head = req.query.get('head')?.replace(/^[^:]+:/, '');
      const base = req.query.get('base');
      const pulls = repo.pulls.filter(
        (p) => (state === 'all' || p.state === state) && (!head || p.head === head) && (!base || p.base === base),
      );
      return paginate(
        req,
        pulls.map((p) => pullJson(repo, p)),
      );
    },
    'git/create-tree': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const git = sim.git(repo);
      const base = req.body?.base_tree ? git.trees.get(String(req.body.base_tree)) : {};
      if (!base) throw new HttpError(422, 'base_tree not found');
      const files = { ...base };
      for (const entry of (req.body?.tree as Array<{ path: string; content?: string; sha?: string | null }>) ?? []) {
        if (entry.sha === null) delete files[entry.path];
        else if (typeof entry.content === 'string') files[entry.path] = entry.content;
      }
      // Git trees are content-addressed: the same files give the same sha (the PR plugin relies on it to
      // see that a commit changes nothing).
      const sha = treeSha(files);
      git.trees.set(sha, files);
      return json({ sha, tree: [] }, 201);
    },
    'git/create-commit': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const git = sim.git(repo);
      const sha = `commit${sim.id()}`;
      git.commits.set(sha, {
        tree: String(req.body?.tree),
        parents: (req.body?.parents as string[]) ?? [],
        message: String(req.body?.message),
      });
      return json({ sha, tree: { sha: req.body?.tree } }, 201);
    },
    'git/create-ref': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const git = sim.git(repo);
      const branch = String(req.body?.ref).replace(/^refs\/heads\//, '');
      if (git.refs.has(branch)) throw new HttpError(422, 'Reference already exists');
      git.refs.set(branch, String(req.body?.sha));
      return json({ ref: `refs/heads/${branch}`, object: { sha: req.body?.sha } }, 201);
    },
    'git/update-ref': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const git = sim.git(repo);
      const branch = (req.params.ref ?? '').replace(/^heads\//, '');
      if (!git.refs.has(branch)) throw new HttpError(422, 'Reference does not exist');
      // Without force, GitHub moves a branch only forward: the new commit must descend from its head.
      const current = git.refs.get(branch) ?? '';
      if (req.body?.force !== true && !descends(git, String(req.body?.sha), current))
        throw new HttpError(422, 'Update is not a fast forward');
      git.refs.set(branch, String(req.body?.sha));
      for (const pull of repo.pulls)
        if (pull.head === branch && pull.state === 'open') pull.headSha = String(req.body?.sha);
      return json({ ref: `refs/heads/${branch}`, object: { sha: req.body?.sha } });
    },
    'checks/create': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const headSha = String(req.body?.head_sha ?? '');
      if (!sim.git(repo).commits.has(headSha)) throw new HttpError(422, 'Validation Failed: No commit found for SHA');
      const output = (req.body?.output ?? {}) as { title?: string; summary?: string; annotations?: unknown[] };
      const run = {
        id: sim.id(),
        name: String(req.body?.name ?? ''),
        head_sha: headSha,
        status: String(req.body?.status ?? (req.body?.conclusion ? 'completed' : 'queued')),
        conclusion: (req.body?.conclusion as string | undefined) ?? null,
        output: {
          title: output.title ?? null,
          summary: output.summary ?? null,
          annotations: checkAnnotations(output.annotations),
        },
      };
      repo.checkRuns.push(run);
      return json(checkRunJson(repo, run), 201);
    },
    'checks/update': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const run = repo.checkRuns.find((r) => r.id === Number(req.params.check_run_id));
      if (!run) throw new HttpError(404, 'Not Found');
      const output = req.body?.output as { title?: string; summary?: string; annotations?: unknown[] } | undefined;
      if (req.body?.status !== undefined) run.status = String(req.body.status);
      if (req.body?.conclusion !== undefined) {
        run.conclusion = String(req.body.conclusion);
        run.status = 'completed';
      }
      if (output) {
        run.output.title = output.title ?? run.output.title;
        run.output.summary = output.summary ?? run.output.summary;
        // GitHub adds annotations to those the run has (50 per request).
        run.output.annotations.push(...checkAnnotations(output.annotations));
      }
      return json(checkRunJson(repo, run));
    },
    'checks/list-for-ref': (req) => {
      const repo = repoOf(req);
      const git = sim.git(repo);
      const ref = req.params.ref ?? '';
      const sha = git.refs.get(ref) ?? ref;
      const name = req.query.get('check_name');
      const runs = repo.checkRuns.filter((r) => r.head_sha === sha && (name === null || r.name === name)).reverse();
      const page = paginate(
        req,
        runs.map((r) => checkRunJson(repo, r)),
      );
      return { ...page, data: { total_count: runs.length, check_runs: page.data } };
    },
    'pulls/list-files': (req) => {
      const repo = repoOf(req);
      const pull = repo.pulls.find((p) => p.number === Number(req.params.pull_number));
      if (!pull) throw new HttpError(404, 'Not Found');
      const head = sim.filesAt(repo, pull.headSha);
      const base = sim.filesAt(repo, sim.git(repo).refs.get(pull.base) ?? '');
      const changed = [...new Set([...Object.keys(head), ...Object.keys(base)])]
        .filter((p) => head[p] !== base[p])
        .sort();
      return paginate(
        req,
        changed.map((filename) => ({
          filename,
          status: base[filename] === undefined ? 'added' : head[filename] === undefined ? 'removed' : 'modified',
        })),
      );
    },
    'pulls/create': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const head = String(req.body?.head).replace(/^[^:]+:/, '');
      const sha = sim.git(repo).refs.get(head);
      if (!sha) throw new HttpError(422, 'Validation Failed: head branch does not exist');
      const pull = {
        number: sim.nextNumber(repo),
        id: sim.id(),
        title: String(req.body?.title),
        body: String(req.body?.body ?? ''),
        head,
        headSha: sha,
        base: String(req.body?.base),
        state: 'open' as const,
        merged: false,
        labels: [],
        requested_reviewers: [],
        user: req.actor,
        created_at: sim.time(),
      };
      repo.pulls.push(pull);
      return json(pullJson(repo, pull), 201);
    },
    'pulls/update': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const pull = repo.pulls.find((p) => p.number === Number(req.params.pull_number));
      if (!pull) throw new HttpError(404, 'Not Found');
      if (typeof req.body?.title === 'string') pull.title = req.body.title;
      if (typeof req.body?.body === 'string') pull.body = req.body.body;
      return json(pullJson(repo, pull));
    },
    'pulls/request-reviewers': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const pull = repo.pulls.find((p) => p.number === Number(req.params.pull_number));
      if (!pull) throw new HttpError(404, 'Not Found');
      const reviewers = (req.body?.reviewers as string[]) ?? [];
      if (reviewers.some((r) => sim.permission(r, `${repo.owner}/${repo.name}`) === 'none'))
        throw new HttpError(422, 'Reviews may only be requested from collaborators.');
      for (const r of reviewers) if (!pull.requested_reviewers.includes(r)) pull.requested_reviewers.push(r);
      return json(pullJson(repo, pull), 201);
    },
    'reactions/list-for-issue-comment': (req) => {
      const repo = repoOf(req);
      const { comment } = commentOf(repo, Number(req.params.comment_id));
      const content = req.query.get('content');
      return paginate(
        req,
        comment.reactions
          .filter((r) => !content || r.content === content)
          .map((r, i) => ({
            id: i + 1,
            content: r.content,
            user: sim.userJson(r.user),
            created_at: comment.created_at,
          })),
      );
    },
    'reactions/create-for-issue-comment': (req) => {
      const repo = repoOf(req);
      writable(repo, req);
      const { comment } = commentOf(repo, Number(req.params.comment_id));
      const content = String(req.body?.content);
      const existing = comment.reactions.find((r) => r.content === content && r.user === req.actor);
      if (!existing) comment.reactions.push({ content, user: req.actor });
      return json({ id: sim.id(), content, user: sim.userJson(req.actor) }, existing ? 200 : 201);
    },
    'repos/get-collaborator-permission-level': (req) => {
      const repo = repoOf(req);
      const login = req.params.username ?? '';
      if (!sim.users.has(login)) throw new HttpError(404, 'Not Found');
      const role = sim.permission(login, `${repo.owner}/${repo.name}`);
      // `permission` keeps the legacy names (maintain reads as write, triage as read); `role_name` is exact.
      const legacy = { none: 'none', read: 'read', triage: 'read', write: 'write', maintain: 'write', admin: 'admin' }[
        role
      ];
      return json({ permission: legacy, role_name: role, user: sim.userJson(login) });
    },
  };

  /**
   * What GitHub lets a workflow's `GITHUB_TOKEN` do: its own repository, within the scopes of the
   * workflow's `permissions:` (metadata is always readable); another repository only to read, and only
   * when it is public (a private one is "Not Found"); nothing of the App API.
   */
  function authorize(
    token: WorkflowToken,
    operationId: string,
    method: string,
    target: { owner?: string; repo?: string },
  ): void {
    const scope = scopeOf(operationId);
    if (scope === 'app') throw new HttpError(403, 'Resource not accessible by integration');
    if (target.owner === undefined || target.repo === undefined) return;
    const own = `${target.owner}/${target.repo}`.toLowerCase() === token.repo.toLowerCase();
    if (!own) {
      const repo = sim.repo(target.owner, target.repo);
      if (!repo || repo.visibility !== 'public') throw new HttpError(404, 'Not Found');
      if (method !== 'GET') throw new HttpError(403, 'Resource not accessible by integration');
      return;
    }
    if (scope === 'metadata') return;
    const level = token.permissions[scope] ?? 'none';
    if (level === 'none' || (method !== 'GET' && level !== 'write'))
      throw new HttpError(403, 'Resource not accessible by integration');
  }

  function checkRunJson(repo: SimRepo, run: SimRepo['checkRuns'][number]): Record<string, unknown> {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        annotations_count: run.output.annotations.length,
      },
      html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${run.id}`,
    };
  }

  /** At most 50 annotations a request, as GitHub enforces (https://docs.github.com/en/rest/checks/runs). */
  function checkAnnotations(annotations: unknown[] | undefined): Array<Record<string, unknown>> {
    const list = (annotations ?? []) as Array<Record<string, unknown>>;
    if (list.length > 50) throw new HttpError(422, 'Validation Failed: at most 50 annotations per request');
    return list.map((a) => ({ ...a }));
  }

  function pullJson(repo: SimRepo, pull: SimRepo['pulls'][number]): Record<string, unknown> {
    return {
      id: pull.id,
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: pull.state,
      merged: pull.merged,
      html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`,
      head: { ref: pull.head, sha: pull.headSha },
      base: { ref: pull.base },
      user: sim.userJson(pull.user),
      labels: pull.labels.map((l) => sim.labelJson(repo, l)),
    };
  }

  /**
   * The GraphQL queries the app sends: `viewer { login }` (who a token acts as, asked by the Action) and
   * the PR library's open pull requests of a branch.
   */
  function graphql(
    body: Record<string, unknown> | undefined,
    actor: string,
    workflow: WorkflowToken | undefined,
  ): Reply {
    if (/^(?:query\w*)?\{viewer\{login\}\}$/.test(String(body?.query).replace(/\s+/g, '')))
      return json({ data: { viewer: { login: actor } } });
    const variables = (body?.variables ?? {}) as { owner?: string; repo?: string; head?: string };
    if (workflow)
      authorize(workflow, 'pulls/list', 'GET', { owner: variables.owner ?? '', repo: variables.repo ?? '' });
    const repo = sim.repo(variables.owner ?? '', variables.repo ?? '');
    if (!repo || !/associatedPullRequests/.test(String(body?.query)))
      return json({ errors: [{ message: 'the simulator answers only the branch pull request query' }] });
    const head = variables.head ?? '';
    const exists = sim.git(repo).refs.has(head);
    const open = repo.pulls.filter((p) => p.head === head && p.state === 'open');
    return json({
      data: {
        repository: {
          ref: exists
            ? {
                associatedPullRequests: {
                  edges: open.slice(0, 1).map((p) => ({
                    node: {
                      id: `PR_${p.id}`,
                      number: p.number,
                      url: `https://github.com/${repo.owner}/${repo.name}/pull/${p.number}`,
                    },
                  })),
                },
              }
            : null,
        },
      },
    });
  }

  return serve;

  function serve(request: SimRequest): SimResponse {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    let body: Record<string, unknown> | undefined;
    try {
      body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : undefined;
    } catch {
      return respond({ status: 400, data: { message: 'Problems parsing JSON' } });
    }
    const recorded: RecordedRequest = {
      at: sim.time(),
      method,
      path: url.pathname,
      ...(url.search ? { query: url.search } : {}),
      body: body ?? null,
    };
    sim.requests.push(recorded);
    // Each installation has its own limits; its token names it.
    const limits = sim.limitsOf(installationOf(request.headers));
    const limited = limits.admit({
      method,
      path: url.pathname,
      conditional: request.headers['if-none-match'] !== undefined,
    });
    if (limited) {
      recorded.status = limited.status;
      return respond({
        status: limited.status,
        data: {
          message: limited.message,
          documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
        },
        headers: limited.headers,
      });
    }
    const finish = (reply: Reply): SimResponse => {
      const response = conditional(method, request.headers['if-none-match'], reply);
      recorded.status = response.status;
      limits.settle({ status: response.status, method, path: url.pathname });
      return { ...response, headers: { ...response.headers, ...limits.headers() } };
    };
    const apply = () => applied({ request, url, method, body, finish });
    const fault = sim.faults.find(
      (f) =>
        f.method === method && f.path.test(url.pathname) && f.times > 0 && (!f.body || f.body.test(request.body ?? '')),
    );
    if (fault) fault.times -= 1;
    const faulted = (): SimResponse => ({
      ...finish({
        status: fault?.status,
        data: { message: fault?.message ?? 'Simulated fault' },
        headers: fault?.headers,
      }),
      ...(fault?.reset ? { reset: true } : {}),
      ...(fault?.delayMs ? { delayMs: fault.delayMs } : {}),
    });
    if (fault && (fault.when ?? 'before') === 'before' && (fault.reset || fault.status >= 300)) return faulted();
    const answer = apply();
    if (!fault) return answer;
    if (fault.when === 'after' && (fault.reset || fault.status >= 300)) return faulted();
    return fault.delayMs ? { ...answer, delayMs: fault.delayMs } : answer;
  }

  /** What GitHub does with the request (the fault aside). */
  function applied(params: {
    request: SimRequest;
    url: URL;
    method: string;
    body: Record<string, unknown> | undefined;
    finish: (reply: Reply) => SimResponse;
  }): SimResponse {
    const { request, url, method, body, finish } = params;
    const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const workflow = credential === undefined ? undefined : sim.workflowTokens.get(credential);
    const actor = workflow ? ACTIONS_BOT_LOGIN : BOT_LOGIN;
    try {
      if (method === 'POST' && url.pathname === '/graphql') return finish(graphql(body, actor, workflow));
    } catch (error) {
      if (error instanceof HttpError) return finish({ status: error.status, data: { message: error.message } });
      throw error;
    }
    const route = checker.matchRoute(method, url.pathname);
    if (!route)
      return finish({ status: 404, data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
    const problems = checker.validateBody(method, route.template, body);
    if (problems.length > 0) return finish({ status: 422, data: { message: 'Invalid request.', errors: problems } });
    const handler = handlers[route.operationId];
    if (!handler)
      return finish({ status: 501, data: { message: `the simulator does not implement ${route.operationId}` } });
    try {
      if (workflow)
        authorize(workflow, route.operationId, method, { owner: route.params.owner, repo: route.params.repo });
      return finish(
        handler({
          method,
          path: url.pathname,
          query: url.searchParams,
          body,
          headers: request.headers,
          params: route.params,
          template: route.template,
          origin: url.origin,
          actor,
        }),
      );
    } catch (error) {
      if (error instanceof HttpError)
        return finish({ status: error.status, data: { message: error.message }, headers: error.headers });
      throw error;
    }
  }
}

/** The permission a route needs, as GitHub's fine-grained permissions name them. */
function scopeOf(operationId: string): WorkflowScope | 'metadata' | 'app' {
  const [group] = operationId.split('/');
  if (group === 'apps') return 'app';
  if (group === 'issues' || group === 'reactions') return 'issues';
  if (group === 'pulls') return 'pull-requests';
  if (group === 'checks') return 'checks';
  if (group === 'git' || operationId === 'repos/get-content' || operationId === 'repos/list-commits') return 'contents';
  return 'metadata';
}

/** One request to the simulator as plain data: what both the in-process fetch and the HTTP server speak. */
export interface SimRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** null for 204. */
  text: string | null;
  /** An injected fault: the connection is reset instead of answered. */
  reset?: boolean;
  /** An injected fault: answer this many real milliseconds later. */
  delayMs?: number;
}

/** The simulator's REST API as a `fetch` for Octokit (`request: { fetch }`): no sockets, same requests. */
export function createSimulatorFetch(sim: SimulatedGitHub, checker?: RequestChecker): typeof fetch {
  const serve = createSimulatorHandler(sim, checker);
  return async (input: string | URL | globalThis.Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const reply = serve({
      url,
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.reset)
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    const response = new Response(reply.text, { status: reply.status, headers: reply.headers });
    // As fetch returns it: with its URL (octokit's paginator reads `response.url`).
    Object.defineProperty(response, 'url', { value: new URL(url).href });
    return response;
  };
}

function respond(reply: Reply): SimResponse {
  const status = reply.status ?? 200;
  const headers: Record<string, string> = { 'x-github-request-id': 'SIM', ...(reply.headers ?? {}) };
  if (reply.text !== undefined)
    return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, text: reply.text };
  if (status === 204) return { status, headers, text: null };
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    text: JSON.stringify(reply.data ?? null),
  };
}

/**
 * Conditional requests as GitHub answers them: every successful GET carries a (weak) `ETag` of its
 * representation, and a GET whose `If-None-Match` names it is answered 304 with no body
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
 */
function conditional(method: string, ifNoneMatch: string | undefined, reply: Reply): SimResponse {
  const response = respond(reply);
  if (method !== 'GET' || response.status !== 200 || response.text === null) return response;
  const etag = `W/"${createHash('sha1').update(response.text).digest('hex')}"`;
  const matches =
    ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  if (matches) return { status: 304, headers: { 'x-github-request-id': 'SIM', etag }, text: null };
  return { ...response, headers: { ...response.headers, etag } };
}
