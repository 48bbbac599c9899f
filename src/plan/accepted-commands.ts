import { bindCommand, recordAccepted } from '../domain/commands/apply.js';
import { parseCommands } from '../domain/commands/parse.js';
import { numberedSteps } from '../domain/incident/incident-state.js';
import type { CommentRecord, LoadedIncident } from '../domain/incident/loaded-incident.js';
import { emptyMetadata, type IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import type { AcceptedCommand } from '../domain/incident/timeline.js';
import { sha256Hex } from '../domain/shared/hash.js';

/** Digest of a comment body the app accepted commands from: short, it is kept for every accepted comment. */
export const commentDigest = (body: string): string => sha256Hex(body).slice(0, 16);

const edited = (c: CommentRecord): boolean =>
  c.updatedAt !== c.createdAt && Date.parse(c.updatedAt) > Date.parse(c.createdAt);

/**
 * The status comment holds what commands recorded. When it is gone (someone deleted it), that record is
 * rebuilt from the comments the app accepted (its 👍 marks them), in order, for their record only
 * (labels, assignees and closing happened already). A comment edited since is not replayed: its text
 * is no longer what was accepted.
 */
export function replayAccepted(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  exclude: number | undefined;
}): IncidentMetadata {
  const { loaded, settings } = params;
  let metadata = emptyMetadata();
  const steps = numberedSteps({ issue: loaded.issue, rules: settings.rules, commandSeverity: null });
  for (const comment of loaded.comments) {
    if (
      comment.author === loaded.botLogin ||
      comment.id === params.exclude ||
      !loaded.acceptedByReaction.has(comment.id) ||
      edited(comment)
    )
      continue;
    const accepted = parseCommands({
      body: comment.body,
      prefix: settings.commands.prefix,
      levels: settings.commands.levels,
    }).flatMap((l) => (l.ok ? [l] : []));
    if (accepted.length === 0) continue;
    for (const line of accepted) {
      const command = bindCommand({ command: line.command, steps });
      if ('error' in command) continue;
      metadata =
        recordAccepted({
          metadata,
          command,
          at: comment.createdAt,
          resolveCloses: settings.commands.resolveCloses,
          actor: comment.author,
          raw: line.raw,
        }) ?? metadata;
    }
    metadata = { ...metadata, accepted: { ...metadata.accepted, [String(comment.id)]: commentDigest(comment.body) } };
  }
  return metadata;
}

/**
 * The commands the app accepted, as they read when accepted: a comment whose body no longer matches the
 * digest recorded at acceptance is reported as edited instead. Before digests were kept (metadata
 * written by an older version), the app's 👍 count marks accepted comments.
 */
export function acceptedCommands(params: {
  comments: readonly CommentRecord[];
  metadata: IncidentMetadata;
  settings: IncidentSettings;
  botLogin: string;
  steps?: ReadonlyArray<{ id: string; number: number; text: string }>;
}): { commands: AcceptedCommand[]; edited: Array<{ at: string; actor: string }> } {
  const { metadata, settings } = params;
  const legacy = Object.keys(metadata.accepted).length === 0;
  const commands: AcceptedCommand[] = [];
  const editedOnes: Array<{ at: string; actor: string }> = [];
  for (const comment of params.comments) {
    if (comment.author === params.botLogin) continue;
    const digest = metadata.accepted[String(comment.id)];
    if (!legacy && digest === undefined) continue;
    if (legacy && comment.plusOnes === 0) continue;
    if (digest !== undefined && digest !== commentDigest(comment.body)) {
      editedOnes.push({ at: comment.createdAt, actor: comment.author });
      continue;
    }
    for (const line of parseCommands({
      body: comment.body,
      prefix: settings.commands.prefix,
      levels: settings.commands.levels,
    })) {
      if (!line.ok) continue;
      const command = bindCommand({ command: line.command, steps: params.steps ?? [] });
      commands.push({
        at: comment.createdAt,
        actor: comment.author,
        command: 'error' in command ? line.command : command,
      });
    }
  }
  return { commands, edited: editedOnes };
}
