/**
 * The simulator's GitHub: repositories, issues, comments, labels, users and the app installation, all in
 * memory, on virtual time. Human actions (open, tick, comment, close, ...) mutate it and return the
 * webhook GitHub would send; the app's REST writes (src/simulator/rest.ts) mutate it and queue the
 * webhooks they cause, so the app sees its own writes as it would on GitHub.
 */
import { SimLimits } from './limits.js';
import { createHash } from 'node:crypto';

export type Permission = 'none' | 'read' | 'triage' | 'write' | 'maintain' | 'admin';
import type { Visibility } from '../domain/trust/visibility.js';

export type { Visibility };

export const APP_SLUG = 'incident-responder';
export const BOT_LOGIN = `${APP_SLUG}[bot]`;
export const INSTALLATION_ID = 1;
/** Who a workflow's `GITHUB_TOKEN` writes as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/** The scopes of a workflow's `permissions:` block the simulator enforces; a scope left out is `none`, as on GitHub. */
export type WorkflowScope = 'issues' | 'contents' | 'pull-requests' | 'checks';
export type WorkflowPermissions = Partial<Record<WorkflowScope, 'read' | 'write' | 'none'>>;

/**
 * A workflow run's `GITHUB_TOKEN`: a plain token for one repository, with the scopes the workflow asked
 * for. https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication
 */
export interface WorkflowToken {
  /** `owner/name` of the repository the workflow runs in. */
  repo: string;
  permissions: WorkflowPermissions;
}

/** Git trees are content-addressed: the same files always give the same sha. */
export function treeSha(files: Record<string, string>): string {
  return `tree-${createHash('sha1')
    .update(JSON.stringify(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))))
    .digest('hex')}`;
}

export interface SimComment {
  id: number;
  node_id: string;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
  reactions: Array<{ content: string; user: string }>;
}

export interface SimIssue {
  number: number;
  id: number;
  node_id: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  assignees: string[];
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: SimComment[];
  /** Parent issue as `owner/repo#number`. */
  parent: string | null;
  sub_issues: string[];
}

export interface SimPull {
  number: number;
  id: number;
  title: string;
  body: string;
  head: string;
  headSha: string;
  base: string;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  requested_reviewers: string[];
  user: string;
  created_at: string;
}

/** A check run on a commit, as `final[repo].check_runs` lists it. */
export interface SimCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; annotations: Array<Record<string, unknown>> };
}

export interface SimGit {
  commits: Map<string, { tree: string; parents: string[]; message: string }>;
  trees: Map<string, Record<string, string>>;
  refs: Map<string, string>;
}

export interface SimEvent {
  event: string;
  actor: string;
  created_at: string;
  label?: string;
  source?: { repo: string; number: number; title: string; pull: boolean };
}

export interface SimRepo {
  owner: string;
  name: string;
  id: number;
  visibility: Visibility;
  default_branch: string;
  files: Record<string, string>;
  labels: Map<string, { name: string; color: string }>;
  issues: SimIssue[];
  /** False: the app's writes are answered 403 "Resource not accessible by integration". */
  appCanWrite: boolean;
  installed: boolean;
  /** The installation that covers it (INSTALLATION_ID unless a test or the benchmark says otherwise). */
  installationId?: number;
  pulls: SimPull[];
  git: SimGit | null;
  /** Issue number -> timeline events (labeled, closed, cross-referenced, ...). */
  events: Map<number, SimEvent[]>;
  checkRuns: SimCheckRun[];
}

export interface WebhookEvent {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  /** The query string (`?since=...`), when there is one. */
  query?: string;
  body: unknown;
  /** The status answered (304: a conditional request GitHub does not count). */
  status?: number;
}

/**
 * A fault injected into the next `times` requests that match: an error status (5xx, a secondary rate
 * limit), a connection reset, or a slow answer. `after`: GitHub applies the write first and the answer is
 * lost (the case a blind retry turns into a duplicate); `before` (default): nothing is applied.
 */
