import {
  CHECK_RUN_NAME,
  CONFIG_PATH,
  isCheckedPath,
  TEMPLATE_FOLDER,
  type CheckRunOutput,
} from '../domain/checks/check-run.js';
import { httpStatus, MAX_PER_PAGE, type Octokit, type RepoRef } from './octokit.js';

/** GitHub lists at most 3,000 files of a pull request (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files). */
const MAX_PULL_FILES = 3_000;
/** Templates read at most per check: a folder of hundreds is not an incident setup. */
const MAX_TEMPLATES = 50;

async function textAt(octokit: Octokit, repo: RepoRef, path: string, ref: string): Promise<string | null> {
  try {
    const response = await octokit.rest.repos.getContent({
      ...repo,
      path,
      ref,
      headers: { accept: 'application/vnd.github.raw' },
    });
    return typeof response.data === 'string' ? response.data : null;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

/** The config and the issue templates at one commit (absent ones left out). */
export async function readCheckedFiles(params: {
  octokit: Octokit;
  repo: RepoRef;
  ref: string;
}): Promise<{ config: string | null; templates: Array<{ path: string; text: string }> }> {
  const { octokit, repo, ref } = params;
  const config = await textAt(octokit, repo, CONFIG_PATH, ref);
  let listing: unknown = [];
  try {
    listing = (await octokit.rest.repos.getContent({ ...repo, path: TEMPLATE_FOLDER, ref })).data;
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
  }
  const paths = (Array.isArray(listing) ? (listing as Array<{ type?: string; path?: string }>) : [])
    .filter((entry) => entry.type === 'file' && typeof entry.path === 'string' && isCheckedPath(entry.path))
    .map((entry) => entry.path as string)
    .slice(0, MAX_TEMPLATES);
  const templates: Array<{ path: string; text: string }> = [];
  for (const path of paths) {
    const text = await textAt(octokit, repo, path, ref);
    if (text !== null) templates.push({ path, text });
  }
  return { config, templates };
}

/** The files a pull request changes (renamed files by both names), up to GitHub's 3,000. */
export async function pullRequestFiles(params: { octokit: Octokit; repo: RepoRef; pull: number }): Promise<string[]> {
  const files: string[] = [];
  for await (const page of params.octokit.paginate.iterator(params.octokit.rest.pulls.listFiles, {
    ...params.repo,
    pull_number: params.pull,
    per_page: MAX_PER_PAGE,
  })) {
    for (const file of page.data)
      files.push(file.filename, ...(file.previous_filename ? [file.previous_filename] : []));
    if (files.length >= MAX_PULL_FILES) break;
  }
  return files;
}

export type CheckRunResult =
  | { posted: true; id: number }
  | { posted: false; reason: 'exists'; id: number }
  | { posted: false; reason: 'refused'; status: number; message: string };

/**
 * Posts the check run on `headSha`, once: a run of this name already on the commit (a redelivery, a
 * second process, the same commit pushed and opened as a pull request) is left as it is, since the same
 * commit always checks the same. Annotations past the first 50 are added by updates, as GitHub requires.
 * A refusal (no `checks: write`, 403; the commit unknown, 422) is an outcome, never a failed job.
 */
export async function postCheckRun(params: {
  octokit: Octokit;
  repo: RepoRef;
  headSha: string;
  run: CheckRunOutput;
}): Promise<CheckRunResult> {
  const { octokit, repo, headSha, run } = params;
  try {
    const existing = await octokit.rest.checks.listForRef({
      ...repo,
      ref: headSha,
      check_name: CHECK_RUN_NAME,
      filter: 'latest',
      per_page: 1,
    });
    const found = existing.data.check_runs[0];
    if (found) return { posted: false, reason: 'exists', id: found.id };
    const [first = [], ...rest] = run.batches;
    const created = await octokit.rest.checks.create({
      ...repo,
      name: CHECK_RUN_NAME,
      head_sha: headSha,
      status: 'completed',
      conclusion: run.conclusion,
      output: { ...run.output, annotations: first },
    });
    for (const batch of rest)
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: created.data.id,
        output: { ...run.output, annotations: batch },
      });
    return { posted: true, id: created.data.id };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404 || status === 422)
      return { posted: false, reason: 'refused', status, message: (error as Error).message };
    throw error;
  }
}
