import { bindCommand, planCommandComment, recordAccepted, type CommentOutcome } from '../domain/commands/apply.js';
import { parseCommands } from '../domain/commands/parse.js';
import type { IssueState } from '../domain/commands/verb.js';
import { planFollowUps } from '../domain/incident/follow-ups.js';
import { sha256Hex } from '../domain/shared/hash.js';
import {
  evaluateIncident,
  numberedSteps,
  type Evaluation,
  type IssueSnapshot,
} from '../domain/incident/incident-state.js';
import { decideVoice } from '../domain/incident/one-voice.js';
import { incidentView, isIncident, mentionFor, type IncidentView } from '../domain/incident/incident-view.js';
import type { Intent } from '../domain/incident/intents.js';
import type {
  CommentRecord,
  LoadedIncident,
  PlanNeeds,
  ReportInputs,
  Trigger,
} from '../domain/incident/loaded-incident.js';
import { hasMarker, readMarkerJson } from '../domain/incident/markers.js';
import { emptyMetadata, type IncidentMetadata } from '../domain/incident/metadata.js';
import { hasPermission, type IncidentSettings, type PermissionLevel } from '../domain/incident/settings.js';
import type { AcceptedCommand } from '../domain/incident/timeline.js';
import { warningKey } from '../domain/incident/overdue.js';
import { renderOverdueComment } from '../render/overdue-comment.js';
import { planReport, type ReportDecision } from './plan-report.js';
import {
  decideCrossRepoWrite,
  type CrossRepoRule,
  type IncomingSettings,
  type WriteKind,
} from '../domain/trust/cross-repo-consent.js';
import { mayMoveText } from '../domain/trust/visibility.js';

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
  /** What to read before the plan can decide (then plan again with it); null when nothing. */
  needs: PlanNeeds | null;
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
  /** The issue after this pass's commands (labels, assignees, state). */
  issue: IssueSnapshot;
  evaluation: Evaluation;
  view: IncidentView;
  /** The metadata the status comment held (after replay), to compare before writing. */
  stored: IncidentMetadata;
  /** The metadata before the outcomes of this pass's writes. */
  metadata: IncidentMetadata;
  commands: CommentOutcome | null;
  report: ReportDecision;
  followUpsNextAt: Date | null;
  /** What the status comment must say the app is waiting for (permissions), beyond refused writes. */
  notices: string[];
}

/** Digest of a comment body the app accepted commands from: short, it is kept for every accepted comment. */
export const commentDigest = (body: string): string => sha256Hex(body).slice(0, 16);

const NOT_AN_INCIDENT: IncidentPlan = { tracked: false, intents: [], needs: null, context: null, nextWakeAt: null };

/**
 * Warning keys already posted, read from the app's own overdue comments (if a crash lost them from the
 * metadata). A warning posted before a step's snooze does not count: the snooze ends in a new warning.
 */
function warnedInComments(params: {
  comments: readonly CommentRecord[];
  botLogin: string;
  snoozed: IncidentMetadata['snoozed'];
}): Record<string, string> {
  const warned: Record<string, string> = {};
  for (const { keys, at } of postedWarnings(params.comments, params.botLogin)) {
    for (const key of keys) {
      const since = params.snoozed[key.split('#')[0] ?? '']?.at;
      if (since === undefined || Date.parse(at) >= Date.parse(since)) warned[key] ??= at;
    }
  }
  return warned;
}

export function postedWarnings(
  comments: readonly CommentRecord[],
  botLogin: string,
): Array<{ at: string; keys: string[] }> {
  return comments.flatMap((c) => {
    if (c.author !== botLogin || !hasMarker(c.body, 'overdue')) return [];
    const data = readMarkerJson(c.body, 'overdue') as { keys?: unknown } | undefined;
    const keys = Array.isArray(data?.keys) ? data.keys.filter((k): k is string => typeof k === 'string') : [];
    return [{ at: c.createdAt, keys }];
  });
}

