import type { CommandProblem } from '../domain/commands/apply.js';
import { evaluateIncident } from '../domain/incident/incident-state.js';
import { fitMetadata } from '../domain/incident/metadata-budget.js';
import type { Intent, IntentOutcome } from '../domain/incident/intents.js';
import { readMarkerJson } from '../domain/incident/markers.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { renderCommandReply, renderIndexReply, renderReportReply, type ReplyNote } from '../render/reply.js';
import { renderStatusComment } from '../render/status-comment.js';
import type { IncidentPlan, PlanContext } from './plan-incident.js';
import { settleReport } from './plan-report.js';

/**
 * After the plan's writes: what they mean for the incident (follow-up records, the report, problems
 * to show), the reply to the command comment, and the status comment — written only when its visible
 * content or its metadata changed. Pure, like the plan.
 */
export interface Settlement {
  intents: Intent[];
  metadata: IncidentMetadata;
  nextWakeAt: Date | null;
}

function sameMetadata(a: IncidentMetadata, b: IncidentMetadata): boolean {
  return JSON.stringify({ ...a, viewKey: null }) === JSON.stringify({ ...b, viewKey: null });
}

const refusal = (outcome: IntentOutcome | undefined): { status: number | null; message: string } | null =>
  outcome && !outcome.ok ? { status: outcome.status, message: outcome.message } : null;

/**
 * A reply already posted, found by its marker. Sound because replies are written only on passes for a
 * command comment, and those passes read every comment (github/load-incident.ts): a redelivery after a
 * restart finds the reply on whichever page it is.
 */
function repliedTo(context: PlanContext, key: string | number): boolean {
  const { loaded } = context;
  return loaded.comments.some(
    (c) =>
      c.author === loaded.botLogin &&
      (readMarkerJson(c.body, 'reply') as { comment?: unknown } | undefined)?.comment === key,
  );
}

