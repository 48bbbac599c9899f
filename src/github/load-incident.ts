import { parseCommands } from '../domain/commands/parse.js';
import type { LoadedIncident, Trigger } from '../domain/loaded-incident.js';
import { isIncident } from '../domain/incident-view.js';
import { readMarker } from '../domain/markers.js';
import { parseMetadata } from '../domain/metadata.js';
import type { IncidentSettings } from '../domain/settings.js';
import { appComments, hasPlusOneFrom, listComments } from './comments.js';
import { getIssue } from './issues.js';
import type { IssueRef, Octokit } from './octokit.js';
import { permissionOf } from './permissions.js';

/**
 * Everything one pass needs, read-only: the issue (from the payload when it is the newest state), its
 * comments, the app's status comment and its metadata, the commenter's permission when a comment holds
 * commands, and the app's 👍 on earlier comments when the status comment must be rebuilt. Null when the
 * issue is gone or is not an incident (nothing more is read then).
 */
export async function loadIncident(params: { octokit: Octokit; ref: IssueRef; trigger: Trigger; settings: IncidentSettings; botLogin: string }): Promise<LoadedIncident | null> {
  const { octokit, ref, trigger, settings, botLogin } = params;
  const issue = trigger.issue ?? (await getIssue(octokit, ref));
  if (!issue || !isIncident(issue, settings.incidentLabels)) return null;
  const comments = await listComments(octokit, ref);
  const statusComment = appComments(comments, 'status', botLogin)[0];
  const status = statusComment ? { id: statusComment.id, htmlUrl: statusComment.htmlUrl, metadata: parseMetadata(readMarker(statusComment.body, 'status')?.data ?? null) } : null;

  const comment = trigger.comment;
  const hasCommands = comment !== undefined && comment.authorType !== 'Bot' && comment.author !== botLogin && parseCommands({ body: comment.body, prefix: settings.commands.prefix, levels: settings.commands.levels }).length > 0;
  const permission = hasCommands ? await permissionOf(octokit, ref, comment.author) : null;

  // Without the status comment (or with one whose metadata cannot be read), its record is rebuilt from
  // the comments the app accepted: one request per candidate.
  const acceptedByReaction = new Set<number>();
  if (!status || status.metadata.viewKey === null) {
    for (const c of comments) {
      if (c.author === botLogin || c.plusOnes === 0 || c.id === comment?.id) continue;
      if (parseCommands({ body: c.body, prefix: settings.commands.prefix, levels: settings.commands.levels }).every((l) => !l.ok)) continue;
      if (await hasPlusOneFrom(octokit, { owner: ref.owner, repo: ref.repo, comment_id: c.id, login: botLogin })) acceptedByReaction.add(c.id);
    }
  }
  return { ref: { owner: ref.owner, repo: ref.repo, number: ref.issue_number }, issue, botLogin, status, comments, permission, acceptedByReaction };
}
