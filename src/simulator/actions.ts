import { createHash } from 'node:crypto';
import { treeSha, type SimIssue, type SimRepo, type SimulatedGitHub, type WebhookEvent } from './state.js';

/**
 * What people do on GitHub, applied to the simulated state; each returns the webhook GitHub sends.
 */
export class HumanActions {
  constructor(private readonly sim: SimulatedGitHub) {}

  private issue(repo: SimRepo, number: number): SimIssue {
    const issue = this.sim.issue(repo, number);
    if (!issue) throw new Error(`no issue #${number} in ${repo.owner}/${repo.name}`);
    return issue;
  }

  open(
    repo: SimRepo,
    params: { title: string; body: string; labels?: string[]; by: string },
  ): { issue: SimIssue; event: WebhookEvent } {
    const issue = this.sim.createIssue(repo, {
      title: params.title,
      body: params.body,
      labels: params.labels ?? [],
      by: params.by,
    });
    return { issue, event: this.sim.issueEvent(repo, issue, 'opened', params.by) };
  }

  editBody(repo: SimRepo, number: number, params: { body: string; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    const from = issue.body;
    issue.body = params.body;
    issue.updated_at = this.sim.time();
    return this.sim.issueEvent(repo, issue, 'edited', params.by, { changes: { body: { from } } });
  }

  /** Ticks (or unticks) the first step whose line contains `text`, as a person clicking the box. */
  setChecked(repo: SimRepo, number: number, params: { text: string; checked: boolean; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    const lines = issue.body.split('\n');
    const index = lines.findIndex(
      (line) => /^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[[ x]\]/i.test(line) && line.includes(params.text),
    );
    if (index === -1) throw new Error(`no task item containing "${params.text}" in #${number}`);
    lines[index] = (lines[index] ?? '').replace(/\[[ x]\]/i, params.checked ? '[x]' : '[ ]');
    return this.editBody(repo, number, { body: lines.join('\n'), by: params.by });
  }

  comment(repo: SimRepo, number: number, params: { body: string; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    const now = this.sim.time();
    const comment = {
      id: this.sim.id(),
      node_id: `IC_${this.sim.id()}`,
      body: params.body,
      user: params.by,
      created_at: now,
      updated_at: now,
      reactions: [],
    };
    issue.comments.push(comment);
    // GitHub moves the issue's updated_at with each new comment (the issue list's `since` finds it).
    issue.updated_at = now;
    return this.sim.commentEvent(repo, issue, comment, 'created', params.by);
  }

  /** Edits a comment (GitHub sends `issue_comment.edited`, which the app does not act on). */
  editComment(repo: SimRepo, number: number, params: { id: number; body: string; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    const comment = issue.comments.find((c) => c.id === params.id);
    if (!comment) throw new Error(`no comment ${params.id} on #${number}`);
    comment.body = params.body;
    comment.updated_at = this.sim.time();
    return this.sim.commentEvent(repo, issue, comment, 'edited', params.by);
  }

  /** Deletes a comment (someone removes the status comment, say); GitHub sends `issue_comment.deleted`. */
  deleteComment(repo: SimRepo, number: number, params: { id: number; by?: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    const comment = issue.comments.find((c) => c.id === params.id);
    if (!comment) throw new Error(`no comment ${params.id} on #${number}`);
    issue.comments = issue.comments.filter((c) => c.id !== params.id);
    return this.sim.commentEvent(repo, issue, comment, 'deleted', params.by ?? 'alice');
  }

  label(repo: SimRepo, number: number, params: { name: string; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    this.sim.ensureLabel(repo, params.name);
    if (!issue.labels.includes(params.name)) issue.labels.push(params.name);
    this.sim.recordEvent(repo, number, { event: 'labeled', actor: params.by, label: params.name });
    issue.updated_at = this.sim.time();
    return this.sim.issueEvent(repo, issue, 'labeled', params.by, { label: this.sim.labelJson(repo, params.name) });
  }

  unlabel(repo: SimRepo, number: number, params: { name: string; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== params.name.toLowerCase());
    issue.updated_at = this.sim.time();
    return this.sim.issueEvent(repo, issue, 'unlabeled', params.by, { label: this.sim.labelJson(repo, params.name) });
  }

  assign(repo: SimRepo, number: number, params: { login: string; by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    if (!issue.assignees.includes(params.login)) issue.assignees.push(params.login);
    issue.updated_at = this.sim.time();
    return this.sim.issueEvent(repo, issue, 'assigned', params.by, { assignee: this.sim.userJson(params.login) });
  }

  close(repo: SimRepo, number: number, params: { by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    issue.state = 'closed';
    issue.state_reason = 'completed';
    issue.closed_at = this.sim.time();
    issue.updated_at = issue.closed_at;
    this.sim.recordEvent(repo, number, { event: 'closed', actor: params.by });
    return this.sim.issueEvent(repo, issue, 'closed', params.by);
  }

  /**
   * Merges a pull request as GitHub's merge button does: a merge commit on the base branch with the
   * head's changes since the fork point (so merging one report does not undo another merged in
   * between); a file both sides changed differently is a conflict, as on GitHub. GitHub sends
   * pull_request.closed with `merged: true`.
   */
  merge(repo: SimRepo, number: number, params: { by: string }): WebhookEvent {
    const pull = repo.pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`no pull request #${number} in ${repo.owner}/${repo.name}`);
    if (pull.state !== 'open') throw new Error(`${repo.owner}/${repo.name}#${number} is not open`);
    const git = this.sim.git(repo);
    const baseSha = git.refs.get(pull.base) ?? '';
    const ancestors = (sha: string): string[] => {
      const seen: string[] = [];
      const queue = [sha];
      while (queue.length > 0) {
        const next = queue.shift() as string;
        if (seen.includes(next) || !git.commits.has(next)) continue;
        seen.push(next);
        queue.push(...(git.commits.get(next)?.parents ?? []));
      }
      return seen;
    };
    const onBase = new Set(ancestors(baseSha));
    const forkPoint = ancestors(pull.headSha).find((sha) => onBase.has(sha)) ?? baseSha;
    const [fork, base, head] = [forkPoint, baseSha, pull.headSha].map((sha) => this.sim.filesAt(repo, sha)) as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
    ];
    const merged = { ...base };
    for (const path of new Set([...Object.keys(fork), ...Object.keys(head)])) {
      if (head[path] === fork[path]) continue;
      if (base[path] !== fork[path] && base[path] !== head[path])
        throw new Error(`${repo.owner}/${repo.name}#${number} conflicts with ${pull.base} in ${path}`);
      if (head[path] === undefined) delete merged[path];
      else merged[path] = head[path];
    }
    const tree = treeSha(merged);
    git.trees.set(tree, merged);
    const commit = `commit${this.sim.id()}`;
    git.commits.set(commit, {
      tree,
      parents: [baseSha, pull.headSha],
      message: `Merge pull request #${number} from ${pull.head}`,
    });
    git.refs.set(pull.base, commit);
    pull.state = 'closed';
    pull.merged = true;
    const pullRequest = {
      number,
      merged: true,
      title: pull.title,
      body: pull.body,
      user: this.sim.userJson(pull.user),
      head: { ref: pull.head, sha: pull.headSha },
      base: { ref: pull.base },
      html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${number}`,
    };
    return {
      id: this.sim.deliveryId(),
      name: 'pull_request',
      payload: { action: 'closed', number, pull_request: pullRequest, ...this.sim.envelope(repo, params.by) },
    };
  }

  /**
   * Pushes one commit to the default branch that sets `files` (path -> text), as `git push` would; GitHub
   * sends `push` with the commit's added and modified paths.
   */
  push(repo: SimRepo, params: { files: Record<string, string>; by: string }): WebhookEvent {
    const git = this.sim.git(repo);
    const before = git.refs.get(repo.default_branch) ?? '';
    const base = this.sim.filesAt(repo, before);
    const files = { ...base, ...params.files };
    const tree = treeSha(files);
    git.trees.set(tree, files);
    // 40 hex digits, as GitHub's commit ids (check runs are posted on them).
    const after = createHash('sha1').update(`${before}\0${tree}\0${this.sim.id()}`).digest('hex');
    const paths = Object.keys(params.files);
    git.commits.set(after, { tree, parents: before ? [before] : [], message: `Update ${paths.join(', ')}` });
    git.refs.set(repo.default_branch, after);
    repo.files = { ...files };
    const commit = {
      id: after,
      message: `Update ${paths.join(', ')}`,
      timestamp: this.sim.time(),
      author: { name: params.by, username: params.by },
      added: paths.filter((p) => base[p] === undefined),
      modified: paths.filter((p) => base[p] !== undefined),
      removed: [],
    };
    return {
      id: this.sim.deliveryId(),
      name: 'push',
      payload: {
        ref: `refs/heads/${repo.default_branch}`,
        before: before || '0'.repeat(40),
        after,
        created: false,
        deleted: false,
        forced: false,
        commits: [commit],
        head_commit: commit,
        pusher: { name: params.by },
        ...this.sim.envelope(repo, params.by),
      },
    };
  }

  /** A person opens a pull request whose body references the incident (a cross-reference event). */
  referenceFromPull(repo: SimRepo, incident: number, params: { title: string; by: string }): void {
    const number = this.sim.nextNumber(repo);
    repo.pulls.push({
      number,
      id: this.sim.id(),
      title: params.title,
      body: `Fixes #${incident}`,
      head: `fix-${number}`,
      headSha: '',
      base: repo.default_branch,
      state: 'open',
      merged: false,
      labels: [],
      requested_reviewers: [],
      user: params.by,
      created_at: this.sim.time(),
    });
    this.sim.recordEvent(repo, incident, {
      event: 'cross-referenced',
      actor: params.by,
      source: { repo: `${repo.owner}/${repo.name}`, number, title: params.title, pull: true },
    });
  }

  reopen(repo: SimRepo, number: number, params: { by: string }): WebhookEvent {
    const issue = this.issue(repo, number);
    issue.state = 'open';
    issue.state_reason = 'reopened';
    issue.closed_at = null;
    this.sim.recordEvent(repo, number, { event: 'reopened', actor: params.by });
    issue.updated_at = this.sim.time();
    return this.sim.issueEvent(repo, issue, 'reopened', params.by);
  }
}