export function settle(params: { plan: IncidentPlan; outcomes: ReadonlyMap<Intent, IntentOutcome> }): Settlement {
  const { plan, outcomes } = params;
  const context = plan.context;
  if (!context) return { intents: [], metadata: { ...({} as IncidentMetadata) }, nextWakeAt: null };
  const { loaded, settings, evaluation, view, now } = context;
  let metadata = context.metadata;
  const intents: Intent[] = [];
  const problems: string[] = [...context.notices];

  // Commands: 👍 when every line worked, else one reply with what went wrong (and any notes).
  const comment = context.trigger.comment;
  if (comment && context.commands) {
    const commandProblems: CommandProblem[] = [...context.commands.problems];
    const notes: ReplyNote[] = context.commands.helpRequested
      ? [{ kind: 'help', prefix: settings.commands.prefix }]
      : [];
    for (const intent of plan.intents) {
      const refused = refusal(outcomes.get(intent));
      if (!refused || intent.origin.kind !== 'command') continue;
      // Someone without access to the repository can hold a role; they just cannot be assigned.
      if (intent.kind === 'assign' && (refused.status === 422 || refused.status === 404))
        notes.push({ kind: 'unassignable', login: intent.login, role: intent.role });
      else
        commandProblems.push({
          kind: 'refused',
          line: intent.origin.line,
          raw: intent.origin.raw,
          status: refused.status,
          message: refused.message,
        });
    }
    if (commandProblems.length === 0) intents.push({ kind: 'react', commentId: comment.id, origin: { kind: 'app' } });
    if ((commandProblems.length > 0 || notes.length > 0) && !repliedTo(context, comment.id)) {
      intents.push({
        kind: 'reply',
        key: comment.id,
        body: renderCommandReply({ commentId: comment.id, author: comment.author, problems: commandProblems, notes }),
        origin: { kind: 'app' },
      });
    }
  }

  for (const intent of plan.intents) {
    const outcome = outcomes.get(intent);
    const refused = refusal(outcome);
    if (intent.kind === 'create-follow-ups') {
      if (refused)
        problems.push(
          `could not open follow-up issues in ${intent.target.owner}/${intent.target.repo}: ${refused.message}`,
        );
      else if (outcome?.ok && outcome.followUps)
        metadata = { ...metadata, followUps: { ...metadata.followUps, ...outcome.followUps } };
    } else if (intent.kind === 'add-label' && intent.origin.kind === 'app' && refused) {
      problems.push(`could not add the label "${intent.label}": ${refused.message}`);
    } else if (intent.kind === 'publish-status-page') {
      const where = `${intent.target.owner}/${intent.target.repo} (${intent.target.branch})`;
      metadata = {
        ...metadata,
        statusPage: refused
          ? { ...metadata.statusPage, problem: `could not publish the status page to ${where}: ${refused.message}` }
          : { ...metadata.statusPage, published: intent.key },
      };
    } else if (intent.kind === 'post-warning' && refused) {
      problems.push(`could not post an overdue warning: ${refused.message}`);
      // Not posted: warn again on the next pass.
      metadata = { ...metadata, warned: context.stored.warned };
    }
  }

  if (metadata.statusPage.problem) problems.push(metadata.statusPage.problem);

  let reportMessage: string | null = context.report.kind === 'settled' ? context.report.message : null;
  if (context.report.kind === 'publish') {
    const intent = context.report.intent;
    const outcome = outcomes.get(intent) ?? { ok: true as const, report: null };
    const settled = settleReport({
      metadata,
      publication: intent.report,
      repo: `${intent.report.target.owner}/${intent.report.target.repo}`,
      outcome,
    });
    metadata = settled.metadata;
    reportMessage = settled.message;
  }
  if (comment && context.commands?.reportRequested && reportMessage) {
    const key = `report-${comment.id}`;
    if (!repliedTo(context, key))
      intents.push({
        kind: 'reply',
        key,
        body: renderReportReply({ key, author: comment.author, message: reportMessage }),
        origin: { kind: 'app' },
      });
  }

  // A follow-up issue or a report opened in this pass completes the steps that ask for one: evaluated
  // again with them (pure and cheap; no new warning can come of it, the warned keys are recorded).
  let shown = evaluation;
  const facts = metadata.facts;
  if ((Object.keys(metadata.followUps).length > 0 && !facts['follow-up']) || (metadata.report && !facts.report)) {
    shown = evaluateIncident({
      issue: context.issue,
      rules: settings.rules,
      metadata,
      bodyFrom: null,
      opened: false,
      eventAt: now,
      now,
    });
    metadata = { ...metadata, facts: shown.metadata.facts };
  }
  metadata = fitMetadata(metadata);
  // `/incident stats`: the index pull request's link (a refusal is in the reply to the command above).
  for (const intent of plan.intents) {
    const outcome = outcomes.get(intent);
    if (!comment || intent.kind !== 'refresh-index' || intent.origin.kind !== 'command' || !outcome?.ok) continue;
    const key = `index-${comment.id}`;
    if (!repliedTo(context, key))
      intents.push({
        kind: 'reply',
        key,
        body: renderIndexReply({ key, author: comment.author, result: outcome.index }),
        origin: { kind: 'app' },
      });
  }

  const { body, viewKey } = renderStatusComment({
    view: {
      phase: evaluation.phase,
      severity: evaluation.severity,
      severitySource: evaluation.severitySource,
      steps: evaluation.steps,
      status: shown.status,
      doneBy: shown.doneBy,
      skipped: metadata.skipped,
      folded: metadata.foldedUntil
        ? { until: new Date(metadata.foldedUntil), maxPerHour: settings.voice.maxPerHour }
        : null,
      timeZone: settings.timeZone,
      roles: metadata.roles,
      summary: view.summary,
      impact: view.impact,
      impactStart: view.impactStart ? new Date(view.impactStart) : null,
      server: new URL(loaded.issue.htmlUrl).origin,
      followUps: Object.values(metadata.followUps),
      report: metadata.report,
      reportProblem: metadata.reportProblem,
      lastStatus: metadata.lastStatusUpdateAt
        ? { at: new Date(metadata.lastStatusUpdateAt), text: metadata.lastStatusText ?? '' }
        : null,
      warnings: evaluation.incident.warnings,
      configErrors: settings.configErrors,
      problems,
      now,
    },
    metadata,
  });
  const status = loaded.status;
  if (!status || viewKey !== context.stored.viewKey || !sameMetadata(metadata, context.stored)) {
    // Only the bookkeeping of warnings changed (which were posted, who was pinged, when): the status edit
    // may wait behind other incidents' warnings. The warning comments themselves carry their keys, and the
    // next pass finds them among the comments since the status comment's last write.
    const bookkeeping = (m: IncidentMetadata) => ({ ...m, warned: {}, mentionedAt: {}, warningsPosted: [] });
    const refresh = status !== null && sameMetadata(bookkeeping(metadata), bookkeeping(context.stored));
    intents.push({ kind: 'upsert-status', commentId: status?.id ?? null, body, origin: { kind: 'app' }, refresh });
  }
  return { intents, metadata: { ...metadata, viewKey }, nextWakeAt: plan.nextWakeAt };
}
