import type { FollowUpState } from './report-index.js';

/**
 * Reports repository in, files to write out: the one entry point of the reports index for the app
 * (after a report PR is merged, `/incident stats`) and the `stats` CLI. No I/O and no clock: the
 * caller reads the files and writes (or commits) what comes back; the same files give byte-identical
 * output, so a caller that compares before writing makes no empty commits.
 */

export interface ReportIndexSettings {
  /** Folder of the reports, repository-relative ("reports"; "" = the whole repository). */
  reportsDir: string;
  /** Where the index page goes ("reports/README.md"); never read as a report. */
  indexPath: string;
  /** Folder of the chart SVGs ("reports/charts"); never read as reports. */
  chartsDir: string;
  /** IANA zone of dates and month buckets. */
  timeZone: string;
  /** Configured severity levels, in order (legend and table order). */
  severities: readonly string[];
  /** How many of the steps most often late or skipped are listed. */
  topSteps: number;
  /** Current follow-up states by issue reference, when the caller has read them from GitHub. */
  followUpStates?: Readonly<Record<string, FollowUpState>>;
}
