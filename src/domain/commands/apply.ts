import { COMMAND_EVENTS, recordFact, type DoneEvent, type DoneFact } from '../template/done-when.js';
import type { Intent, IntentOrigin } from '../incident/intents.js';
import type { IncidentMetadata } from '../incident/metadata.js';
import { hasPermission, type CommandSettings, type PermissionLevel } from '../incident/settings.js';
import { moduleOf } from './registry.js';
import type { ParsedLine } from './parse.js';
import type { IssueState, NumberedStep } from './verb.js';
import type { Command } from './registry.js';

/** What an accepted command records in the metadata (its own field only; see `recordAccepted` for ordering). */
export function recordCommand(params: {
  metadata: IncidentMetadata;
  command: Command;
  at: string;
  resolveCloses: boolean;
  actor?: string;
  raw?: string;
}): IncidentMetadata {
  const record = moduleOf(params.command).record;
  const recorded = record
    ? record({
        metadata: params.metadata,
        command: params.command as never,
        at: params.at,
        actor: params.actor,
        settings: { resolveCloses: params.resolveCloses },
      })
    : params.metadata;
  // The first command of a kind completes the steps that ask for it ("done by `/incident lead @bob`").
  const event = COMMAND_EVENTS[params.command.verb];
  if (!event || params.raw === undefined) return recorded;
  const facts = recordFact(recorded.facts as Partial<Record<DoneEvent, DoneFact>>, event, {
    at: params.at,
    by: params.actor ?? null,
    via: params.raw,
  });
  return facts === recorded.facts ? recorded : { ...recorded, facts };
}

/** A command that names a step, tied to the checklist; other commands as they are. */
export function bindCommand(params: { command: Command; steps: readonly NumberedStep[] }): Command | { error: string } {
  const bind = moduleOf(params.command).bind;
  return bind
    ? (bind({ command: params.command as never, steps: params.steps }) as Command | { error: string })
    : params.command;
}

/**
 * Records a command unless a newer command already set the same field: GitHub may deliver an old
 * command late (a redelivery after a restart), and it must never undo a newer one. Returns null when
 * the command is older than what the metadata holds.
 */
export function recordAccepted(params: {
  metadata: IncidentMetadata;
  command: Command;
  at: string;
  resolveCloses: boolean;
  actor?: string;
  raw?: string;
}): IncidentMetadata | null {
  const field = moduleOf(params.command).field;
  const newer = field ? params.metadata.fieldAt[field] : undefined;
  if (newer !== undefined && Date.parse(newer) > Date.parse(params.at)) return null;
  const recorded = recordCommand(params);
  return field ? { ...recorded, fieldAt: { ...recorded.fieldAt, [field]: params.at } } : recorded;
}

/** One comment opens at most this many follow-up issues: a paste of 300 lines must not open 300 issues. */
export const MAX_ACTIONS_PER_COMMENT = 20;

/**
 * One comment runs at most this many command lines, whatever the verb: each line can cost requests
 * (labels, assignees, a rebuild of the index), so a pasted wall of commands must not become a flood.
 */
export const MAX_COMMAND_LINES_PER_COMMENT = 50;

export interface CommandComment {
  id: number;
  body: string;
  author: string;
  authorType: string;
  createdAt: string;
}

/** Why a line or a comment did not run, as data: the reply renders it (escaped). */
export type CommandProblem =
  | { kind: 'permission'; author: string; need: PermissionLevel; have: PermissionLevel }
  | { kind: 'usage'; line: number; raw: string; message: string }
  | { kind: 'refused'; line: number; raw: string; status: number | null; message: string }
  | { kind: 'too-many-actions'; count: number; max: number }
  | { kind: 'too-many-lines'; count: number; max: number };