const edited = (c: CommentRecord): boolean =>
  c.updatedAt !== c.createdAt && Date.parse(c.updatedAt) > Date.parse(c.createdAt);

/**
 * The status comment holds what commands recorded. When it is gone (someone deleted it), that record is
 * rebuilt from the comments the app accepted (its 👍 marks them), in order, for their record only
 * (labels, assignees and closing happened already). A comment edited since is not replayed: its text
 * is no longer what was accepted.
 */
function replayAccepted(params: {
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

/**
 * The permission behind the body's own requests (its action items, the automatic report): the author's.
 * An integration that opens issues (type Bot) holds the issues write permission it opened them with.
 */
function bodyAuthority(loaded: LoadedIncident): PermissionLevel | undefined {
  if (loaded.issue.authorType === 'Bot') return 'triage';
  return loaded.authorPermission;
}

function issueAfter(issue: IssueSnapshot, state: IssueState, at: string): IssueSnapshot {
  const closing = state.state === 'closed' && issue.state !== 'closed';
  return {
    ...issue,
    labels: [...state.labels],
    assignees: [...state.assignees],
    state: state.state,
    closedAt: closing ? at : issue.closedAt,
  };
}

/** A write into another repository, decided: allowed with that repository's settings, refused with why, or unknown yet. */
type CrossRepoVerdict = { ok: true; settings: IncomingSettings } | { ok: false; reason: string } | null;

export function planIncident(params: {
  loaded: LoadedIncident;
  trigger: Trigger;
  settings: IncidentSettings;
  now: Date;
  reportInputs?: ReportInputs | null;
  /** The server's INCIDENT_RESPONDER_ALLOW_CROSS_REPO pairs. */
  serverRules?: readonly CrossRepoRule[];
}): IncidentPlan {
  const { loaded, trigger, settings, now } = params;
  if (!isIncident(loaded.issue, settings.incidentLabels)) return NOT_AN_INCIDENT;
  const botLogin = loaded.botLogin;
  const comment = trigger.comment;

  // A status comment whose metadata cannot be read (cut, or hand-edited) is still the app's: its
  // record is rebuilt as if it were gone, and the comment is repaired in place, never posted twice.
  const unreadable = loaded.status !== null && loaded.status.metadata.viewKey === null;
  const stored =
    loaded.status && !unreadable ? loaded.status.metadata : replayAccepted({ loaded, settings, exclude: comment?.id });
  let metadata: IncidentMetadata = {
    ...stored,
    warned: { ...warnedInComments({ comments: loaded.comments, botLogin, snoozed: stored.snoozed }), ...stored.warned },
  };
  let issue = loaded.issue;
  const intents: Intent[] = [];

  let commands: CommentOutcome | null = null;
  if (comment && comment.authorType !== 'Bot' && comment.author !== botLogin) {
    const lines = parseCommands({
      body: comment.body,
      prefix: settings.commands.prefix,
      levels: settings.commands.levels,
    });
    const digest = commentDigest(comment.body);
    // A redelivered comment (after a restart, the delivery id is forgotten) is not run twice.
    const already = metadata.accepted[String(comment.id)] === digest;
    if (lines.length > 0 && !already) {
      const steps = numberedSteps({ issue, rules: settings.rules, commandSeverity: metadata.commandSeverity });
      commands = planCommandComment({
        comment,
        lines,
        issue,
        metadata,
        settings: settings.commands,
        permission: loaded.permission ?? 'none',
        steps,
      });
      metadata = commands.accepted
        ? { ...commands.metadata, accepted: { ...commands.metadata.accepted, [String(comment.id)]: digest } }
        : commands.metadata;
      issue = issueAfter(issue, commands.issue, comment.createdAt);
      intents.push(...commands.intents);
    }
  }
  const followUpChange = trigger.followUp;
  const known = followUpChange ? metadata.followUps[followUpChange.item] : undefined;
  if (followUpChange && known)
    metadata = {
      ...metadata,
      followUps: { ...metadata.followUps, [followUpChange.item]: { ...known, state: followUpChange.state } },
    };

  const evaluation = evaluateIncident({
    issue,
    rules: settings.rules,
    metadata,
    bodyFrom: trigger.bodyFrom ?? null,
    opened: trigger.opened === true,
    eventAt: trigger.at ?? now,
    earlierEdits: trigger.earlierEdits,
    actor: trigger.actor ?? comment?.author ?? null,
    now,
  });
  metadata = evaluation.metadata;
  const view = incidentView({ issue, evaluation });

  const notices: string[] = [];
  const needs: PlanNeeds = { reportInputs: false, authorPermission: false, targets: [], comments: null };
  const source = `${loaded.ref.owner}/${loaded.ref.repo}`;
  /**
   * A write into `target` on the incident's behalf: the same repository always; another only with its
   * consent (or the server's) and when the text may go there (visibility), with that repository's own
   * settings. Unknown until its consent and visibility are read (then the plan runs again).
   */
  const crossRepo = (target: string, kind: WriteKind, what: string): CrossRepoVerdict => {
    if (target.toLowerCase() === source.toLowerCase()) return { ok: true, settings: settings.ownWrite };
    const info = loaded.targets?.[target];
    if (!info) {
      if (!needs.targets.includes(target)) needs.targets.push(target);
      return null;
    }
    const noun = kind === 'report' ? 'report' : 'follow-up issues';
    if (info.visibility === null) {
      return {
        ok: false,
        reason: `No ${noun} written: ${target} was not found, or the app is not installed on it. Install the app there (${kind === 'report' ? 'contents and pull requests' : 'issues'}: write); it is retried on the next ${kind === 'report' ? 'resolution or `/incident report`' : 'event'}.`,
      };
    }
    const decision = decideCrossRepoWrite({
      source,
      target,
      kind,
      sourceSettings: settings.ownWrite,
      consent: info.consent,
      serverRules: params.serverRules ?? [],
    });
    if (!decision.allowed || !decision.settings) return { ok: false, reason: decision.reason };
    const move = mayMoveText({
      from: loaded.sourceVisibility ?? null,
      to: info.visibility,
      optIn: settings.visibility,
      what,
    });
    return move.allowed
      ? { ok: true, settings: decision.settings }
      : { ok: false, reason: move.reason ?? `${what} was not written: it may not go to ${target}.` };
  };
  const author = bodyAuthority(loaded);
  const followUps = planFollowUps({
    items: evaluation.incident.actionItems,
    commandItems: commands?.actionItems ?? [],
    metadata,
    settleMinutes: settings.followUps.settleMinutes,
    now,
  });
  metadata = { ...metadata, pendingItems: followUps.pendingItems };
  // The body's action items open issues only for an author who could run `/incident action` themselves.
  const fromBody = followUps.create.filter((i) => i.source === 'body');
  if (fromBody.length > 0 && author === undefined) needs.authorPermission = true;
  else if (fromBody.length > 0 && !hasPermission(author ?? 'none', settings.commands.permission)) {
    followUps.create = followUps.create.filter((i) => i.source !== 'body');
    const since = now.toISOString();
    metadata = {
      ...metadata,
      pendingItems: {
        ...metadata.pendingItems,
        ...Object.fromEntries(
          fromBody.map((i) => [i.id, { text: i.text, since: metadata.pendingItems[i.id]?.since ?? since }]),
        ),
      },
    };
    notices.push(
      `${fromBody.length} action item${fromBody.length === 1 ? '' : 's'} of the body wait${fromBody.length === 1 ? 's' : ''}: @${loaded.issue.author} opened this incident with ${author} permission, and follow-up issues need ${settings.commands.permission}. Someone with ${settings.commands.permission} permission can open them with \`${settings.commands.prefix} action TEXT\`.`,
    );
  }
  if (followUps.create.length > 0) {
    const [owner = loaded.ref.owner, repo = loaded.ref.repo] = settings.followUps.repo?.split('/') ?? [];
    const verdict = crossRepo(`${owner}/${repo}`, 'follow-up', 'Follow-up issues');
    if (verdict?.ok) {
      const labels =
        verdict.settings === settings.ownWrite ? settings.followUps.labels : verdict.settings.followUps.labels;
      intents.push({
        kind: 'create-follow-ups',
        target: { owner, repo },
        items: followUps.create,
        labels: [...labels],
        subIssues: settings.followUps.subIssues,
        origin: { kind: 'app' },
      });
    } else {
      // Refused (or not known yet): the items wait, and the status comment says why.
      const since = now.toISOString();
      metadata = {
        ...metadata,
        pendingItems: {
          ...metadata.pendingItems,
          ...Object.fromEntries(
            followUps.create.map((i) => [i.id, { text: i.text, since: metadata.pendingItems[i.id]?.since ?? since }]),
          ),
        },
      };
      if (verdict) notices.push(verdict.reason);
    }
  }

  const history = params.reportInputs
    ? acceptedCommands({
        comments: loaded.comments,
        metadata,
        settings,
        botLogin,
        steps: evaluation.steps.map((s, i) => ({ id: s.id, number: i + 1, text: s.text })),
      })
    : { commands: [], edited: [] };
  // The reports repository decides where and how its reports are written (its `incoming` settings).
  const reportVerdict = settings.reports.repo
    ? crossRepo(settings.reports.repo, 'report', 'The report')
    : ({ ok: true, settings: settings.ownWrite } as const);
  const reportSettings = reportVerdict?.ok
    ? { ...settings.reports, ...reportVerdict.settings.reports }
    : settings.reports;
  const report0 = planReport({
    ref: loaded.ref,
    issue,
    evaluation,
    view,
    metadata,
    settings: reportSettings,
    optIn: settings.visibility,
    refused: reportVerdict && !reportVerdict.ok ? reportVerdict.reason : null,
    levels: settings.rules.levels,
    milestones: { acknowledged: settings.rules.acknowledgedLabels, mitigated: settings.rules.mitigatedLabels },
    commands: history.commands,
    editedCommands: history.edited,
    warnings: postedWarnings(loaded.comments, botLogin),
    botLogin,
    force: commands?.reportRequested === true,
    inputs: params.reportInputs ?? null,
    timeZone: settings.timeZone,
  });
  // The automatic report (not `/incident report`, whose commenter was checked) needs the author's permission too.
  let report: ReportDecision = report0;
  if ((report0.kind === 'needs-inputs' || report0.kind === 'publish') && commands?.reportRequested !== true) {
    if (author === undefined) needs.authorPermission = true;
    else if (!hasPermission(author, settings.commands.permission)) {
      const message = `No report written automatically: @${loaded.issue.author} opened this incident with ${author} permission, and reports need ${settings.commands.permission}. Someone with ${settings.commands.permission} permission can run \`${settings.commands.prefix} report\`.`;
      report = {
        kind: 'settled',
        metadata: { ...metadata, reportAttemptFor: view.resolved, reportProblem: message },
        message,
      };
    }
  }
  if (report.kind === 'needs-inputs') {
    needs.reportInputs = true;
    // The report's timeline reads every comment the app accepted.
    if (loaded.commentScope !== 'all') needs.comments = 'all';
  }
  // Before warning, the safety net: a warning posted after the status comment's last write (a crash
  // between the two) is not in the metadata, only in the comments since that write.
  if (evaluation.warnings.due.length > 0 && loaded.commentScope === 'none' && needs.comments === null)
    needs.comments = 'recent';
  // `/incident stats` writes the index into the reports repository: the same consent as its reports.
  const refreshes = intents.filter((i) => i.kind === 'refresh-index');
  if (reportVerdict && !reportVerdict.ok) {
    for (const i of refreshes) if (i.kind === 'refresh-index') i.decision = { ok: false, reason: reportVerdict.reason };
  }
  // Only a due report or an index refresh waits for the reports repository's consent; otherwise it is not asked for.
  const reportWrites = report0.kind === 'needs-inputs' || report0.kind === 'publish' || refreshes.length > 0;
  if (!reportWrites && reportVerdict === null && settings.reports.repo)
    needs.targets = needs.targets.filter((t) => t !== settings.reports.repo);
  if (needs.reportInputs || needs.authorPermission || needs.targets.length > 0 || needs.comments !== null)
    return { tracked: true, intents: [], needs, context: null, nextWakeAt: null };
  if (report.kind === 'settled' || report.kind === 'publish') metadata = report.metadata;
  if (report.kind === 'publish') intents.push(report.intent);

  // A severity read from the body gets its label, so label filters and boards see it.
  const bodyLabel =
    evaluation.severitySource === 'body'
      ? settings.rules.levels.find((l) => l.name === evaluation.severity)?.label
      : undefined;
  if (bodyLabel) intents.push({ kind: 'add-label', label: bodyLabel, origin: { kind: 'app' } });

  if (evaluation.warnings.due.length > 0) {
    const voice = decideVoice({
      // The warning comments of the last hour: recorded in the metadata (the comments may not all have been
      // read), and those among the comments that were; one per second, so one comment is not counted twice.
      posted: [
        ...new Set(
          [...postedWarnings(loaded.comments, botLogin).map((w) => w.at), ...stored.warningsPosted].map((at) =>
            new Date(Math.floor(Date.parse(at) / 1000) * 1000).toISOString(),
          ),
        ),
      ],
      mention: mentionFor({ issue, mode: settings.mention, lead: metadata.roles.lead }),
      mentionedAt: metadata.mentionedAt,
      mentionMinutes: settings.voice.mentionMinutes,
      maxPerHour: settings.voice.maxPerHour,
      now,
    });
    metadata = { ...metadata, mentionedAt: voice.mentionedAt, foldedUntil: voice.foldedUntil ?? metadata.foldedUntil };
    // Not posted (folded), the warnings still count as warned: the status comment shows the steps, and
    // they are not posted later in a burst.
    if (voice.post) {
      const body = renderOverdueComment({
        due: evaluation.warnings.due,
        steps: evaluation.steps,
        mention: voice.ping,
        named: voice.quiet,
        statusUrl: loaded.status?.htmlUrl ?? null,
        timeZone: settings.timeZone,
        now,
      });
      intents.push({
        kind: 'post-warning',
        body,
        keys: evaluation.warnings.due.map(warningKey),
        dueAt: evaluation.warnings.due.map((step) => (step.dueAt ?? now).toISOString()),
        origin: { kind: 'app' },
      });
      const hourAgo = now.getTime() - 3_600_000;
      metadata = {
        ...metadata,
        warningsPosted: [...metadata.warningsPosted.filter((at) => Date.parse(at) > hourAgo), now.toISOString()],
      };
    }
  }
  if (metadata.foldedUntil !== null && Date.parse(metadata.foldedUntil) <= now.getTime())
    metadata = { ...metadata, foldedUntil: null };

  const nextWakeAt =
    [evaluation.nextWakeAt, followUps.nextAt]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return {
    tracked: true,
    intents,
    needs: null,
    context: {
      loaded,
      trigger,
      settings,
      now,
      issue,
      evaluation,
      view,
      stored,
      metadata,
      commands,
      report,
      followUpsNextAt: followUps.nextAt,
      notices,
    },
    nextWakeAt:
      metadata.foldedUntil !== null && (nextWakeAt === null || Date.parse(metadata.foldedUntil) < nextWakeAt.getTime())
        ? new Date(metadata.foldedUntil)
        : nextWakeAt,
  };
}
