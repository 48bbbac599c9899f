import { readFile } from 'node:fs/promises';
import type { Evaluation, IssueSnapshot } from '../domain/incident-state.js';
import type { IncidentMetadata } from '../domain/metadata.js';
import { buildReportModel } from '../domain/report-model.js';
import type { SeverityLevel } from '../domain/severity.js';
import { buildTimeline, type HistoryEvent } from '../domain/timeline.js';
import type { IssueComment } from '../github/comments.js';
import { httpStatus, MAX_PER_PAGE, type IssueRef, type Octokit } from '../github/octokit.js';
import { publishReport, visibilityOf } from '../github/reports-repo.js';
import { renderReport, ReportTemplateError } from '../render/report.js';

export interface ReportSettings {
  repo: string | null;
  base: string | null;
  path: string;
  template: string | null;
  severities: readonly string[];
  allowPrivateToPublic: boolean;
  reviewers: readonly string[];
  labels: readonly string[];
  levels: readonly SeverityLevel[];
  prefix: string;
}

const BUILT_IN_TEMPLATE = new URL('../../templates/report.md.hbs', import.meta.url);

async function issueEvents(octokit: Octokit, ref: IssueRef): Promise<HistoryEvent[]> {
  const events = (await octokit.paginate(octokit.rest.issues.listEventsForTimeline, { ...ref, per_page: MAX_PER_PAGE })) as Array<Record<string, unknown>>;
  return events.map((e) => {
    const source = (e.source as { issue?: { number: number; title: string; html_url: string; pull_request?: unknown; repository?: { full_name?: string } } } | undefined)?.issue;
    return {
      event: String(e.event ?? ''),
      at: String(e.created_at ?? ''),
      actor: (e.actor as { login?: string } | undefined)?.login ?? null,
      ...(e.label ? { label: (e.label as { name: string }).name } : {}),
      ...(source ? { source: { number: source.number, title: source.title, url: source.html_url, isPullRequest: Boolean(source.pull_request), repo: source.repository?.full_name ?? '' } } : {}),
    };
  });
}

async function templateText(octokit: Octokit, ref: IssueRef, path: string | null): Promise<{ text: string; source: string }> {
  if (!path) return { text: await readFile(BUILT_IN_TEMPLATE, 'utf8'), source: 'the built-in report template' };
  const { data } = await octokit.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, mediaType: { format: 'raw' } });
  return { text: typeof data === 'string' ? data : Buffer.from(data as unknown as ArrayBuffer).toString('utf8'), source: `${ref.owner}/${ref.repo}:${path}` };
}

function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{(date|slug|number|repo)\}/g, (_m, key: string) => values[key] ?? '');
}

/**
 * Renders and publishes the report when the incident is resolved (once per resolution) or when asked
 * (`/incident report`). Every refusal is a message in the status comment, never a crash: reports off,
 * a severity without reports, a private incident and a public reports repository, the app not installed
 * there, a broken custom template. A failed attempt is retried on the next resolution or command.
 */
