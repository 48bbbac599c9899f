import { loadYaml, YamlSyntaxError } from '../config/yaml.js';
import type { ReportIndexSettings } from '../domain/reports/report-index-settings.js';
import { splitFrontMatter } from '../domain/reports/front-matter.js';
import { MAX_REPORT_CHARS, reportEntryOf, type ReportEntry } from '../domain/reports/report-entry.js';
import { buildReportIndex, type ReportIndex, type SkippedReport } from '../domain/reports/report-index.js';
import { isTimeZone } from '../domain/shared/zoned-date.js';
import type { ParsedReportLike } from '../domain/reports/parsed-report.js';

/**
 * Reports repository in, files to write out: the one entry point of the reports index for the app
 * (after a report PR is merged, `/incident stats`) and the `stats` CLI. No I/O and no clock: the
 * caller reads the files and writes (or commits) what comes back; the same files give byte-identical
 * output, so a caller that compares before writing makes no empty commits.
 */
export type { ReportIndexSettings };
import { chartSpecs, renderChartSvgs } from './report-index-charts.js';
import { renderIndexMarkdown } from './report-index-markdown.js';

export interface RepositoryFile {
  /** Repository-relative, "/"-separated. */
  path: string;
  content: string;
}

export class ReportIndexSettingsError extends Error {}

const inside = (folder: string, path: string): boolean => folder === '' || path.startsWith(`${folder}/`);

/** True for the files the index reads: markdown under the reports folder, not the index or its charts. */
export function isReportPath(
  settings: Pick<ReportIndexSettings, 'reportsDir' | 'indexPath' | 'chartsDir'>,
  path: string,
): boolean {
  return (
    inside(settings.reportsDir, path) &&
    /\.md$/i.test(path) &&
    path !== settings.indexPath &&
    !inside(settings.chartsDir, path)
  );
}

/** One report file read: its entry, or why it is listed as skipped. Depends only on the path and the content. */
export type ParsedReport = ParsedReportLike;

export function parseReportFile(file: RepositoryFile): ParsedReport {
  const skip = (reason: string) => ({ skipped: { path: file.path, reason } });
  if (file.content.length > MAX_REPORT_CHARS) return skip(`larger than ${MAX_REPORT_CHARS} characters`);
  const { frontMatter } = splitFrontMatter(file.content);
  if (frontMatter === null) return skip('no front matter (a --- block at the top)');
  let data: unknown;
  try {
    data = loadYaml(frontMatter);
  } catch (error) {
    if (error instanceof YamlSyntaxError) return skip(`front matter is not YAML: ${error.message}`);
    throw error;
  }
  const result = reportEntryOf({ path: file.path, data });
  return result.ok ? { entry: result.entry } : skip(result.reason);
}

/** Reads and aggregates the reports; the index as data (what `stats --json` prints). */
export function reportIndexOf(params: {
  files: readonly RepositoryFile[];
  settings: ReportIndexSettings;
  skipped?: readonly SkippedReport[];
}): ReportIndex {
  const parsed = params.files.filter((f) => isReportPath(params.settings, f.path)).map(parseReportFile);
  return reportIndexOfParsed({ parsed, settings: params.settings, skipped: params.skipped });
}

/** Aggregates reports already read (the app keeps them by blob id: a blob never changes). */
export function reportIndexOfParsed(params: {
  parsed: readonly ParsedReport[];
  settings: ReportIndexSettings;
  skipped?: readonly SkippedReport[];
}): ReportIndex {
  const { settings } = params;
  if (!isTimeZone(settings.timeZone))
    throw new ReportIndexSettingsError(
      `"${settings.timeZone}" is not an IANA time zone such as "UTC" or "Europe/Berlin"`,
    );
  const entries: ReportEntry[] = [];
  // Files the caller could not read (too large, over a count limit) are listed like unreadable ones.
  const skipped: SkippedReport[] = [...(params.skipped ?? [])];
  for (const read of params.parsed) {
    if ('entry' in read) entries.push(read.entry);
    else skipped.push(read.skipped);
  }
  return buildReportIndex({
    entries,
    skipped,
    timeZone: settings.timeZone,
    severities: settings.severities,
    topSteps: settings.topSteps,
    followUpStates: settings.followUpStates,
  });
}

/** The index page and its charts, sorted by path. */
export async function reportIndexFiles(params: {
  files: readonly RepositoryFile[];
  settings: ReportIndexSettings;
  skipped?: readonly SkippedReport[];
}): Promise<{ index: ReportIndex; files: RepositoryFile[] }> {
  const index = reportIndexOf(params);
  return { index, files: await renderReportIndex({ index, settings: params.settings }) };
}

/** The page and charts of an aggregated index, sorted by path. */
export async function renderReportIndex(params: {
  index: ReportIndex;
  settings: Pick<ReportIndexSettings, 'indexPath' | 'chartsDir'>;
}): Promise<RepositoryFile[]> {
  const { index, settings } = params;
  const specs = index.series.length === 0 ? [] : chartSpecs(index);
  const svgs = await renderChartSvgs(specs);
  const charts = specs.map((spec, i) => ({
    path: `${settings.chartsDir}/${spec.file}`,
    title: spec.title,
    content: svgs[i] as string,
  }));
  const markdown = renderIndexMarkdown({ index, indexPath: settings.indexPath, charts });
  const files = [
    { path: settings.indexPath, content: markdown },
    ...charts.map(({ path, content }) => ({ path, content })),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
