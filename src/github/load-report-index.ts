import { defaultConfig } from '../config/load.js';
import { reportsRepoIndexSettingsOf } from '../config/report-index-settings.js';
import type { IndexRefreshResult, IndexRequest } from '../domain/reports/index-refresh.js';
import type { LoadedReportIndex } from '../domain/reports/loaded-report-index.js';
import { parsedReportKey, type ParsedReportLike, type ParsedReportStore } from '../domain/reports/parsed-report.js';
import { MAX_REPORT_CHARS } from '../domain/reports/report-entry.js';
import type { SkippedReport } from '../domain/reports/report-index.js';
import { INDEX_BRANCH } from '../domain/reports/report-index-target.js';
import { decideCrossRepoWrite, DEFAULT_INCOMING, type CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import { visibilityOfRepo } from '../domain/trust/visibility.js';
import { isReportPath, parseReportFile, reportIndexOfParsed } from '../render/report-index-files.js';
import { readFollowUpStates } from './follow-up-states.js';
import type { Octokit, RepoRef } from './octokit.js';
import { MAX_INDEX_REPORTS, readTree, ReportTreeTruncatedError } from './report-files.js';
import { loadTargetConfig } from './target-consent.js';

/** Reads of report contents in flight at once: fast enough, and gentle on GitHub's secondary limits. */
const CONCURRENT_READS = 4;

const shaMap = (tree: Map<string, { sha: string }>): Map<string, string> =>
  new Map([...tree].map(([path, { sha }]) => [path, sha]));

/**
 * Read-only, the load step of the index pass: the reports repository's own config (its consent to the
 * incident repository, and its `incoming:` settings, which decide everything written there), its tree
 * at the base branch, the reports that changed since they were last parsed (one blob read each, kept
 * in `cache` by blob id), the fresh follow-up states the visibility rule allows, and the open index
 * pull request. An unchanged index of N reports costs the config, the repository, the tree, and the
 * pull request list: no blob is read again.
 */
export async function loadReportIndex(params: {
  octokit: Octokit;
  request: IndexRequest;
  /** The incident repository (`owner/name`) the trigger came from: the reports repository must accept it. */
  source: string;
  serverRules: readonly CrossRepoRule[];
  cache: ParsedReportStore;
  botLogin: string;
  /** Asked once the cooldown is known, before the tree is read: a result stops the pass there (a command's cooldown). */
  beforeTree?: (cooldownMinutes: number) => Promise<IndexRefreshResult | null>;
}): Promise<LoadedReportIndex> {
  const { octokit, cache } = params;
  const target: RepoRef = { owner: params.request.target.owner, repo: params.request.target.repo };
  const name = `${target.owner}/${target.repo}`;
  const config = await loadTargetConfig(octokit, target);
  const decision = decideCrossRepoWrite({
    source: params.source,
    target: name,
    kind: 'report',
    sourceSettings: DEFAULT_INCOMING,
    consent: config.consent,
    serverRules: params.serverRules,
  });
  if (!decision.allowed) return { kind: 'refused', reason: decision.reason };
  if (config.loaded && config.loaded.errors.some((e) => e.path.startsWith('incoming')))
    return {
      kind: 'refused',
      reason: `${name}'s .github/incident.yml has problems in \`incoming\`; the index waits until they are fixed`,
    };
  // No file of its own and only a server rule let the write through: the defaults decide.
  const settings = reportsRepoIndexSettingsOf(config.loaded?.config ?? defaultConfig());
  const cooling = await params.beforeTree?.(settings.cooldownMinutes);
  if (cooling) return { kind: 'cooling', result: cooling };
  const { data: repository } = await octokit.rest.repos.get(target);
  const base = settings.base ?? repository.default_branch;
  let tree;
  try {
    tree = await readTree(octokit, target, base);
  } catch (error) {
    if (error instanceof ReportTreeTruncatedError) return { kind: 'refused', reason: error.message };
    throw error;
  }
  const { reports, skipped } = await readReports({ octokit, target, tree, settings, cache });
  const firstLook = reportIndexOfParsed({ parsed: reports, settings: settings.layout, skipped });
  const followUpStates = await readFollowUpStates({
    octokit,
    index: firstLook,
    reportsVisibility: visibilityOfRepo(repository),
    optIn: params.request.optIn,
    botLogin: params.botLogin,
  });
  const { data: open } = await octokit.rest.pulls.list({
    ...target,
    head: `${target.owner}:${INDEX_BRANCH}`,
    base,
    state: 'open',
    per_page: 1,
  });
  const pull = open[0];
  const openPull = pull
    ? { number: pull.number, url: pull.html_url, blobs: shaMap(await readTree(octokit, target, pull.head.sha)) }
    : null;
  return { kind: 'loaded', target, base, settings, reports, skipped, blobs: shaMap(tree), followUpStates, openPull };
}

/** The reports of the tree, newest path first: from the cache by blob id, else one blob read each. */
async function readReports(params: {
  octokit: Octokit;
  target: RepoRef;
  tree: Map<string, { sha: string; size: number }>;
  settings: { layout: Parameters<typeof isReportPath>[0] };
  cache: ParsedReportStore;
}): Promise<{ reports: ParsedReportLike[]; skipped: SkippedReport[] }> {
  const { octokit, target, tree, cache } = params;
  const skipped: SkippedReport[] = [];
  const wanted: Array<{ path: string; sha: string }> = [];
  const paths = [...tree.keys()]
    .filter((path) => isReportPath(params.settings.layout, path))
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  for (const path of paths) {
    const blob = tree.get(path) as { sha: string; size: number };
    if (blob.size > MAX_REPORT_CHARS) skipped.push({ path, reason: `larger than ${MAX_REPORT_CHARS} bytes` });
    else if (wanted.length >= MAX_INDEX_REPORTS)
      skipped.push({ path, reason: `not read: one refresh reads the newest ${MAX_INDEX_REPORTS} reports` });
    else wanted.push({ path, sha: blob.sha });
  }
  const reports = new Array<ParsedReportLike>(wanted.length);
  const missing: number[] = [];
  wanted.forEach((w, i) => {
    const hit = cache.get(parsedReportKey(w));
    if (hit) reports[i] = hit;
    else missing.push(i);
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < missing.length) {
      const i = missing[next++] as number;
      const { path, sha } = wanted[i] as { path: string; sha: string };
      const { data } = await octokit.rest.git.getBlob({ ...target, file_sha: sha });
      const content = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      const parsed = parseReportFile({ path, content });
      cache.set(parsedReportKey({ path, sha }), parsed);
      reports[i] = parsed;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, missing.length) }, worker));
  return { reports, skipped };
}
