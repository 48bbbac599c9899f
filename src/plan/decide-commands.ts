import { planCommandComment, type CommentOutcome } from '../domain/commands/apply.js';
import { parseCommands } from '../domain/commands/parse.js';
import type { IssueState } from '../domain/commands/verb.js';
import { numberedSteps, type IssueSnapshot } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedIncident } from '../domain/incident/loaded-incident.js';
import { triggerComment, type Trigger } from '../domain/incident/trigger.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import type { IncidentSettings } from '../domain/incident/settings.js';
import { commentDigest } from './accepted-commands.js';

/** The issue as the commands leave it (labels, assignees, state). */
export function issueAfter(issue: IssueSnapshot, state: IssueState, at: string): IssueSnapshot {
  const closing = state.state === 'closed' && issue.state !== 'closed';
  return {
    ...issue,
    labels: [...state.labels],
    assignees: [...state.assignees],
    state: state.state,
    closedAt: closing ? at : issue.closedAt,
  };
}

/**
 * Decision 2, the trigger's `/incident` commands: run once per comment (a redelivered comment, after a
 * restart forgot its delivery id, is not run twice), never from a bot or the app itself.
 */
export function decideCommands(params: {
  loaded: LoadedIncident;
  trigger: Trigger;
  settings: IncidentSettings;
  metadata: IncidentMetadata;
}): { commands: CommentOutcome | null; metadata: IncidentMetadata; issue: IssueSnapshot; intents: Intent[] } {
  const { loaded, settings, metadata } = params;
  const comment = triggerComment(params.trigger);
  const issue = loaded.issue;
  const unchanged = { commands: null, metadata, issue, intents: [] };
  if (!comment || comment.authorType === 'Bot' || comment.author === loaded.botLogin) return unchanged;
  const lines = parseCommands({
    body: comment.body,
    prefix: settings.commands.prefix,
    levels: settings.commands.levels,
  });
  const digest = commentDigest(comment.body);
  const already = metadata.accepted[String(comment.id)] === digest;
  if (lines.length === 0 || already) return unchanged;
  const steps = numberedSteps({ issue, rules: settings.rules, commandSeverity: metadata.commandSeverity });
  const commands = planCommandComment({
    comment,
    lines,
    issue,
    metadata,
    settings: settings.commands,
    permission: loaded.permission ?? 'none',
    steps,
  });
  return {
    commands,
    metadata: commands.accepted
      ? { ...commands.metadata, accepted: { ...commands.metadata.accepted, [String(comment.id)]: digest } }
      : commands.metadata,
    issue: issueAfter(issue, commands.issue, comment.createdAt),
    intents: [...commands.intents],
  };
}