export interface Fault {
  method: string;
  path: RegExp;
  /** Only requests whose body (JSON text) matches: one kind of comment, say. */
  body?: RegExp;
  /** The status answered instead; ignored when `reset` (no answer at all). */
  status: number;
  times: number;
  headers?: Record<string, string>;
  message?: string;
  when?: 'before' | 'after';
  /** The connection is reset instead of answered (over HTTP the socket is destroyed; in process fetch rejects). */
  reset?: boolean;
  /** The answer (the real one unless `status` says otherwise) comes this much later, in real milliseconds. */
  delayMs?: number;
}

export class SimulatedGitHub {
  readonly repos = new Map<string, SimRepo>();
  readonly users = new Map<
    string,
    { login: string; id: number; type: 'User' | 'Bot'; permissions: Map<string, Permission> }
  >();
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Plain workflow tokens (`GITHUB_TOKEN`) by value; any other credential acts as the app's installation. */
  readonly workflowTokens = new Map<string, WorkflowToken>();
  /** GitHub's rate limits of the default installation, enforced and reported in headers (./limits.ts). */
  readonly limits: SimLimits;
  /** Other installations' limits, by id (requests carry their installation's token). */
  private readonly otherLimits = new Map<number, SimLimits>();
  /** Webhooks caused by the app's own writes, waiting to be delivered. */
  outbox: WebhookEvent[] = [];
  private nextId = 1000;
  private nextDelivery = 1;

  constructor(readonly now: () => Date) {
    this.limits = new SimLimits(now);
    this.addUser(BOT_LOGIN, 'Bot');
    this.addUser(ACTIONS_BOT_LOGIN, 'Bot');
  }

  /** Issues a workflow run's `GITHUB_TOKEN` for a repository with the given `permissions:`. */
  addWorkflowToken(token: string, params: WorkflowToken): void {
    this.workflowTokens.set(token, { repo: params.repo, permissions: { ...params.permissions } });
  }

  id(): number {
    return this.nextId++;
  }

  /** The rate limits of one installation; settings (`primary`, `secondary`) are copied from the default one. */
  limitsOf(installationId: number): SimLimits {
    if (installationId === INSTALLATION_ID) return this.limits;
    let limits = this.otherLimits.get(installationId);
    if (!limits) {
      limits = new SimLimits(this.now);
      limits.primary = this.limits.primary;
      limits.secondary = this.limits.secondary;
      limits.limit = this.limits.limit;
      this.otherLimits.set(installationId, limits);
    }
    return limits;
  }

  /** Counted requests and 304s over every installation. */
  totals(): { counted: number; notModified: number } {
    let counted = this.limits.counted;
    let notModified = this.limits.notModified;
    for (const l of this.otherLimits.values()) {
      counted += l.counted;
      notModified += l.notModified;
    }
    return { counted, notModified };
  }

