import type { ReportInputs } from '../domain/incident/loaded-incident.js';
import type { ReportSettings } from '../domain/incident/settings.js';
import type { HistoryEvent } from '../domain/incident/timeline.js';
import { readBuiltInReportTemplate } from '../render/report-template-file.js';
import { httpStatus, MAX_PER_PAGE, type IssueRef, type Octokit } from './octokit.js';
import type { Visibility } from '../domain/trust/visibility.js';
import { visibilityOf } from './reports-repo.js';
import { visibilityOfRepo } from '../domain/trust/visibility.js';

async function issueEvents(octokit: Octokit, ref: IssueRef): Promise<HistoryEvent[]> {
  const events = (await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
    ...ref,
    per_page: MAX_PER_PAGE,
  })) as Array<Record<string, unknown>>;
  return events.map((e) => {
    const source = (
      e.source as
        | {
            issue?: {
              number: number;
              title: string;
              html_url: string;
              pull_request?: unknown;
              repository?: { full_name?: string; private?: boolean; visibility?: string };
            };
          }
        | undefined
    )?.issue;
    return {
      event: String(e.event ?? ''),
      at: String(e.created_at ?? ''),
      actor: (e.actor as { login?: string } | undefined)?.login ?? null,
      ...(e.label ? { label: (e.label as { name: string }).name } : {}),
      ...(source
        ? {
            source: {
              number: source.number,
              title: source.title,
              url: source.html_url,
              isPullRequest: Boolean(source.pull_request),
              repo: source.repository?.full_name ?? '',
              visibility: source.repository ? visibilityOfRepo(source.repository) : null,
            },
          }
        : {}),
    };
  });
}

async function templateText(
  octokit: Octokit,
  ref: IssueRef,
  path: string | null,
): Promise<{ text: string; source: string }> {
  if (!path) return { text: await readBuiltInReportTemplate(), source: 'the built-in report template' };
  const { data } = await octokit.rest.repos.getContent({
    owner: ref.owner,
    repo: ref.repo,
    path,
    mediaType: { format: 'raw' },
  });
  return {
    text: typeof data === 'string' ? data : Buffer.from(data as unknown as ArrayBuffer).toString('utf8'),
    source: `${ref.owner}/${ref.repo}:${path}`,
  };
}

/**
 * What a due report needs: both repositories' visibility, the template, the issue's history. A 403 or
 * 404 (the reports repository missing, or the app not installed there) is a result, not an error: the
 * status comment says what to do.
 */
export async function loadReportInputs(params: {
  octokit: Octokit;
  ref: IssueRef;
  settings: ReportSettings;
  /** Visibilities this pass already read (with the reports repository's consent): not asked again. */
  known?: { from?: Visibility | null; to?: Visibility | null };
}): Promise<ReportInputs> {
  const { octokit, ref, settings } = params;
  const [owner = '', repo = ''] = (settings.repo ?? '').split('/');
  try {
    const [from, to] = await Promise.all([
      params.known?.from ?? visibilityOf(octokit, ref),
      params.known?.to ?? visibilityOf(octokit, { owner, repo }),
    ]);
    const template = await templateText(octokit, ref, settings.template);
    const events = await issueEvents(octokit, ref);
    return { ok: true, from, to, template, events };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 || status === 403) return { ok: false, status, message: (error as Error).message };
    throw error;
  }
}
