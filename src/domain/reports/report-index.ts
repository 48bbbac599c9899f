import { median, p90 } from './percentiles.js';
import type { ReportEntry } from './report-entry.js';
import { stepKey } from './step-match.js';
import { dayIn, monthIn, monthsBetween } from '../shared/zoned-date.js';

/**
 * The reports index as data: what the index page, the charts, the CLI tables and `stats --json` all
 * show, so they can never disagree. Pure and deterministic: the same entries in any order give the
 * same index (every list has a total order, ties broken by report path), and nothing depends on when
 * it runs.
 */

/** The severity label of reports without one. */
export const NO_SEVERITY = 'not set';

export interface SkippedReport {
  path: string;
  reason: string;
}

export interface IncidentRow {
  path: string;
  title: string;
  /** Day of the start in the team's time zone, YYYY-MM-DD. */
  date: string;
  month: string;
  severity: string;
  incident: string | null;
  incidentUrl: string | null;
  timeToAcknowledge: number | null;
  timeToMitigate: number | null;
  timeToResolve: number | null;
  /** Steps done on time / steps that were due (on time + late + not done); null without a checklist. */
  steps: { onTime: number; due: number } | null;
  followUps: { open: number; closed: number } | null;
}

export interface TimeSummary {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface GroupSummary {
  /** The month ("YYYY-MM") or the severity. */
  key: string;
  incidents: number;
  acknowledge: TimeSummary;
  mitigate: TimeSummary;
  resolve: TimeSummary;
}

export interface FollowUpDebt {
  text: string;
  issue: string | null;
  url: string | null;
  /** Day it was opened (else the incident's resolution, else start) in the team's time zone. */
  since: string;
  reportPath: string;
  reportTitle: string;
}

export interface StepSummary {
  key: string;
  /** The wording of the most recent incident that had the step. */
  text: string;
  incidents: number;
  onTime: number;
  late: number;
  notDone: number;
  /** onTime / (onTime + late + notDone), 0..1. */
  onTimeRate: number;
}

export interface MonthSeries {
  month: string;
  incidentsBySeverity: Array<{ severity: string; incidents: number; medianResolve: number | null }>;
  /** Steps due that month and how many were on time; rate null when none were due. */
  stepsDue: number;
  stepsOnTime: number;
  onTimeRate: number | null;
  /** Follow-ups open at the end of the month (opened by then, not closed by then). */
  openFollowUps: number;
}

export interface ReportIndex {
  timeZone: string;
  incidents: IncidentRow[];
  byMonth: GroupSummary[];
  bySeverity: GroupSummary[];
  followUpDebt: FollowUpDebt[];
  steps: StepSummary[];
  series: MonthSeries[];
  /** Severities in display order: the configured order, then others alphabetically, "not set" last. */
  severities: string[];
  skipped: SkippedReport[];
  /** How many reports carry their checklist / action items (older reports may not). */
  withChecklist: number;
  withFollowUps: number;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function summary(values: Array<number | null>): TimeSummary {
  const present = values.filter((v): v is number => v !== null);
  return { count: present.length, median: median(present), p90: p90(present) };
}

function group(key: string, rows: readonly IncidentRow[]): GroupSummary {
  return {
    key,
    incidents: rows.length,
    acknowledge: summary(rows.map((r) => r.timeToAcknowledge)),
    mitigate: summary(rows.map((r) => r.timeToMitigate)),
    resolve: summary(rows.map((r) => r.timeToResolve)),
  };
}

function severityOrder(configured: readonly string[], seen: Iterable<string>): string[] {
  const rest = [...new Set(seen)].filter((s) => s !== NO_SEVERITY && !configured.includes(s)).sort(byText);
  const order = [...configured.filter((s) => [...seen].includes(s)), ...rest];
  return [...seen].includes(NO_SEVERITY) ? [...order, NO_SEVERITY] : order;
}

export interface FollowUpState {
  state: 'open' | 'closed';
  opened: string | null;
  closed: string | null;
}

function withCurrentStates(
  entry: ReportEntry,
  states: Readonly<Record<string, FollowUpState>> | undefined,
): ReportEntry {
  if (states === undefined || entry.followUps === null) return entry;
  return {
    ...entry,
    followUps: entry.followUps.map((f) => {
      const current = f.issue !== null && Object.hasOwn(states, f.issue) ? states[f.issue] : undefined;
      return current === undefined
        ? f
        : { ...f, state: current.state, opened: current.opened ?? f.opened, closed: current.closed ?? f.closed };
    }),
  };
}

const DUE: ReadonlySet<string> = new Set(['on time', 'late', 'not done']);

export function buildReportIndex(params: {
  entries: readonly ReportEntry[];
  skipped?: readonly SkippedReport[];
  /** IANA zone of the month buckets and dates. */
  timeZone: string;
  /** Configured severity levels, in order. */
  severities?: readonly string[];
  /** How many steps the "most often late or skipped" list keeps. */
  topSteps?: number;
  /**
   * Current states of follow-up issues by reference ("owner/repo#12"), when the caller knows them: a
   * report's front matter holds the states as they were when it was written.
   */
  followUpStates?: Readonly<Record<string, FollowUpState>>;
}): ReportIndex {
  const { timeZone } = params;
  const entries = [...params.entries]
    .map((e) => withCurrentStates(e, params.followUpStates))
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start) || byText(a.path, b.path));
  const incidents: IncidentRow[] = entries.map((e) => {
    const due = e.steps?.filter((s) => DUE.has(s.result)) ?? null;
    const date = dayIn(new Date(e.start), timeZone);
    return {
      path: e.path,
      title: e.title,
      date,
      month: date.slice(0, 7),
      severity: e.severity ?? NO_SEVERITY,
      incident: e.incident,
      incidentUrl: e.incidentUrl,
      timeToAcknowledge: e.timeToAcknowledge,
      timeToMitigate: e.timeToMitigate,
      timeToResolve: e.timeToResolve,
      steps: due === null ? null : { onTime: due.filter((s) => s.result === 'on time').length, due: due.length },
      followUps:
        e.followUps === null
          ? null
          : {
              open: e.followUps.filter((f) => f.state !== 'closed').length,
              closed: e.followUps.filter((f) => f.state === 'closed').length,
            },
    };
  });

