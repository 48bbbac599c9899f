import { planCommandComment, recordAccepted, type CommentOutcome } from '../domain/commands/apply.js';
import { parseCommands } from '../domain/commands/parse.js';
import type { IssueState } from '../domain/commands/verb.js';
import { planFollowUps } from '../domain/follow-ups.js';
import { sha256Hex } from '../domain/hash.js';
import { evaluateIncident, type Evaluation, type IssueSnapshot } from '../domain/incident-state.js';
import { incidentView, isIncident, mentionFor, type IncidentView } from '../domain/incident-view.js';
import type { Intent } from '../domain/intents.js';
import type { CommentRecord, LoadedIncident, ReportInputs, Trigger } from '../domain/loaded-incident.js';
import { hasMarker, readMarkerJson } from '../domain/markers.js';
import { emptyMetadata, type IncidentMetadata } from '../domain/metadata.js';
import type { IncidentSettings } from '../domain/settings.js';
import type { AcceptedCommand } from '../domain/timeline.js';
import { warningKey } from '../domain/overdue.js';
import { renderOverdueComment } from '../render/overdue-comment.js';
import { planReport, type ReportDecision } from './plan-report.js';

/**
 * One pass over one incident, decided: `(loaded incident, trigger, settings, now)` -> the writes to make
 * (intents) and what the status comment will need once they are made. Pure: no I/O, no clock. Every
 * decision of the app lives here or in domain/ (incident-ness, commands, severity sync, follow-ups,
 * reports, warnings); github/execute.ts writes the intents and settle.ts turns their outcomes into the
 * replies and the status comment.
 */
export interface IncidentPlan {
  tracked: boolean;
  /** Writes, in order. */
  intents: Intent[];
  /** A report is due: read its inputs (github/report-inputs.ts) and plan again with them. */
  needsReportInputs: boolean;
  /**
   * A decision needs comments the load did not read (LoadedIncident.commentScope): 'all' for a report's
   * timeline, 'recent' to find a warning posted after the status comment's last write. Read them
   * (github/load-incident.ts withComments) and plan again.
   */
  needsComments: 'all' | 'recent' | null;
  /** What settle.ts needs; null when the issue is not an incident. */
  context: PlanContext | null;
  /** When the incident next needs the app without an event (before the writes' outcomes are known). */
  nextWakeAt: Date | null;
}

export interface PlanContext {
  loaded: LoadedIncident;
  trigger: Trigger;
  settings: IncidentSettings;
  now: Date;
  evaluation: Evaluation;
  view: IncidentView;
  /** The metadata the status comment held (after replay), to compare before writing. */
  stored: IncidentMetadata;
  /** The metadata before the outcomes of this pass's writes. */
  metadata: IncidentMetadata;
  commands: CommentOutcome | null;
  report: ReportDecision;
  followUpsNextAt: Date | null;
}

/** Digest of a comment body the app accepted commands from: short, it is kept for every accepted comment. */
export const commentDigest = (body: string): string => sha256Hex(body).slice(0, 16);

const NOT_AN_INCIDENT: IncidentPlan = { tracked: false, intents: [], needsReportInputs: false, needsComments: null, context: null, nextWakeAt: null };

/** Warning keys already posted, read from the app's own overdue comments (if a crash lost them from the metadata). */
function warnedInComments(comments: readonly CommentRecord[], botLogin: string): Record<string, string> {
  const warned: Record<string, string> = {};
  for (const { keys, at } of postedWarnings(comments, botLogin)) for (const key of keys) warned[key] ??= at;
  return warned;
}

export function postedWarnings(comments: readonly CommentRecord[], botLogin: string): Array<{ at: string; keys: string[] }> {
  return comments.flatMap((c) => {
    if (c.author !== botLogin || !hasMarker(c.body, 'overdue')) return [];
    const data = readMarkerJson(c.body, 'overdue') as { keys?: unknown } | undefined;
    const keys = Array.isArray(data?.keys) ? data.keys.filter((k): k is string => typeof k === 'string') : [];
    return [{ at: c.createdAt, keys }];
  });
}