export async function maybePublishReport(params: {
  octokit: Octokit;
  ref: IssueRef;
  issue: IssueSnapshot;
  evaluation: Evaluation;
  comments: readonly IssueComment[];
  botLogin: string;
  settings: ReportSettings;
  force: boolean;
}): Promise<{ metadata: IncidentMetadata; writes: number; message: string | null }> {
  const { octokit, ref, issue, evaluation, settings } = params;
  const metadata = evaluation.metadata;
  const resolvedAt = evaluation.anchors.resolved?.toISOString() ?? null;
  const due = params.force || (resolvedAt !== null && metadata.reportAttemptFor !== resolvedAt);
  if (!due) return { metadata, writes: 0, message: null };
  const attempted = { ...metadata, reportAttemptFor: resolvedAt ?? metadata.reportAttemptFor };
  const failed = (message: string) => ({ metadata: { ...attempted, reportProblem: message }, writes: 0, message });
  if (!settings.repo) {
    return failed('Reports are off: set `reports.repo: owner/incident-reports` in `.github/incident.yml` to have the app open a report pull request when an incident is resolved.');
  }
  if (!params.force && settings.severities.length > 0 && (!evaluation.severity || !settings.severities.includes(evaluation.severity))) {
    return { metadata: attempted, writes: 0, message: null };
  }
  const [owner = '', repo = ''] = settings.repo.split('/');
  try {
    const [from, to] = await Promise.all([visibilityOf(octokit, ref), visibilityOf(octokit, { owner, repo })]);
    if (from !== 'public' && to === 'public' && !settings.allowPrivateToPublic) {
      return failed(`No report written: this incident's repository is ${from} and ${settings.repo} is public. Set \`reports.allow_private_to_public: true\` to allow it, or use a private reports repository.`);
    }
    const template = await templateText(octokit, ref, settings.template);
    const events = await issueEvents(octokit, ref);
    const timeline = buildTimeline({
      openedAt: issue.createdAt,
      openedBy: issue.author,
      impactStart: metadata.impactStartAt ?? (evaluation.anchors.start.toISOString() !== new Date(issue.createdAt).toISOString() ? evaluation.anchors.start.toISOString() : null),
      events,
      comments: params.comments.map((c) => ({ at: c.createdAt, author: c.author, body: c.body, isApp: c.author === params.botLogin })),
      steps: evaluation.incident.steps,
      checkedAt: metadata.checkedAt,
      acknowledgedAt: metadata.acknowledgedAt,
      mitigatedAt: metadata.mitigatedAt,
      levels: settings.levels,
      prefix: settings.prefix,
    });
    const impactStart = evaluation.anchors.start.toISOString() === new Date(issue.createdAt).toISOString() ? null : evaluation.anchors.start.toISOString();
    const model = buildReportModel({
      title: issue.title,
      repo: `${ref.owner}/${ref.repo}`,
      number: ref.issue_number,
      url: issue.htmlUrl,
      severity: evaluation.severity,
      roles: metadata.roles,
      summary: metadata.summary,
      impact: metadata.impact,
      impactStart,
      detected: new Date(issue.createdAt).toISOString(),
      acknowledged: metadata.acknowledgedAt,
      mitigated: metadata.mitigatedAt,
      resolved: resolvedAt,
      timeline,
      steps: evaluation.incident.steps,
      statuses: evaluation.status.steps,
      actionItems: [
        ...evaluation.incident.actionItems.map((item) => {
          const f = metadata.followUps[item.id];
          return { text: item.text, issue: f ? `${f.repo}#${f.number}` : null, url: f ? `https://github.com/${f.repo}/issues/${f.number}` : null, state: f ? f.state : ('not opened' as const) };
        }),
        ...Object.entries(metadata.followUps)
          .filter(([id]) => !evaluation.incident.actionItems.some((i) => i.id === id))
          .map(([, f]) => ({ text: f.title, issue: `${f.repo}#${f.number}`, url: `https://github.com/${f.repo}/issues/${f.number}`, state: f.state })),
      ],
    });
    const content = renderReport({ template: template.text, model, source: template.source });
    const path = fill(settings.path, { date: model.date, slug: model.slug, number: String(ref.issue_number), repo: ref.repo });
    const reviewers = settings.reviewers.flatMap((r) => (r === 'lead' ? (metadata.roles.lead ? [metadata.roles.lead] : []) : [r]));
    const published = await publishReport({
      octokit,
      target: { owner, repo },
      base: settings.base,
      branch: `incident-report/${ref.owner}-${ref.repo}-${ref.issue_number}`,
      path,
      content,
      title: `Incident report: ${issue.title}`,
      incidentRef: `${ref.owner}/${ref.repo}#${ref.issue_number}`,
      incidentUrl: issue.htmlUrl,
      labels: settings.labels,
      reviewers,
    });
    if (!published) {
      const message = `The report in ${settings.repo} is up to date: nothing changed since it was merged.`;
      return { metadata: { ...attempted, reportProblem: null }, writes: 1, message };
    }
    return {
      metadata: { ...attempted, report: { repo: settings.repo, number: published.number, url: published.url, resolvedAt }, reportProblem: published.reviewNote },
      writes: 1,
      message: published.reviewNote,
    };
  } catch (error) {
    if (error instanceof ReportTemplateError) return failed(`The report template has an error: ${error.message}`);
    const status = httpStatus(error);
    if (status === 404) return failed(`No report written: ${settings.repo} was not found, or the app is not installed on it. Install the app there (contents and pull requests: write); the report is retried on the next resolution or \`/incident report\`.`);
    if (status === 403) return failed(`No report written: the app may not write to ${settings.repo} (${(error as Error).message}). Grant it contents and pull requests write access; the report is retried on the next resolution or \`/incident report\`.`);
    throw error;
  }
}