  time(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  deliveryId(): string {
    const n = String(this.nextDelivery++).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  }

  addUser(login: string, type: 'User' | 'Bot' = 'User'): void {
    if (!this.users.has(login)) this.users.set(login, { login, id: this.id(), type, permissions: new Map() });
  }

  setPermission(login: string, repo: string, permission: Permission): void {
    this.addUser(login);
    this.users.get(login)?.permissions.set(repo, permission);
  }

  permission(login: string, repo: string): Permission {
    return this.users.get(login)?.permissions.get(repo) ?? 'none';
  }

  addRepo(fullName: string, visibility: Visibility = 'private'): SimRepo {
    const [owner = '', name = ''] = fullName.split('/');
    const repo: SimRepo = {
      owner,
      name,
      id: this.id(),
      visibility,
      default_branch: 'main',
      files: {},
      labels: new Map(),
      issues: [],
      appCanWrite: true,
      installed: true,
      pulls: [],
      git: null,
      events: new Map(),
      checkRuns: [],
    };
    this.repos.set(fullName.toLowerCase(), repo);
    this.addUser(owner);
    return repo;
  }

  repo(owner: string, name: string): SimRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  issue(repo: SimRepo, number: number): SimIssue | undefined {
    return repo.issues.find((i) => i.number === number);
  }

  /** Issues and pull requests share one number sequence per repository, as on GitHub. */
  nextNumber(repo: SimRepo): number {
    return Math.max(0, ...repo.issues.map((i) => i.number), ...repo.pulls.map((p) => p.number)) + 1;
  }

  recordEvent(repo: SimRepo, number: number, event: Omit<SimEvent, 'created_at'>): void {
    const list = repo.events.get(number) ?? [];
    list.push({ ...event, created_at: this.time() });
    repo.events.set(number, list);
  }

  /** Git objects for the default branch, created from `files` on first use. */
  git(repo: SimRepo): SimGit {
    if (!repo.git) {
      const tree = treeSha(repo.files);
      const commit = `commit${this.id()}`;
      repo.git = {
        commits: new Map([[commit, { tree, parents: [], message: 'Initial commit' }]]),
        trees: new Map([[tree, { ...repo.files }]]),
        refs: new Map([[repo.default_branch, commit]]),
      };
    }
    return repo.git;
  }

  filesAt(repo: SimRepo, sha: string): Record<string, string> {
    const git = this.git(repo);
    const commit = git.commits.get(sha);
    return commit ? { ...(git.trees.get(commit.tree) ?? {}) } : {};
  }

  ensureLabel(repo: SimRepo, name: string): void {
    if (![...repo.labels.keys()].some((l) => l.toLowerCase() === name.toLowerCase()))
      repo.labels.set(name, { name, color: 'ededed' });
  }

  createIssue(
    repo: SimRepo,
    params: { title: string; body: string; labels: string[]; assignees?: string[]; by: string },
  ): SimIssue {
    const now = this.time();
    for (const label of params.labels) this.ensureLabel(repo, label);
    const issue: SimIssue = {
      number: this.nextNumber(repo),
      id: this.id(),
      node_id: `I_${this.nextId}`,
      title: params.title,
      body: params.body,
      state: 'open',
      state_reason: null,
      labels: [...params.labels],
      assignees: [...(params.assignees ?? [])],
      user: params.by,
      created_at: now,
      updated_at: now,
      closed_at: null,
      comments: [],
      parent: null,
      sub_issues: [],
    };
    repo.issues.push(issue);
    return issue;
  }

  /** A webhook for an issue event, shaped like GitHub's. */
  issueEvent(
    repo: SimRepo,
    issue: SimIssue,
    action: string,
    sender: string,
    extra: Record<string, unknown> = {},
  ): WebhookEvent {
    return {
      id: this.deliveryId(),
      name: 'issues',
      payload: { action, issue: this.issueJson(repo, issue), ...extra, ...this.envelope(repo, sender) },
    };
  }

  commentEvent(repo: SimRepo, issue: SimIssue, comment: SimComment, action: string, sender: string): WebhookEvent {
    return {
      id: this.deliveryId(),
      name: 'issue_comment',
      payload: {
        action,
        issue: this.issueJson(repo, issue),
        comment: this.commentJson(repo, issue, comment),
        ...this.envelope(repo, sender),
      },
    };
  }

  envelope(repo: SimRepo, sender: string): Record<string, unknown> {
    return {
      repository: this.repoJson(repo),
      sender: this.userJson(sender),
      installation: { id: repo.installationId ?? INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' },
    };
  }

  userJson(login: string): Record<string, unknown> {
    this.addUser(login);
    const user = this.users.get(login);
    return {
      login,
      id: user?.id ?? 0,
      node_id: `U_${user?.id ?? 0}`,
      type: user?.type ?? 'User',
      site_admin: false,
      html_url: `https://github.com/${login}`,
      url: `https://api.github.com/users/${login}`,
    };
  }

  repoJson(repo: SimRepo): Record<string, unknown> {
    return {
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      id: repo.id,
      node_id: `R_${repo.id}`,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: this.userJson(repo.owner),
      private: repo.visibility !== 'public',
      visibility: repo.visibility,
      default_branch: repo.default_branch,
      html_url: `https://github.com/${repo.owner}/${repo.name}`,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}`,
    };
  }

  labelJson(repo: SimRepo, name: string): Record<string, unknown> {
    return {
      id: name.length,
      node_id: `L_${name}`,
      name,
      color: repo.labels.get(name)?.color ?? 'ededed',
      default: false,
      description: null,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
    };
  }

  issueJson(repo: SimRepo, issue: SimIssue): Record<string, unknown> {
    const url = `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/${issue.number}`;
    return {
      id: issue.id,
      node_id: issue.node_id,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      locked: false,
      labels: issue.labels.map((l) => this.labelJson(repo, l)),
      assignee: issue.assignees[0] ? this.userJson(issue.assignees[0]) : null,
      assignees: issue.assignees.map((a) => this.userJson(a)),
      user: this.userJson(issue.user),
      comments: issue.comments.length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: 'MEMBER',
      html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}`,
      url,
      repository_url: `https://api.github.com/repos/${repo.owner}/${repo.name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      labels_url: `${url}/labels{/name}`,
    };
  }

  commentJson(repo: SimRepo, issue: SimIssue, comment: SimComment): Record<string, unknown> {
    return {
      id: comment.id,
      node_id: comment.node_id,
      body: comment.body,
      user: this.userJson(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: comment.user === BOT_LOGIN || comment.user === ACTIONS_BOT_LOGIN ? 'NONE' : 'MEMBER',
      html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`,
      issue_url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/${issue.number}`,
      url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}`,
      performed_via_github_app:
        comment.user === BOT_LOGIN
          ? { id: 1, slug: APP_SLUG, name: APP_SLUG }
          : comment.user === ACTIONS_BOT_LOGIN
            ? { id: 15368, slug: 'github-actions', name: 'GitHub Actions' }
            : null,
      reactions: {
        url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}/reactions`,
        total_count: comment.reactions.length,
        '+1': comment.reactions.filter((r) => r.content === '+1').length,
      },
    };
  }

  /** The final state, as the `simulate --json` contract describes it. */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const repo of this.repos.values()) {
      out[`${repo.owner}/${repo.name}`] = {
        visibility: repo.visibility,
        issues: repo.issues.map((i) => ({
          number: i.number,
          title: i.title,
          body: i.body,
          state: i.state,
          labels: [...i.labels],
          assignees: [...i.assignees],
          parent: i.parent ? Number(i.parent.split('#')[1]) : null,
          sub_issues: i.sub_issues.map((s) => Number(s.split('#')[1])),
          comments: i.comments.map((c) => ({
            id: c.id,
            author: c.user,
            body: c.body,
            created_at: c.created_at,
            updated_at: c.updated_at,
          })),
        })),
        files: repo.git ? this.filesAt(repo, repo.git.refs.get(repo.default_branch) ?? '') : { ...repo.files },
        // Every other branch's files (the status page's branch, report and index pull request heads).
        branches: Object.fromEntries(
          [...(repo.git?.refs.keys() ?? [])]
            .filter((branch) => branch !== repo.default_branch)
            .sort()
            .map((branch) => [branch, this.filesAt(repo, repo.git?.refs.get(branch) ?? '')]),
        ),
        pulls: repo.pulls.map((p) => {
          const head = this.filesAt(repo, p.headSha);
          const base = this.filesAt(repo, repo.git?.refs.get(p.base) ?? '');
          const changed = Object.fromEntries(Object.entries(head).filter(([path, text]) => base[path] !== text));
          return {
            number: p.number,
            title: p.title,
            body: p.body,
            head: p.head,
            base: p.base,
            state: p.merged ? 'merged' : p.state,
            files: changed,
          };
        }),
        check_runs: repo.checkRuns.map((run) => ({
          name: run.name,
          head_sha: run.head_sha,
          status: run.status,
          conclusion: run.conclusion,
          output: { ...run.output, annotations: run.output.annotations.map((a) => ({ ...a })) },
        })),
      };
    }
    return out;
  }
}
