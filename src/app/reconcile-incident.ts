import { evaluateIncident, type EvaluationRules, type IssueSnapshot } from '../domain/incident-state.js';
import { applyCommands, type CommandComment, type CommandSettings } from './apply-commands.js';
import { planFollowUps } from '../domain/follow-ups.js';
import { createFollowUps } from '../github/follow-ups.js';
import { maybePublishReport, type ReportSettings } from './incident-report.js';
import { replayAcceptedCommands } from './replay-commands.js';
import { marker } from '../domain/markers.js';
import { inlineText } from '../render/escape.js';
import { readMarker, readMarkerJson } from '../domain/markers.js';
import { parseMetadata, type IncidentMetadata } from '../domain/metadata.js';
import { appComments, createComment, listComments, updateComment, type IssueComment } from '../github/comments.js';
import { getIssue } from '../github/issues.js';
import { httpStatus, type IssueRef, type Octokit } from '../github/octokit.js';
import { renderOverdueComment } from '../render/overdue-comment.js';
import { renderStatusComment } from '../render/status-comment.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Logs a problem the first time it is seen (per key), so a missing permission is not a log flood. */
export type WarnOnce = (key: string, obj: object, msg: string) => void;

export function warnOnceLogger(log: Logger, max = 10_000): WarnOnce {
  const seen = new Set<string>();
  return (key, obj, msg) => {
    if (seen.has(key)) return;
    if (seen.size >= max) seen.clear();
    seen.add(key);
    log.warn(obj, msg);
  };
}

/** What woke the app for this incident. */
export interface Trigger {
  /** The issue from the webhook payload (saves a request), or undefined to fetch it. */
  issue?: IssueSnapshot;
  /** `changes.body.from` of `issues.edited`. */
  bodyFrom?: string | null;
  /** Earlier body edits handled in the same pass (a burst of edits), oldest first. */
  earlierEdits?: ReadonlyArray<{ from: string; to: string; at: Date }>;
  opened?: boolean;
  /** Event time; timers and sweeps use `now`. */
  at?: Date;
  /** A new comment that may hold `/incident` commands. */
  comment?: CommandComment;
  /** A follow-up issue of this incident was closed or reopened. */
  followUp?: { item: string; state: 'open' | 'closed' };
}

export interface ReconcileResult {
  tracked: boolean;
  nextWakeAt: Date | null;
  /** Requests that wrote to GitHub (for logs and tests). */
  writes: number;
}

export interface IncidentSettings {
  incidentLabels: readonly string[];
  rules: EvaluationRules;
  /** Readable config problems; the defaults are in use for the broken sections meanwhile. */
  configErrors: readonly string[];
  mention: 'lead' | 'assignees' | 'author' | 'none';
  commands: CommandSettings;
  followUps: { repo: string | null; labels: readonly string[]; subIssues: boolean; settleMinutes: number };
  reports: ReportSettings;
}

function isIncident(issue: IssueSnapshot, labels: readonly string[]): boolean {
  const set = new Set(issue.labels.map((l) => l.toLowerCase()));
  return labels.some((l) => set.has(l.toLowerCase()));
}

/** Warning keys already posted, read from the app's own overdue comments. */
function warnedInComments(comments: readonly IssueComment[], botLogin: string): Record<string, string> {
  const warned: Record<string, string> = {};
  for (const comment of appComments(comments, 'overdue', botLogin)) {
    const data = readMarkerJson(comment.body, 'overdue') as { keys?: unknown } | undefined;
    if (!Array.isArray(data?.keys)) continue;
    for (const key of data.keys) if (typeof key === 'string' && warned[key] === undefined) warned[key] = comment.createdAt;
  }
  return warned;
}

function mentionFor(params: { issue: IssueSnapshot; mode: IncidentSettings['mention']; lead: string | null }): string[] {
  const { issue } = params;
  if (params.mode === 'none') return [];
  const chain: string[][] = [params.lead ? [params.lead] : [], issue.assignees, issue.author ? [issue.author] : []];
  const start = params.mode === 'lead' ? 0 : params.mode === 'assignees' ? 1 : 2;
  return chain.slice(start).find((logins) => logins.length > 0) ?? [];
}

