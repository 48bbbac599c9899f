import type { ReportIndex } from '../domain/reports/report-index.js';

/**
 * The index's charts: Vega-Lite specifications compiled by Vega to SVG strings in Node (no browser,
 * no native canvas). Vega is loaded on first use only (dynamic import), so the app's webhook path and
 * the other CLI commands never pay for it.
 *
 * Byte-identical output for the same index: fixed width, height, fonts and colours; months are
 * ordinal strings (no time scales, which would read the host's time zone); text widths are Vega's
 * estimate from the font size even where a `canvas` package is installed (measuring would depend on
 * the host's fonts); clip and gradient ids are reset before each render. Report text (severity names)
 * reaches the SVG only as data, which Vega escapes as XML text; nothing from a report is an expression.
 */

export interface ChartSpec {
  /** File name under the charts folder. */
  file: string;
  title: string;
  spec: Record<string, unknown>;
}

const WIDTH = 560;
const HEIGHT = 220;
const FONT = 'Helvetica, Arial, sans-serif';
/** Tableau 10: distinguishable, and the same severity always gets the same colour (by its order). */
const PALETTE = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

const CONFIG = {
  font: FONT,
  background: '#ffffff',
  padding: 8,
  title: { fontSize: 14, font: FONT, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 11, labelFont: FONT, titleFont: FONT },
  legend: { labelFontSize: 11, titleFontSize: 11, labelFont: FONT, titleFont: FONT, labelLimit: 160 },
  view: { stroke: null },
};

function base(title: string, description: string, values: object[]) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    description,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
  };
}

function monthAxis(months: string[]) {
  return { field: 'month', type: 'ordinal', title: 'Month', scale: { domain: months }, axis: { labelAngle: -45 } };
}

function severityColor(severities: string[]) {
  return {
    field: 'severity',
    type: 'nominal',
    title: 'Severity',
    scale: { domain: severities, range: severities.map((_, i) => PALETTE[i % PALETTE.length]) },
    sort: severities,
  };
}

export function chartSpecs(index: ReportIndex): ChartSpec[] {
  const months = index.series.map((m) => m.month);
  const severities = index.severities;
  const bySeverity = index.series.flatMap((m) => m.incidentsBySeverity.map((s) => ({ month: m.month, ...s })));
  return [
    {
      file: 'time-to-resolve.svg',
      title: 'Time to resolve per month by severity',
      spec: {
        ...base(
          'Median time to resolve per month (hours)',
          'Median hours from impact start to resolution, per month and severity.',
          bySeverity
            .filter((d) => d.medianResolve !== null)
            .map((d) => ({
              month: d.month,
              severity: d.severity,
              hours: Math.round(((d.medianResolve as number) / 60) * 10) / 10,
            })),
        ),
        mark: { type: 'line', point: true },
        encoding: {
          x: monthAxis(months),
          y: { field: 'hours', type: 'quantitative', title: 'Hours' },
          color: severityColor(severities),
        },
      },
    },
    {
      file: 'incidents.svg',
      title: 'Incidents per month by severity',
      spec: {
        ...base(
          'Incidents per month',
          'Number of incidents per month, stacked by severity.',
          bySeverity
            .filter((d) => d.incidents > 0)
            .map((d) => ({
              month: d.month,
              severity: d.severity,
              incidents: d.incidents,
              order: severities.indexOf(d.severity),
            })),
        ),
        mark: { type: 'bar' },
        encoding: {
          x: monthAxis(months),
          y: { field: 'incidents', type: 'quantitative', title: 'Incidents', axis: { tickMinStep: 1, format: 'd' } },
          color: severityColor(severities),
          order: { field: 'order', type: 'quantitative' },
        },
      },
    },
    {
      file: 'on-time-steps.svg',
      title: 'Steps on time per month',
      spec: {
        ...base(
          'Runbook steps done on time per month (%)',
          'Share of the checklist steps that were due and were done on time, per month.',
          index.series
            .filter((m) => m.onTimeRate !== null)
            .map((m) => ({
              month: m.month,
              percent: Math.round((m.onTimeRate as number) * 1000) / 10,
              due: m.stepsDue,
            })),
        ),
        mark: { type: 'line', point: true, color: PALETTE[0] },
        encoding: {
          x: monthAxis(months),
          y: { field: 'percent', type: 'quantitative', title: 'On time (%)', scale: { domain: [0, 100] } },
        },
      },
    },
    {
      file: 'open-follow-ups.svg',
      title: 'Open follow-ups over time',
      spec: {
        ...base(
          'Open follow-ups at the end of each month',
          'Follow-ups opened and not yet closed at the end of each month.',
          index.series.map((m) => ({ month: m.month, open: m.openFollowUps })),
        ),
        mark: { type: 'line', point: true, color: PALETTE[1] },
        encoding: {
          x: monthAxis(months),
          y: { field: 'open', type: 'quantitative', title: 'Open follow-ups', axis: { tickMinStep: 1, format: 'd' } },
        },
      },
    },
  ];
}

type VegaModules = [typeof import('vega'), typeof import('vega-lite')];
let modules: Promise<VegaModules> | undefined;

function loadVega(): Promise<VegaModules> {
  // One after the other: vega-lite imports vega, and Jest's ESM loader fails on two imports of one
  // module graph in flight at once ("request for ... is not in cache").
  modules ??= import('vega').then(async (vega) => [vega, await import('vega-lite')] as VegaModules);
  return modules;
}

/** Vega exports this switch, its typings do not declare it. */
interface TextMetrics {
  canvas(use: boolean): void;
}

// The clip and gradient id counters are module-wide: renders run one at a time, even when two
// refreshes (two installations) ask at once.
let queue: Promise<unknown> = Promise.resolve();

/** Renders every spec to an SVG string (with a final newline), in order. */
export function renderChartSvgs(specs: readonly ChartSpec[]): Promise<string[]> {
  const run = queue.then(() => renderAll(specs));
  queue = run.catch(() => undefined);
  return run;
}

async function renderAll(specs: readonly ChartSpec[]): Promise<string[]> {
  const [vega, vegaLite] = await loadVega();
  (vega as unknown as { textMetrics: TextMetrics }).textMetrics.canvas(false);
  const svgs: string[] = [];
  for (const chart of specs) {
    vega.resetSVGDefIds();
    const compiled = vegaLite.compile(chart.spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    try {
      const svg = await view.toSVG();
      svgs.push(svg.endsWith('\n') ? svg : `${svg}\n`);
    } finally {
      view.finalize();
    }
  }
  return svgs;
}
