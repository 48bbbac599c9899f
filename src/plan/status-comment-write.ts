import type { Evaluation } from '../domain/incident/incident-state.js';
import type { Intent } from '../domain/incident/intents.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { sameJson } from '../domain/shared/same-json.js';
import { renderStatusComment } from '../render/status-comment.js';
import type { PlanContext } from './plan-incident.js';

const VIEW_KEY: ReadonlySet<string> = new Set(['viewKey']);
/** What records the warnings (which were posted, who was pinged, when); the view key besides. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['viewKey', 'warned', 'mentionedAt', 'warningsPosted']);

export function sameMetadata(a: IncidentMetadata, b: IncidentMetadata): boolean {
  return sameJson(a, b, VIEW_KEY);
}

/**
 * The status comment, rendered, and written only when its visible content or its metadata changed.
 * Only the bookkeeping of warnings changed (which were posted, who was pinged, when): the status edit
 * may wait behind other incidents' warnings (`refresh`). The warning comments themselves carry their
 * keys, and the next pass finds them among the comments since the status comment's last write.
 */
export function statusCommentWrite(params: {
  context: PlanContext;
  /** The evaluation shown: with this pass's follow-ups and report. */
  shown: Evaluation;
  metadata: IncidentMetadata;
  problems: string[];
}): { intent: Intent | null; viewKey: string } {
  const { context, shown, metadata } = params;
  const { loaded, settings, evaluation, view, now } = context;
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
      problems: params.problems,
      alerts: metadata.alerts,
      now,
    },
    metadata,
  });
  const status = loaded.status;
  if (status && viewKey === context.stored.viewKey && sameMetadata(metadata, context.stored))
    return { intent: null, viewKey };
  const refresh = status !== null && sameJson(metadata, context.stored, BOOKKEEPING);
  return {
    intent: { kind: 'upsert-status', commentId: status?.id ?? null, body, origin: { kind: 'app' }, refresh },
    viewKey,
  };
}
