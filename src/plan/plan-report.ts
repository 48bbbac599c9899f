import { incidentKey, type IncidentRef } from '../domain/incident/incident-ref.js';
import type { Evaluation, IssueSnapshot } from '../domain/incident/incident-state.js';
import type { IncidentView } from '../domain/incident/incident-view.js';
import type { Intent, ReportPublication } from '../domain/incident/intents.js';
import type { ReportInputs } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { buildReportModel, type ReportModel } from '../domain/reports/report-model.js';
import type { ReportSettings } from '../domain/incident/settings.js';
import type { SeverityLevel } from '../domain/template/severity.js';
import { buildTimeline, type AcceptedCommand, type MilestoneLabels } from '../domain/incident/timeline.js';
import { renderReport, ReportTemplateError } from '../render/report.js';
import { mayMoveText, type MorePublicOptIn } from '../domain/trust/visibility.js';
import { filledReportPathProblem } from '../domain/reports/report-path.js';

/**
 * Whether a report is due in this pass: once per resolution, or when asked (`/incident report`), and
 * what it is. Every refusal is a message in the status comment (and the reply to `/incident report`),
 * never a crash: reports off, a severity without reports, a private incident and a public reports
 * repository, the app not installed there, a broken custom template. A failed attempt is retried on
 * the next resolution or command.
 */
export type ReportDecision =
  | { kind: 'none' }
  /** Settled without writing: the attempt is recorded, with a message or none. */
  | { kind: 'settled'; metadata: IncidentMetadata; message: string | null }
  /** Due: the inputs must be read first. */
  | { kind: 'needs-inputs' }
  | { kind: 'publish'; intent: Extract<Intent, { kind: 'publish-report' }>; metadata: IncidentMetadata };

function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{(date|slug|number|repo)\}/g, (_m, key: string) => values[key] ?? '');
}

const RETRY = 'the report is retried on the next resolution or `/incident report`';

/** What the report is planned from. */
export interface ReportParams {
  ref: IncidentRef;
  issue: IssueSnapshot;
  evaluation: Evaluation;
  view: IncidentView;
  metadata: IncidentMetadata;
  settings: ReportSettings;
  levels: readonly SeverityLevel[];
  milestones: MilestoneLabels;
  commands: readonly AcceptedCommand[];
  editedCommands: ReadonlyArray<{ at: string; actor: string }>;
  warnings: ReadonlyArray<{ at: string; keys: readonly string[] }>;
  botLogin: string;
  force: boolean;
  inputs: ReportInputs | null;
  /** How far the text may go to a more public repository (`visibility.allow_more_public`). */
  optIn: MorePublicOptIn;
  /** Why the reports repository may not receive the report (no consent, visibility), or null. */
  refused: string | null;
  /** The team's time zone for the report's times (`display.timezone`). */
  timeZone?: string;
}

type ReadyInputs = Extract<ReportInputs, { ok: true }>;

export function planReport(params: ReportParams): ReportDecision {
  const { settings, metadata, view, issue, ref } = params;
  const resolvedAt = view.resolved;
  const due = params.force || (resolvedAt !== null && metadata.reportAttemptFor !== resolvedAt);
  if (!due) return { kind: 'none' };
  const attempted: IncidentMetadata = { ...metadata, reportAttemptFor: resolvedAt ?? metadata.reportAttemptFor };
  const failed = (message: string): ReportDecision => ({
    kind: 'settled',
    metadata: { ...attempted, reportProblem: message },
    message,
  });
  const stop = reportStop({ params, attempted, failed });
  if (stop) return stop;
  const inputs = params.inputs as ReadyInputs;
  const model = reportModel({ params, inputs });
  let content: string;
  try {
    content = renderReport({
      template: inputs.template.text,
      model,
      source: inputs.template.source,
      timeZone: params.timeZone,
    });
  } catch (error) {
    if (error instanceof ReportTemplateError) return failed(`The report template has an error: ${error.message}`);
    throw error;
  }
  const [owner = '', repo = ''] = (settings.repo ?? '').split('/');
  const path = fill(settings.path, { date: model.date, slug: model.slug, number: String(ref.number), repo: ref.repo });
  // The pattern was checked when the config was read; what it expands to is checked again ({repo} may be `.github`).
  const pathProblem = filledReportPathProblem(path);
  if (pathProblem) return failed(`The report path is refused: ${pathProblem}; ${RETRY}.`);
  const publication: ReportPublication = {
    target: { owner, repo },
    base: settings.base,
    branch: `incident-report/${ref.owner}-${ref.repo}-${ref.number}`,
    path,
    content,
    title: `Incident report: ${issue.title}`,
    incidentRef: incidentKey(ref),
    incidentUrl: issue.htmlUrl,
    labels: [...settings.labels],
    reviewers: settings.reviewers.flatMap((r) => (r === 'lead' ? (view.roles.lead ? [view.roles.lead] : []) : [r])),
    resolvedAt,
  };
  return {
    kind: 'publish',
    intent: { kind: 'publish-report', report: publication, origin: { kind: 'app' } },
    metadata: attempted,
  };
}

/**
 * Why a due report is not written (yet): reports off, a severity without reports, the reports
 * repository refused, its inputs not read yet or unreadable, or too public for the text. Null when it
 * can be written.
 */