/** A field's value, unless it is empty or an untouched template placeholder (`_One sentence..._`). */
function fieldText(fields: Readonly<Record<string, string>>, label: RegExp): string | null {
  const key = Object.keys(fields).find((k) => label.test(k.trim()));
  const value = key === undefined ? '' : (fields[key] ?? '').trim();
  if (value === '' || /^_[^_]*_$/.test(value) || /^\*[^*]*\*$/.test(value)) return null;
  return value;
}

function sameMetadata(a: IncidentMetadata, b: IncidentMetadata): boolean {
  return JSON.stringify({ ...a, viewKey: null }) === JSON.stringify({ ...b, viewKey: null });
}

/**
 * One pass over one incident: read GitHub, decide (pure, in domain/), write only what changed.
 * Safe to run any number of times: warnings are found by marker before posting, the status comment
 * is found by marker and author and rewritten only when its visible content or metadata changes.
 */
export async function reconcileIncident(params: {
  octokit: Octokit;
  warnOnce: WarnOnce;
  botLogin: string;
  ref: IssueRef;
  settings: IncidentSettings;
  trigger: Trigger;
  now: Date;
}): Promise<ReconcileResult> {
  const { octokit, ref, settings, now } = params;
  const fetched = params.trigger.issue ?? (await getIssue(octokit, ref));
  if (!fetched || !isIncident(fetched, settings.incidentLabels)) return { tracked: false, nextWakeAt: null, writes: 0 };
  let issue = fetched;

  const comments = await listComments(octokit, ref);
  const statusComment = appComments(comments, 'status', params.botLogin)[0];
  let stored = parseMetadata(readMarker(statusComment?.body, 'status')?.data ?? null);
  if (!statusComment) {
    stored = await replayAcceptedCommands({ octokit, ref, comments, botLogin: params.botLogin, metadata: stored, settings: settings.commands, exclude: params.trigger.comment?.id });
  }
  let metadata: IncidentMetadata = { ...stored, warned: { ...warnedInComments(comments, params.botLogin), ...stored.warned } };
  let writes = 0;
  let commandItems: Array<{ id: string; text: string }> = [];
  let reportRequested = false;
  if (params.trigger.comment) {
    const outcome = await applyCommands({ octokit, ref, comment: params.trigger.comment, comments, botLogin: params.botLogin, issue, metadata, settings: settings.commands });
    ({ metadata, issue, reportRequested } = outcome);
    commandItems = outcome.actions;
    writes += outcome.writes;
  }
  const followUpChange = params.trigger.followUp;
  const known = followUpChange ? metadata.followUps[followUpChange.item] : undefined;
  if (followUpChange && known) metadata = { ...metadata, followUps: { ...metadata.followUps, [followUpChange.item]: { ...known, state: followUpChange.state } } };

  const evaluation = evaluateIncident({
    issue,
    rules: settings.rules,
    metadata,
    bodyFrom: params.trigger.bodyFrom ?? null,
    opened: params.trigger.opened === true,
    eventAt: params.trigger.at ?? now,
    earlierEdits: params.trigger.earlierEdits,
    now,
  });

  const problems: string[] = [];
  const plan = planFollowUps({ items: evaluation.incident.actionItems, commandItems, metadata: evaluation.metadata, settleMinutes: settings.followUps.settleMinutes, now });
  evaluation.metadata.pendingItems = plan.pendingItems;
  if (plan.create.length > 0) {
    const [owner = ref.owner, repo = ref.repo] = settings.followUps.repo?.split('/') ?? [];
    try {
      const created = await createFollowUps({
        octokit,
        incident: { owner: ref.owner, repo: ref.repo, number: ref.issue_number, id: issue.id, url: issue.htmlUrl },
        target: { owner, repo },
        items: plan.create,
        labels: settings.followUps.labels,
        subIssues: settings.followUps.subIssues,
        botLogin: params.botLogin,
      });
      evaluation.metadata.followUps = { ...evaluation.metadata.followUps, ...created.records };
      writes += created.writes;
    } catch (error) {
      if (httpStatus(error) !== 403 && httpStatus(error) !== 404 && httpStatus(error) !== 422) throw error;
      params.warnOnce(`${owner}/${repo}:follow-ups`, { owner, repo, status: httpStatus(error) }, `cannot open follow-up issues: ${(error as Error).message}`);
      problems.push(`could not open follow-up issues in ${owner}/${repo}: ${(error as Error).message}`);
    }
  }
  const report = await maybePublishReport({ octokit, ref, issue, evaluation, comments, botLogin: params.botLogin, settings: settings.reports, force: reportRequested });
  evaluation.metadata = report.metadata;
  writes += report.writes;
  if (reportRequested && report.message && params.trigger.comment) {
    const key = `report-${params.trigger.comment.id}`;
    const already = appComments(comments, 'reply', params.botLogin).some((c) => (readMarkerJson(c.body, 'reply') as { comment?: unknown } | undefined)?.comment === key);
    if (!already) {
      await createComment(octokit, ref, `${marker('reply', { comment: key })}\n@${params.trigger.comment.author} ${inlineText(report.message, 1_000)}\n`);
      writes += 1;
    }
  }
  // A severity read from the body gets its label, so label filters and boards see it.
  const bodyLabel = evaluation.severitySource === 'body' ? settings.rules.levels.find((l) => l.name === evaluation.severity)?.label : undefined;
  if (bodyLabel) {
    try {
      await octokit.rest.issues.addLabels({ ...ref, labels: [bodyLabel] });
      writes += 1;
    } catch (error) {
      if (httpStatus(error) !== 403 && httpStatus(error) !== 404) throw error;
      problems.push(`could not add the label "${bodyLabel}": ${(error as Error).message}`);
    }
  }
  if (evaluation.warnings.due.length > 0) {
    const body = renderOverdueComment({
      due: evaluation.warnings.due,
      steps: evaluation.steps,
      mention: mentionFor({ issue, mode: settings.mention, lead: evaluation.metadata.roles.lead }),
      statusUrl: statusComment?.htmlUrl ?? null,
      now,
    });
    try {
      await createComment(octokit, ref, body);
      writes += 1;
    } catch (error) {
      if (httpStatus(error) !== 403 && httpStatus(error) !== 404) throw error;
      params.warnOnce(`${ref.owner}/${ref.repo}:comment`, { ...ref, status: httpStatus(error) }, `cannot post comments: ${(error as Error).message}`);
      problems.push(`could not post an overdue warning: ${(error as Error).message}`);
      evaluation.metadata.warned = metadata.warned;
    }
  }

  const { body, viewKey } = renderStatusComment({
    view: {
      phase: evaluation.phase,
      severity: evaluation.severity,
      severitySource: evaluation.severitySource,
      steps: evaluation.steps,
      status: evaluation.status,
      roles: evaluation.metadata.roles,
      summary: evaluation.metadata.summary ?? fieldText(evaluation.incident.fields, /^summary$/i),
      impact: evaluation.metadata.impact ?? fieldText(evaluation.incident.fields, /^impact$/i),
      followUps: Object.values(evaluation.metadata.followUps),
      report: evaluation.metadata.report,
      reportProblem: evaluation.metadata.reportProblem,
      lastStatus: evaluation.metadata.lastStatusUpdateAt ? { at: new Date(evaluation.metadata.lastStatusUpdateAt), text: evaluation.metadata.lastStatusText ?? '' } : null,
      warnings: evaluation.incident.warnings,
      configErrors: settings.configErrors,
      problems,
      now,
    },
    metadata: evaluation.metadata,
  });
  const changed = !statusComment || viewKey !== stored.viewKey || !sameMetadata(evaluation.metadata, stored);
  if (changed) {
    try {
      if (statusComment) await updateComment(octokit, { ...ref, comment_id: statusComment.id, body });
      else await createComment(octokit, ref, body);
      writes += 1;
    } catch (error) {
      if (httpStatus(error) !== 403 && httpStatus(error) !== 404) throw error;
      params.warnOnce(`${ref.owner}/${ref.repo}:status`, { ...ref, status: httpStatus(error) }, `cannot write the status comment: ${(error as Error).message}`);
    }
  }
  const wake = [evaluation.nextWakeAt, plan.nextAt].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return { tracked: true, nextWakeAt: wake, writes };
}
