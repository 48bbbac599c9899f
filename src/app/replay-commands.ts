import { recordCommand } from '../domain/command-effects.js';
import { parseCommands } from '../domain/commands.js';
import type { IncidentMetadata } from '../domain/metadata.js';
import { hasPlusOneFrom, type IssueComment } from '../github/comments.js';
import type { IssueRef, Octokit } from '../github/octokit.js';
import type { CommandSettings } from './apply-commands.js';

/**
 * The status comment holds what commands recorded (roles, summary, impact, the latest update, times).
 * When it is gone (someone deleted it), that record is rebuilt from the comments themselves: every
 * comment the app accepted carries its 👍, so those commands are replayed, in order, for their record
 * only (labels, assignees and closing happened already). Costs nothing while the status comment exists;
 * one request per candidate comment otherwise. Tick times cannot be rebuilt: they show as unknown.
 */
export async function replayAcceptedCommands(params: {
  octokit: Octokit;
  ref: IssueRef;
  comments: readonly IssueComment[];
  botLogin: string;
  metadata: IncidentMetadata;
  settings: CommandSettings;
  /** The comment being handled now: it runs as a new command, not as a replay. */
  exclude?: number;
}): Promise<IncidentMetadata> {
  let metadata = params.metadata;
  for (const comment of params.comments) {
    if (comment.author === params.botLogin || comment.plusOnes === 0 || comment.id === params.exclude) continue;
    const accepted = parseCommands({ body: comment.body, prefix: params.settings.prefix, levels: params.settings.levels }).flatMap((l) => (l.ok ? [l.command] : []));
    if (accepted.length === 0) continue;
    if (!(await hasPlusOneFrom(params.octokit, { owner: params.ref.owner, repo: params.ref.repo, comment_id: comment.id, login: params.botLogin }))) continue;
    for (const command of accepted) metadata = recordCommand({ metadata, command, at: comment.createdAt, resolveCloses: params.settings.resolveCloses });
  }
  return metadata;
}