  const severities = severityOrder(
    params.severities ?? [],
    incidents.map((r) => r.severity),
  );
  const rowsByMonth = new Map<string, IncidentRow[]>();
  for (const r of incidents) {
    const rows = rowsByMonth.get(r.month);
    if (rows === undefined) rowsByMonth.set(r.month, [r]);
    else rows.push(r);
  }
  const months = [...rowsByMonth.keys()].sort(byText).reverse();
  const byMonth = months.map((m) => group(m, rowsByMonth.get(m) ?? []));
  const bySeverity = severities.map((s) =>
    group(
      s,
      incidents.filter((r) => r.severity === s),
    ),
  );

  // Follow-ups: debt (open now, oldest first) and the open count at each month's end.
  const followUps = entries.flatMap((e) =>
    (e.followUps ?? []).map((f) => {
      const opened = f.opened ?? e.resolved ?? e.start;
      return {
        ...f,
        entry: e,
        openedAt: opened,
        openedMonth: monthIn(new Date(opened), timeZone),
        closedMonth: f.closed ? monthIn(new Date(f.closed), timeZone) : null,
      };
    }),
  );
  const followUpDebt: FollowUpDebt[] = followUps
    .filter((f) => f.state !== 'closed')
    .sort(
      (a, b) =>
        Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
        byText(a.entry.path, b.entry.path) ||
        byText(a.issue ?? '', b.issue ?? '') ||
        byText(a.text, b.text),
    )
    .map((f) => ({
      text: f.text,
      issue: f.issue,
      url: f.url,
      since: dayIn(new Date(f.openedAt), timeZone),
      reportPath: f.entry.path,
      reportTitle: f.entry.title,
    }));

