import type { CommentOutcome } from '../domain/commands/apply.js';
import type { Evaluation, IssueSnapshot } from '../domain/incident/incident-state.js';
import type { IncidentView } from '../domain/incident/incident-view.js';
import type { Intent } from '../domain/incident/intents.js';
import type { LoadedIncident, ReportInputs } from '../domain/incident/loaded-incident.js';
import type { IncidentMetadata } from '../domain/incident/metadata.js';
import { hasPermission, type IncidentSettings } from '../domain/incident/settings.js';
import { acceptedCommands } from './accepted-commands.js';
import { bodyAuthority } from './body-authority.js';
import type { AskCrossRepo, CrossRepoVerdict } from './cross-repo-verdict.js';
import { planReport, type ReportDecision } from './plan-report.js';
import { postedWarnings } from './posted-warnings.js';

export interface ReportOutcome {
  /** What happens to the report in this pass. */
  report: ReportDecision;
  /** The report as planned before the author's permission was weighed (a due report waits for consent). */
  planned: ReportDecision;
  /** The reports repository's verdict: null while its consent is unknown. */
  verdict: CrossRepoVerdict;
  /** The automatic report needs the author's permission, not read yet. */
  needsAuthorPermission: boolean;
}

/**
 * Decision 6, the report: due once per resolution or when asked; the reports repository decides where
 * and how its reports are written (its `incoming` settings). The automatic report (not `/incident
 * report`, whose commenter was checked) needs the author's permission too.
 */
export function decideReport(params: {
  loaded: LoadedIncident;
  settings: IncidentSettings;
  issue: IssueSnapshot;
  evaluation: Evaluation;
  view: IncidentView;
  metadata: IncidentMetadata;
  commands: CommentOutcome | null;
  reportInputs: ReportInputs | null;
  crossRepo: AskCrossRepo;
}): ReportOutcome {
  const { loaded, settings, evaluation, view, metadata } = params;
  const history = params.reportInputs
    ? acceptedCommands({
        comments: loaded.comments,
        metadata,
        settings,
        botLogin: loaded.botLogin,
        steps: evaluation.steps.map((s, i) => ({ id: s.id, number: i + 1, text: s.text })),
      })
    : { commands: [], edited: [] };
  const verdict = settings.reports.repo
    ? params.crossRepo(settings.reports.repo, 'report', 'The report')
    : ({ ok: true, settings: settings.ownWrite } as const);
  const reportSettings = verdict?.ok ? { ...settings.reports, ...verdict.settings.reports } : settings.reports;
  const requested = params.commands?.reportRequested === true;
  const planned = planReport({
    ref: loaded.ref,
    issue: params.issue,
    evaluation,
    view,
    metadata,
    settings: reportSettings,
    optIn: settings.visibility,
    refused: verdict && !verdict.ok ? verdict.reason : null,
    levels: settings.rules.levels,
    milestones: { acknowledged: settings.rules.acknowledgedLabels, mitigated: settings.rules.mitigatedLabels },
    commands: history.commands,
    editedCommands: history.edited,
    warnings: postedWarnings(loaded.comments, loaded.botLogin),
    botLogin: loaded.botLogin,
    force: requested,
    inputs: params.reportInputs,
    timeZone: settings.timeZone,
  });
  const outcome = { report: planned, planned, verdict, needsAuthorPermission: false };
  if ((planned.kind !== 'needs-inputs' && planned.kind !== 'publish') || requested) return outcome;
  const author = bodyAuthority(loaded);
  if (author === undefined) return { ...outcome, needsAuthorPermission: true };
  if (hasPermission(author, settings.commands.permission)) return outcome;
  const message = `No report written automatically: @${loaded.issue.author} opened this incident with ${author} permission, and reports need ${settings.commands.permission}. Someone with ${settings.commands.permission} permission can run \`${settings.commands.prefix} report\`.`;
  return {
    ...outcome,
    report: {
      kind: 'settled',
      metadata: { ...metadata, reportAttemptFor: view.resolved, reportProblem: message },
      message,
    },
  };
}

/** `/incident stats` writes the index into the reports repository: the same consent as its reports. */
export function withIndexConsent(intents: readonly Intent[], verdict: CrossRepoVerdict): Intent[] {
  if (!verdict || verdict.ok) return [...intents];
  return intents.map((i) =>
    i.kind === 'refresh-index' ? { ...i, decision: { ok: false as const, reason: verdict.reason } } : i,
  );
}
