import { posix } from 'node:path';
import type { GroupSummary, ReportIndex, TimeSummary } from '../domain/reports/report-index.js';
import { span } from './time.js';

/**
 * The index's tables as cells, before any escaping: the markdown page and the CLI's plain-text
 * output render these same cells, so `stats` prints exactly what the page shows. A cell's text is
 * untrusted (titles, step texts, paths); each renderer makes it safe for its medium.
 */
export interface Cell {
  text: string;
  /** A link target: a path relative to the index, or an https URL checked by the front-matter schema. */
  href?: string;
  /** Text the index made itself (dates, counts, durations): printed as is. */
  own?: boolean;
}

export interface Table {
  key: 'incidents' | 'by-month' | 'by-severity' | 'follow-up-debt' | 'steps' | 'skipped';
  title: string;
  headers: string[];
  rows: Cell[][];
  /** Shown instead of an empty table. */
  empty: string;
}

/** Report text (untrusted). */
const plain = (text: string): Cell => ({ text });
/** Text the index made from numbers and validated dates. */
const own = (text: string): Cell => ({ text, own: true });

/** Minutes as the reports write them ("1 hr 35 min"); fractional medians are rounded down. */
export function minutesText(minutes: number | null): string {
  if (minutes === null) return '–';
  return minutes < 1 ? '0 min' : span(minutes * 60_000);
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** A report path as a link from the index's folder, every segment percent-encoded. */
export function relativeLink(fromFile: string, toFile: string): string {
  const relative = posix.relative(posix.dirname(fromFile), toFile);
  return relative
    .split('/')
    .map((segment) =>
      segment === '..'
        ? segment
        : encodeURIComponent(segment).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

function timeCells(summary: TimeSummary): Cell[] {
  return [own(minutesText(summary.median)), own(minutesText(summary.p90))];
}

/** Months are the index's own text; severities come from reports. */
function groupRows(groups: readonly GroupSummary[], keyCell: (key: string) => Cell): Cell[][] {
  return groups.map((g) => [
    keyCell(g.key),
    own(String(g.incidents)),
    ...timeCells(g.acknowledge),
    ...timeCells(g.mitigate),
    ...timeCells(g.resolve),
  ]);
}

const GROUP_HEADERS = [
  'Incidents',
  'Acknowledge median',
  'Acknowledge p90',
  'Mitigate median',
  'Mitigate p90',
  'Resolve median',
  'Resolve p90',
];

export function indexTables(params: { index: ReportIndex; indexPath: string }): Table[] {
  const { index, indexPath } = params;
  const link = (path: string) => relativeLink(indexPath, path);
  const tables: Table[] = [
    {
      key: 'incidents',
      title: 'Incidents',
      headers: [
        `Date (${index.timeZone})`,
        'Incident',
        'Severity',
        'Time to acknowledge',
        'Time to mitigate',
        'Duration (time to resolve)',
        'Steps on time',
        'Follow-ups open / closed',
      ],
      rows: index.incidents.map((r) => [
        own(r.date),
        { text: r.title, href: link(r.path) },
        plain(r.severity),
        own(minutesText(r.timeToAcknowledge)),
        own(minutesText(r.timeToMitigate)),
        // The report's duration and its time to resolve are one span (start to resolution): one column.
        own(minutesText(r.timeToResolve)),
        own(r.steps === null ? '–' : `${r.steps.onTime} / ${r.steps.due}`),
        own(r.followUps === null ? '–' : `${r.followUps.open} / ${r.followUps.closed}`),
      ]),
      empty: 'No incident reports yet.',
    },
    {
      key: 'by-month',
      title: `By month (${index.timeZone})`,
      headers: ['Month', ...GROUP_HEADERS],
      rows: groupRows(index.byMonth, own),
      empty: 'No incidents.',
    },
    {
      key: 'by-severity',
      title: 'By severity',
      headers: ['Severity', ...GROUP_HEADERS],
      rows: groupRows(index.bySeverity, plain),
      empty: 'No incidents.',
    },
    {
      key: 'follow-up-debt',
      title: 'Follow-up debt (open follow-ups, oldest first)',
      headers: ['Open since', 'Follow-up', 'Issue', 'From'],
      rows: index.followUpDebt.map((f) => [
        own(f.since),
        plain(f.text),
        f.issue === null
          ? own('not opened as an issue')
          : f.url === null
            ? plain(f.issue)
            : { text: f.issue, href: f.url },
        { text: f.reportTitle, href: link(f.reportPath) },
      ]),
      empty: index.withFollowUps === 0 ? 'No report lists its action items yet.' : 'No open follow-ups.',
    },
    {
      key: 'steps',
      title: 'Runbook steps most often late or skipped',
      headers: ['Step', 'Incidents', 'On time', 'Late', 'Not done', 'On-time rate'],
      rows: index.steps.map((s) => [
        plain(s.text),
        own(String(s.incidents)),
        own(String(s.onTime)),
        own(String(s.late)),
        own(String(s.notDone)),
        own(percent(s.onTimeRate)),
      ]),
      empty:
        index.withChecklist === 0 ? 'No report lists its checklist yet.' : 'Every step that was due was done on time.',
    },
  ];
  if (index.skipped.length > 0) {
    tables.push({
      key: 'skipped',
      title: 'Files skipped',
      headers: ['File', 'Reason'],
      rows: index.skipped.map((s) => [plain(s.path), plain(s.reason)]),
      empty: '',
    });
  }
  return tables;
}