  // Steps matched by normalised text across incidents (see step-match.ts).
  const stepStats = new Map<string, StepSummary & { latestStart: number; latestPath: string }>();
  for (const e of entries) {
    const seenInIncident = new Set<string>();
    for (const s of e.steps ?? []) {
      if (!DUE.has(s.result)) continue;
      const key = stepKey(s.text);
      if (key === '') continue;
      let stat = stepStats.get(key);
      const startMs = Date.parse(e.start);
      if (stat === undefined) {
        stat = {
          key,
          text: s.text,
          incidents: 0,
          onTime: 0,
          late: 0,
          notDone: 0,
          onTimeRate: 0,
          latestStart: startMs,
          latestPath: e.path,
        };
        stepStats.set(key, stat);
      } else if (startMs > stat.latestStart || (startMs === stat.latestStart && byText(e.path, stat.latestPath) < 0)) {
        Object.assign(stat, { text: s.text, latestStart: startMs, latestPath: e.path });
      }
      if (!seenInIncident.has(key)) stat.incidents += 1;
      seenInIncident.add(key);
      if (s.result === 'on time') stat.onTime += 1;
      else if (s.result === 'late') stat.late += 1;
      else stat.notDone += 1;
    }
  }
  const steps = [...stepStats.values()]
    .map(({ latestStart: _s, latestPath: _p, ...s }) => ({
      ...s,
      onTimeRate: s.onTime / (s.onTime + s.late + s.notDone),
    }))
    .filter((s) => s.late + s.notDone > 0)
    .sort((a, b) => b.late + b.notDone - (a.late + a.notDone) || a.onTimeRate - b.onTimeRate || byText(a.key, b.key))
    .slice(0, params.topSteps ?? 10);

  // Month series for the charts: every month from the first to the last event, gaps included.
  // Grouped once and summed by month (not filtered per month), so it stays linear in the reports.
  const eventMonths = [
    ...incidents.map((r) => r.month),
    ...followUps.flatMap((f) => (f.closedMonth ? [f.openedMonth, f.closedMonth] : [f.openedMonth])),
  ].sort(byText);
  // Open follow-ups as a running count: +1 in the month opened, -1 in the month closed.
  // A follow-up closed without a known closing time is left out: when it stopped being debt is unknown.
  const openDelta = new Map<string, number>();
  const add = (month: string, n: number) => openDelta.set(month, (openDelta.get(month) ?? 0) + n);
  for (const f of followUps) {
    if (f.state === 'closed' && f.closedMonth === null) continue;
    add(f.openedMonth, 1);
    if (f.closedMonth !== null) add(f.closedMonth, -1);
  }
  let open = 0;
  const series: MonthSeries[] =
    eventMonths.length === 0
      ? []
      : monthsBetween(eventMonths[0] as string, eventMonths[eventMonths.length - 1] as string).map((month) => {
          const rows = rowsByMonth.get(month) ?? [];
          const due = rows.reduce((n, r) => n + (r.steps?.due ?? 0), 0);
          const onTime = rows.reduce((n, r) => n + (r.steps?.onTime ?? 0), 0);
          open += openDelta.get(month) ?? 0;
          return {
            month,
            incidentsBySeverity: severities.map((severity) => {
              const ofSeverity = rows.filter((r) => r.severity === severity);
              return {
                severity,
                incidents: ofSeverity.length,
                medianResolve: summary(ofSeverity.map((r) => r.timeToResolve)).median,
              };
            }),
            stepsDue: due,
            stepsOnTime: onTime,
            onTimeRate: due === 0 ? null : onTime / due,
            openFollowUps: open,
          };
        });

  return {
    timeZone,
    incidents,
    byMonth,
    bySeverity,
    followUpDebt,
    steps,
    series,
    severities,
    skipped: [...(params.skipped ?? [])].sort((a, b) => byText(a.path, b.path)),
    withChecklist: entries.filter((e) => e.steps !== null).length,
    withFollowUps: entries.filter((e) => e.followUps !== null).length,
  };
}