function reportStop(args: {
  params: ReportParams;
  attempted: IncidentMetadata;
  failed: (message: string) => ReportDecision;
}): ReportDecision | null {
  const { params, failed } = args;
  const { settings, view } = params;
  if (!settings.repo) {
    return failed(
      'Reports are off: set `reports.repo: owner/incident-reports` in `.github/incident.yml` to have the app open a report pull request when an incident is resolved.',
    );
  }
  if (
    !params.force &&
    settings.severities.length > 0 &&
    (!view.severity || !settings.severities.includes(view.severity))
  ) {
    return { kind: 'settled', metadata: args.attempted, message: null };
  }
  if (params.refused) return failed(params.refused);
  const inputs = params.inputs;
  if (!inputs) return { kind: 'needs-inputs' };
  if (!inputs.ok) {
    if (inputs.status === 404)
      return failed(
        `No report written: ${settings.repo} was not found, or the app is not installed on it. Install the app there (contents and pull requests: write); ${RETRY}.`,
      );
    return failed(
      `No report written: the app may not write to ${settings.repo} (${inputs.message}). Grant it contents and pull requests write access; ${RETRY}.`,
    );
  }
  const move = mayMoveText({ from: inputs.from, to: inputs.to, optIn: params.optIn, what: 'The report' });
  if (!move.allowed)
    return failed(move.reason ?? 'The report was not written: the reports repository is more public than this one.');
  return null;
}

/** The report's model: the incident's facts, its timeline and its action items with their follow-up issues. */
function reportModel(args: { params: ReportParams; inputs: ReadyInputs }): ReportModel {
  const { params, inputs } = args;
  const { metadata, view, issue, ref, evaluation } = params;
  // Pull requests of a less public repository that referenced the incident are left out of a more public report.
  const events = inputs.events.filter(
    (e) => !e.source || mayMoveText({ from: e.source.visibility ?? null, to: inputs.to, optIn: params.optIn }).allowed,
  );
  const timeline = buildTimeline({
    openedAt: issue.createdAt,
    openedBy: issue.author,
    impactStart: view.impactStart,
    events,
    commands: params.commands,
    editedCommands: params.editedCommands,
    warnings: params.warnings,
    steps: evaluation.steps,
    checkedAt: metadata.checkedAt,
    tickedBy: metadata.tickedBy,
    doneBy: evaluation.doneBy,
    facts: metadata.facts,
    acknowledgedAt: view.acknowledged,
    mitigatedAt: view.mitigated,
    levels: params.levels,
    milestones: params.milestones,
    botLogin: params.botLogin,
  });
  return buildReportModel({
    title: issue.title,
    repo: `${ref.owner}/${ref.repo}`,
    number: ref.number,
    url: issue.htmlUrl,
    severity: view.severity,
    roles: view.roles,
    summary: view.summary,
    impact: view.impact,
    impactStart: view.impactStart,
    detected: view.detected,
    acknowledged: view.acknowledged,
    mitigated: view.mitigated,
    resolved: view.resolved,
    timeline,
    steps: evaluation.incident.steps,
    statuses: evaluation.status.steps,
    actionItems: reportActionItems(params),
  });
}

/** The body's action items with their follow-up issues, then the follow-up issues opened by command. */
function reportActionItems(params: ReportParams) {
  const { metadata, evaluation } = params;
  const server = new URL(params.issue.htmlUrl).origin;
  const followUpUrl = (f: IncidentMetadata['followUps'][string]) => f.url ?? `${server}/${f.repo}/issues/${f.number}`;
  return [
    ...evaluation.incident.actionItems.map((item) => {
      const f = metadata.followUps[item.id];
      return {
        text: item.text,
        issue: f ? `${f.repo}#${f.number}` : null,
        url: f ? followUpUrl(f) : null,
        state: f ? f.state : ('not opened' as const),
      };
    }),
    ...Object.entries(metadata.followUps)
      .filter(([id]) => !evaluation.incident.actionItems.some((i) => i.id === id))
      .map(([, f]) => ({ text: f.title, issue: `${f.repo}#${f.number}`, url: followUpUrl(f), state: f.state })),
  ];
}

/** The metadata and message after the report intent ran. */
export function settleReport(params: {
  metadata: IncidentMetadata;
  publication: ReportPublication;
  repo: string;
  outcome:
    | { ok: true; report?: { number: number; url: string; reviewNote: string | null } | null }
    | { ok: false; status: number | null; message: string };
}): { metadata: IncidentMetadata; message: string | null } {
  const { outcome, metadata, repo } = params;
  if (!outcome.ok) {
    const message =
      outcome.status === 404
        ? `No report written: ${repo} was not found, or the app is not installed on it. Install the app there (contents and pull requests: write); ${RETRY}.`
        : `No report written: the app may not write to ${repo} (${outcome.message}). Grant it contents and pull requests write access; ${RETRY}.`;
    return { metadata: { ...metadata, reportProblem: message }, message };
  }
  if (!outcome.report) {
    return {
      metadata: { ...metadata, reportProblem: null },
      message: `The report in ${repo} is up to date: nothing changed since it was merged.`,
    };
  }
  const { number, url, reviewNote } = outcome.report;
  return {
    metadata: {
      ...metadata,
      report: { repo, number, url, resolvedAt: params.publication.resolvedAt },
      reportProblem: reviewNote,
    },
    message: reviewNote,
  };
}
