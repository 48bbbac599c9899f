import type { IndexRefreshResult } from '../domain/reports/index-refresh.js';
import type { LoadedReportIndex } from '../domain/reports/loaded-report-index.js';
import { indexFileProblem, indexLayoutProblem } from '../domain/reports/report-path.js';
import { INDEX_BRANCH } from '../domain/reports/report-index-target.js';
import type { RepoName } from '../domain/shared/repo-name.js';
import { marker } from '../domain/incident/markers.js';
import { gitBlobShaOf } from '../domain/shared/git-blob-sha.js';
import { renderReportIndex, reportIndexOfParsed, type RepositoryFile } from '../render/report-index-files.js';

const TITLE = 'Refresh the incident index';

/** The one write of the index pass: open or update the index pull request with these files. */
export interface IndexWrite {
  target: RepoName;
  base: string;
  branch: string;
  title: string;
  body: string;
  commit: string;
  files: readonly RepositoryFile[];
  /** The open index pull request it updates, if any (for the result's `updated`). */
  existing: { number: number; url: string } | null;
}

export type IndexPlan =
  { kind: 'refused'; reason: string } | { kind: 'done'; result: IndexRefreshResult; write: IndexWrite | null };

const sameFiles = (files: readonly RepositoryFile[], blobs: ReadonlyMap<string, string>): boolean =>
  files.every((f) => blobs.get(f.path) === gitBlobShaOf(f.content));

/**
 * The plan of the index pass (pure): aggregate the reports, render the page and its charts, check every
 * file against the path rules, and decide the pull request. Compare before write: when the base branch,
 * or the open index pull request, already has these exact files, nothing is written.
 */
export async function planReportIndex(loaded: LoadedReportIndex): Promise<IndexPlan> {
  if (loaded.kind === 'refused') return loaded;
  if (loaded.kind === 'cooling') return { kind: 'done', result: loaded.result, write: null };
  const { layout } = loaded.settings;
  const repo = `${loaded.target.owner}/${loaded.target.repo}`;
  const layoutProblem = indexLayoutProblem(layout);
  if (layoutProblem) return { kind: 'refused', reason: `${repo}'s \`incoming.index\`: ${layoutProblem}` };
  const index = reportIndexOfParsed({
    parsed: loaded.reports,
    settings: { ...layout, followUpStates: loaded.followUpStates },
    skipped: loaded.skipped,
  });
  const files = await renderReportIndex({ index, settings: layout });
  for (const file of files) {
    const problem = indexFileProblem({ path: file.path, reportsDir: layout.reportsDir });
    if (problem) return { kind: 'refused', reason: `the index was not written: ${problem}` };
  }
  const counts = { repo, reports: index.incidents.length, skipped: index.skipped.length };
  if (sameFiles(files, loaded.blobs))
    return { kind: 'done', result: { change: 'unchanged', pull: null, ...counts }, write: null };
  const open = loaded.openPull;
  if (open && sameFiles(files, open.blobs))
    return {
      kind: 'done',
      result: { change: 'unchanged', pull: { number: open.number, url: open.url }, ...counts },
      write: null,
    };
  const n = index.incidents.length;
  const body = [
    marker('index', { reports: n }),
    `The index of the incident reports in this repository (${n} report${n === 1 ? '' : 's'}${index.skipped.length > 0 ? `, ${index.skipped.length} skipped` : ''}), rebuilt by incident-responder.`,
    '',
    'This pull request touches only the index page and its charts, never a report, so it does not conflict with report pull requests; the app updates it in place whenever a report is merged or someone runs `/incident stats`. Merge it whenever convenient.',
  ].join('\n');
  return {
    kind: 'done',
    result: {
      change: open ? 'updated' : 'opened',
      pull: open ? { number: open.number, url: open.url } : null,
      ...counts,
    },
    write: {
      target: loaded.target,
      base: loaded.base,
      branch: INDEX_BRANCH,
      title: TITLE,
      body,
      commit: `${TITLE} (${n} reports)`,
      files,
      existing: open ? { number: open.number, url: open.url } : null,
    },
  };
}
