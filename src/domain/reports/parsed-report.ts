import type { ReportEntry } from './report-entry.js';
import type { SkippedReport } from './report-index.js';

/** One report file read: its entry, or why it is listed as skipped. Depends only on its path and content. */
export type ParsedReportLike = { entry: ReportEntry } | { skipped: SkippedReport };

/** Parsed reports kept between refreshes, by blob id and path (src/runtime/parsed-report-cache.ts). */
export interface ParsedReportStore {
  get(key: string): ParsedReportLike | undefined;
  set(key: string, value: ParsedReportLike): void;
}

/** The cache key of a report: its blob id (a blob never changes) and its path (the entry carries it). */
export const parsedReportKey = (params: { sha: string; path: string }): string => `${params.sha} ${params.path}`;