const edited = (c: CommentRecord): boolean => c.updatedAt !== c.createdAt && Date.parse(c.updatedAt) > Date.parse(c.createdAt);

/**
 * The status comment holds what commands recorded. When it is gone (someone deleted it), that record is
 * rebuilt from the comments the app accepted (its 👍 marks them), in order, for their record only
 * (labels, assignees and closing happened already). A comment edited since is not replayed: its text
 * is no longer what was accepted.
 */
function replayAccepted(params: { loaded: LoadedIncident; settings: IncidentSettings; exclude: number | undefined }): IncidentMetadata {
  const { loaded, settings } = params;
  let metadata = emptyMetadata();
  for (const comment of loaded.comments) {
    if (comment.author === loaded.botLogin || comment.id === params.exclude || !loaded.acceptedByReaction.has(comment.id) || edited(comment)) continue;
    const accepted = parseCommands({ body: comment.body, prefix: settings.commands.prefix, levels: settings.commands.levels }).flatMap((l) => (l.ok ? [l.command] : []));
    if (accepted.length === 0) continue;
    for (const command of accepted) metadata = recordAccepted({ metadata, command, at: comment.createdAt, resolveCloses: settings.commands.resolveCloses }) ?? metadata;
    metadata = { ...metadata, accepted: { ...metadata.accepted, [String(comment.id)]: commentDigest(comment.body) } };
  }
  return metadata;
}

/**
 * The commands the app accepted, as they read when accepted: a comment whose body no longer matches the
 * digest recorded at acceptance is reported as edited instead. Before digests were kept (metadata
 * written by an older version), the app's 👍 count marks accepted comments.
 */
export function acceptedCommands(params: { comments: readonly CommentRecord[]; metadata: IncidentMetadata; settings: IncidentSettings; botLogin: string }): { commands: AcceptedCommand[]; edited: Array<{ at: string; actor: string }> } {
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
    for (const line of parseCommands({ body: comment.body, prefix: settings.commands.prefix, levels: settings.commands.levels })) {
      if (line.ok) commands.push({ at: comment.createdAt, actor: comment.author, command: line.command });
    }
  }
  return { commands, edited: editedOnes };
}

function issueAfter(issue: IssueSnapshot, state: IssueState, at: string): IssueSnapshot {
  const closing = state.state === 'closed' && issue.state !== 'closed';
  return { ...issue, labels: [...state.labels], assignees: [...state.assignees], state: state.state, closedAt: closing ? at : issue.closedAt };
}

