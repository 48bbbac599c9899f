import { createPullRequest } from 'octokit-plugin-create-pull-request';
import { MAX_TITLE } from '../domain/shared/text-limits.js';
import { marker } from '../domain/incident/markers.js';
import { neutraliseMarkers, neutraliseReferences } from '../render/escape.js';
import { httpStatus, type Octokit, type RepoRef } from './octokit.js';

import type { Visibility } from '../domain/trust/visibility.js';
import type { ReportPublication } from '../domain/incident/intents.js';

/** The repository's visibility, or null when the app cannot see it (not installed there, or gone). */
export async function visibilityIfVisible(octokit: Octokit, ref: RepoRef): Promise<Visibility | null> {
  try {
    return await visibilityOf(octokit, ref);
  } catch (error) {
    if (httpStatus(error) === 404 || httpStatus(error) === 403) return null;
    throw error;
  }
}

export async function visibilityOf(octokit: Octokit, ref: RepoRef): Promise<Visibility> {
  const { data } = await octokit.rest.repos.get(ref);
  const visibility = (data as { visibility?: string }).visibility;
  return visibility === 'internal' || visibility === 'public' || visibility === 'private'
    ? visibility
    : data.private
      ? 'private'
      : 'public';
}

/**
 * Commit the report and open (or update) its pull request with octokit-plugin-create-pull-request:
 * the branch is per incident, so resolving again updates the same open pull request, and after a merge
 * the next report opens a new one on the same branch from the new base.
 */
export async function publishReport(
  params: { octokit: Octokit } & Omit<ReportPublication, 'resolvedAt'>,
): Promise<{ number: number; url: string; reviewNote: string | null } | null> {
  const { octokit, target } = params;
  const body = [
    marker('report', { incident: params.incidentRef }),
    `The incident report of [${params.incidentRef}](${params.incidentUrl}), rendered by incident-responder as a draft.`,
    '',
    'Review it with the responders: fill in the analysis sections, correct the timeline where needed, then merge.',
  ].join('\n');
  // Issue references in a commit message link (and, on the default branch, cross-reference) issues.
  const full = neutraliseMarkers(neutraliseReferences(params.title));
  // GitHub refuses longer pull request titles.
  const title = full.length > MAX_TITLE ? `${full.slice(0, MAX_TITLE - 1)}…` : full;
  const result = await createPullRequest(octokit as never).createPullRequest({
    owner: target.owner,
    repo: target.repo,
    title,
    body,
    head: params.branch,
    ...(params.base ? { base: params.base } : {}),
    update: true,
    // After a merge, an unchanged report opens no empty pull request.
    createWhenEmpty: false,
    labels: [...params.labels],
    changes: [{ files: { [params.path]: params.content }, commit: title }],
  });
  if (!result) return null;
  const pull = result.data as { number: number; html_url: string };
  let reviewNote: string | null = null;
  if (params.reviewers.length > 0) {
    try {
      await octokit.rest.pulls.requestReviewers({
        ...target,
        pull_number: pull.number,
        reviewers: [...params.reviewers],
      });
    } catch (error) {
      if (httpStatus(error) !== 422 && httpStatus(error) !== 404) throw error;
      reviewNote = `review could not be requested from ${params.reviewers.join(', ')} (they may lack access to ${target.owner}/${target.repo})`;
    }
  }
  return { number: pull.number, url: pull.html_url, reviewNote };
}