export interface CommentOutcome {
  metadata: IncidentMetadata;
  issue: IssueState;
  /** Writes the commands ask for (labels, assignees, closing), each with its command line as origin. */
  intents: Intent[];
  /** Lines that could not run (usage errors, no permission): the reply lists them. */
  problems: CommandProblem[];
  helpRequested: boolean;
  actionItems: Array<{ id: string; text: string }>;
  reportRequested: boolean;
  /** The commenter may run commands and at least one line parsed. */
  accepted: boolean;
}

/**
 * The commands of one new comment, decided: authorised once per comment, each line parsed, recorded
 * and turned into intents in order (each command sees the previous one's effect on the issue).
 */
export function planCommandComment(params: {
  comment: CommandComment;
  lines: readonly ParsedLine[];
  issue: IssueState;
  metadata: IncidentMetadata;
  settings: CommandSettings;
  permission: PermissionLevel;
  /** The checklist's steps as the status comment numbers them (for commands that name a step). */
  steps?: readonly NumberedStep[];
}): CommentOutcome {
  const { comment, settings } = params;
  let metadata = params.metadata;
  let issue = params.issue;
  const outcome: CommentOutcome = {
    metadata,
    issue,
    intents: [],
    problems: [],
    helpRequested: false,
    actionItems: [],
    reportRequested: false,
    accepted: false,
  };
  if (params.lines.length === 0) return outcome;
  if (!hasPermission(params.permission, settings.permission)) {
    outcome.problems.push({
      kind: 'permission',
      author: comment.author,
      need: settings.permission,
      have: params.permission,
    });
    return outcome;
  }
  if (params.lines.length > MAX_COMMAND_LINES_PER_COMMENT)
    outcome.problems.push({ kind: 'too-many-lines', count: params.lines.length, max: MAX_COMMAND_LINES_PER_COMMENT });
  let indexRequested = false;
  for (const line of params.lines.slice(0, MAX_COMMAND_LINES_PER_COMMENT)) {
    if (!line.ok) {
      outcome.problems.push({ kind: 'usage', line: line.line, raw: line.raw, message: line.error });
      continue;
    }
    if (line.command.verb === 'action' && outcome.actionItems.length >= MAX_ACTIONS_PER_COMMENT) {
      if (!outcome.problems.some((p) => p.kind === 'too-many-actions'))
        outcome.problems.push({
          kind: 'too-many-actions',
          count: params.lines.filter((l) => l.ok && l.command.verb === 'action').length,
          max: MAX_ACTIONS_PER_COMMENT,
        });
      continue;
    }
    // One index rebuild (and one answer) per comment: every `stats` line after the first asks for the
    // same thing, so it is accepted and adds nothing.
    if (line.command.verb === 'stats') {
      if (indexRequested) continue;
      indexRequested = true;
    }
    const bound = bindCommand({ command: line.command, steps: params.steps ?? [] });
    if ('error' in bound) {
      outcome.problems.push({ kind: 'usage', line: line.line, raw: line.raw, message: bound.error });
      continue;
    }
    outcome.accepted = true;
    const before = metadata;
    const recorded = recordAccepted({
      metadata,
      command: bound,
      at: comment.createdAt,
      resolveCloses: settings.resolveCloses,
      actor: comment.author,
      raw: line.raw,
    });
    // Older than what a newer command set: accepted, but it changes nothing.
    if (recorded === null) continue;
    metadata = recorded;
    const module = moduleOf(bound);
    if (bound.verb === 'help') {
      outcome.helpRequested = true;
      continue;
    }
    const origin: IntentOrigin = { kind: 'command', commentId: comment.id, line: line.line, raw: line.raw };
    const effects = module.effects?.({
      command: bound as never,
      issue,
      before,
      after: metadata,
      settings,
      origin,
      commentId: comment.id,
      line: line.line,
    });
    if (!effects) continue;
    issue = effects.issue;
    outcome.intents.push(...effects.intents);
    outcome.actionItems.push(...(effects.actionItems ?? []));
    if (effects.reportRequested) outcome.reportRequested = true;
  }
  return { ...outcome, metadata, issue };
}