export function planIncident(params: { loaded: LoadedIncident; trigger: Trigger; settings: IncidentSettings; now: Date; reportInputs?: ReportInputs | null }): IncidentPlan {
  const { loaded, trigger, settings, now } = params;
  if (!isIncident(loaded.issue, settings.incidentLabels)) return NOT_AN_INCIDENT;
  const botLogin = loaded.botLogin;
  const comment = trigger.comment;

  const stored = loaded.status ? loaded.status.metadata : replayAccepted({ loaded, settings, exclude: comment?.id });
  let metadata: IncidentMetadata = { ...stored, warned: { ...warnedInComments(loaded.comments, botLogin), ...stored.warned } };
  let issue = loaded.issue;
  const intents: Intent[] = [];

  let commands: CommentOutcome | null = null;
  if (comment && comment.authorType !== 'Bot' && comment.author !== botLogin) {
    const lines = parseCommands({ body: comment.body, prefix: settings.commands.prefix, levels: settings.commands.levels });
    const digest = commentDigest(comment.body);
    // A redelivered comment (after a restart, the delivery id is forgotten) is not run twice.
    const already = metadata.accepted[String(comment.id)] === digest;
    if (lines.length > 0 && !already) {
      commands = planCommandComment({ comment, lines, issue, metadata, settings: settings.commands, permission: loaded.permission ?? 'none' });
      metadata = commands.accepted ? { ...commands.metadata, accepted: { ...commands.metadata.accepted, [String(comment.id)]: digest } } : commands.metadata;
      issue = issueAfter(issue, commands.issue, comment.createdAt);
      intents.push(...commands.intents);
    }
  }
  const followUpChange = trigger.followUp;
  const known = followUpChange ? metadata.followUps[followUpChange.item] : undefined;
  if (followUpChange && known) metadata = { ...metadata, followUps: { ...metadata.followUps, [followUpChange.item]: { ...known, state: followUpChange.state } } };

  const evaluation = evaluateIncident({
    issue,
    rules: settings.rules,
    metadata,
    bodyFrom: trigger.bodyFrom ?? null,
    opened: trigger.opened === true,
    eventAt: trigger.at ?? now,
    earlierEdits: trigger.earlierEdits,
    now,
  });
  metadata = evaluation.metadata;
  const view = incidentView({ issue, evaluation });

  const followUps = planFollowUps({ items: evaluation.incident.actionItems, commandItems: commands?.actionItems ?? [], metadata, settleMinutes: settings.followUps.settleMinutes, now });
  metadata = { ...metadata, pendingItems: followUps.pendingItems };
  if (followUps.create.length > 0) {
    const [owner = loaded.ref.owner, repo = loaded.ref.repo] = settings.followUps.repo?.split('/') ?? [];
    intents.push({ kind: 'create-follow-ups', target: { owner, repo }, items: followUps.create, labels: [...settings.followUps.labels], subIssues: settings.followUps.subIssues, origin: { kind: 'app' } });
  }

  const history = params.reportInputs ? acceptedCommands({ comments: loaded.comments, metadata, settings, botLogin }) : { commands: [], edited: [] };
  const report = planReport({
    ref: loaded.ref,
    issue,
    evaluation,
    view,
    metadata,
    settings: settings.reports,
    levels: settings.rules.levels,
    milestones: { acknowledged: settings.rules.acknowledgedLabels, mitigated: settings.rules.mitigatedLabels },
    commands: history.commands,
    editedCommands: history.edited,
    warnings: postedWarnings(loaded.comments, botLogin),
    botLogin,
    force: commands?.reportRequested === true,
    inputs: params.reportInputs ?? null,
  });
  if (report.kind === 'needs-inputs') return { tracked: true, intents: [], needsReportInputs: true, needsComments: loaded.commentScope === 'all' ? null : 'all', context: null, nextWakeAt: null };
  if (report.kind === 'settled' || report.kind === 'publish') metadata = report.metadata;
  if (report.kind === 'publish') intents.push(report.intent);

  // A severity read from the body gets its label, so label filters and boards see it.
  const bodyLabel = evaluation.severitySource === 'body' ? settings.rules.levels.find((l) => l.name === evaluation.severity)?.label : undefined;
  if (bodyLabel) intents.push({ kind: 'add-label', label: bodyLabel, origin: { kind: 'app' } });

  // Before warning, the safety net: a warning posted after the status comment's last write (a crash
  // between the two) is not in the metadata, only in the comments since that write.
  if (evaluation.warnings.due.length > 0 && loaded.commentScope === 'none') return { tracked: true, intents: [], needsReportInputs: false, needsComments: 'recent', context: null, nextWakeAt: null };
  if (evaluation.warnings.due.length > 0) {
    const body = renderOverdueComment({
      due: evaluation.warnings.due,
      steps: evaluation.steps,
      mention: mentionFor({ issue, mode: settings.mention, lead: metadata.roles.lead }),
      statusUrl: loaded.status?.htmlUrl ?? null,
      now,
    });
    intents.push({ kind: 'post-warning', body, keys: evaluation.warnings.due.map(warningKey), origin: { kind: 'app' } });
  }

  const nextWakeAt = [evaluation.nextWakeAt, followUps.nextAt].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return {
    tracked: true,
    intents,
    needsReportInputs: false,
    needsComments: null,
    context: { loaded, trigger, settings, now, evaluation, view, stored, metadata, commands, report, followUpsNextAt: followUps.nextAt },
    nextWakeAt,
  };
}
