import { unhandledCommands } from '../domain/commands/unhandled-commands.js';
import type { CommentRecord } from '../domain/incident/loaded-incident.js';
import type { SeverityLevel } from '../domain/template/severity.js';
import { hasPlusOneFrom, listComments } from './comments.js';
import type { IssueRef, Octokit } from './octokit.js';

/**
 * The command comments of one incident that no pass handled (domain/commands/unhandled-commands.ts),
 * oldest first: one listing of the comments updated since `notBefore` (usually one page), plus one read
 * of the 👍 on a comment only when the status comment is not among them to say what it recorded.
 */
export async function unhandledCommandComments(params: {
  octokit: Octokit;
  ref: IssueRef;
  botLogin: string;
  prefix: string;
  levels: readonly SeverityLevel[];
  notBefore: Date;
}): Promise<CommentRecord[]> {
  const { octokit, ref, botLogin } = params;
  const comments = await listComments(octokit, ref, { since: params.notBefore.toISOString() });
  const { pending, unsure } = unhandledCommands({ ...params, comments });
  const confirmed: CommentRecord[] = [];
  for (const comment of unsure)
    if (!(await hasPlusOneFrom(octokit, { owner: ref.owner, repo: ref.repo, comment_id: comment.id, login: botLogin })))
      confirmed.push(comment);
  if (confirmed.length === 0) return pending;
  return [...pending, ...confirmed].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
}
