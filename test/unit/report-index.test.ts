import { describe, expect, it } from '@jest/globals';
import { median, p90, percentile } from '../../src/domain/reports/percentiles.js';
import { reportEntryOf, type ReportEntry } from '../../src/domain/reports/report-entry.js';
import { buildReportIndex } from '../../src/domain/reports/report-index.js';
import { stepKey } from '../../src/domain/reports/step-match.js';
import { dayIn, monthIn, monthsBetween } from '../../src/domain/shared/zoned-date.js';
import { reportIndexFiles, reportIndexOf, type ReportIndexSettings } from '../../src/render/report-index-files.js';
import { renderIndexMarkdown } from '../../src/render/report-index-markdown.js';
import { relativeLink } from '../../src/render/report-index-tables.js';

describe('median and nearest-rank p90', () => {
  it.each([
    { values: [], median: null, p90: null },
    { values: [7], median: 7, p90: 7 },
    { values: [30, 10], median: 20, p90: 30 },
    { values: [5, 1, 3], median: 3, p90: 5 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], median: 5.5, p90: 9 },
    { values: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 100], median: 6, p90: 10 },
    { values: Array.from({ length: 20 }, (_, i) => i + 1), median: 10.5, p90: 18 },
    { values: [4, 4, 4, 4], median: 4, p90: 4 },
  ])('$values -> median $median, p90 $p90', ({ values, median: m, p90: p }) => {
    expect(median(values)).toBe(m);
    expect(p90(values)).toBe(p);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('months and days in the team time zone', () => {
  it.each([
    { at: '2026-01-31T23:30:00Z', zone: 'UTC', day: '2026-01-31', month: '2026-01' },
    { at: '2026-01-31T23:30:00Z', zone: 'Europe/Berlin', day: '2026-02-01', month: '2026-02' },
    { at: '2026-03-01T03:00:00Z', zone: 'America/New_York', day: '2026-02-28', month: '2026-02' },
    { at: '2026-05-31T18:45:00Z', zone: 'Asia/Kolkata', day: '2026-06-01', month: '2026-06' },
    { at: '2026-05-31T18:15:00Z', zone: 'Asia/Kolkata', day: '2026-05-31', month: '2026-05' },
    // Summer time: Berlin is UTC+2 at the end of October until the last Sunday.
    { at: '2026-10-31T22:30:00Z', zone: 'Europe/Berlin', day: '2026-10-31', month: '2026-10' },
    { at: '2026-03-31T22:30:00Z', zone: 'Europe/Berlin', day: '2026-04-01', month: '2026-04' },
    { at: '2026-12-31T12:00:00Z', zone: 'Pacific/Kiritimati', day: '2027-01-01', month: '2027-01' },
  ])('$at in $zone is $day', ({ at, zone, day, month }) => {
    expect(dayIn(new Date(at), zone)).toBe(day);
    expect(monthIn(new Date(at), zone)).toBe(month);
  });

  it.each([
    { first: '2026-11', last: '2027-02', months: ['2026-11', '2026-12', '2027-01', '2027-02'] },
    { first: '2026-05', last: '2026-05', months: ['2026-05'] },
    { first: '2026-05', last: '2026-04', months: [] },
  ])('months from $first to $last', ({ first, last, months }) => {
    expect(monthsBetween(first, last)).toEqual(months);
  });
});

describe('step matching: normalised text, not fuzzy', () => {
  it.each([
    ['Post the first status update (/incident status ...)', 'post the first status update: /incident status', true],
    ['Page the on-call engineer and take the lead', 'Page the on-call engineer, and take the lead!', true],
    ['Tell   the support\tteam', 'tell the SUPPORT team', true],
    ['Ｔｅｌｌ the support team', 'Tell the support team', true],
    ['Tell the support team', 'Tell the support team 🚨', true],
    ['Notify support', 'Notify customers', false],
    ['Post the first status update', 'Post a first status update', false],
    ['Roll back the deploy', 'Roll back the deploys', false],
    ['Überprüfe die Warteschlange', 'überprüfe die warteschlange.', true],
  ])('%j ~ %j: %s', (a, b, same) => {
    expect(stepKey(a) === stepKey(b)).toBe(same);
  });
});

const T0 = '2026-10-05T13:00:00Z';

function frontMatter(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Payments time out',
    severity: 'high',
    detected: T0,
    acknowledged: '2026-10-05T13:15:00Z',
    resolved: '2026-10-05T15:00:00Z',
    ...overrides,
  };
}

describe('reading a report front matter', () => {
  it.each([
    { name: 'not a mapping', data: 'just text', reason: /expected object/ },
    { name: 'no front matter data', data: null, reason: /expected object/ },
    { name: 'no title', data: frontMatter({ title: undefined }), reason: /^title: missing$/ },
    { name: 'a title that is a list', data: frontMatter({ title: ['a'] }), reason: /^title: / },
    { name: 'no detection time', data: frontMatter({ detected: undefined }), reason: /^detected: missing$/ },
    { name: 'a date without a time', data: frontMatter({ detected: '2026-10-05' }), reason: /^detected: / },
    { name: 'a time without a zone', data: frontMatter({ resolved: '2026-10-05T15:00:00' }), reason: /^resolved: / },
    {
      name: 'an unknown step result',
      data: frontMatter({ checklist: [{ text: 'x', result: 'sort of' }] }),
      reason: /^checklist\.0\.result: /,
    },
    {
      name: 'an unknown follow-up state',
      data: frontMatter({ action_items: [{ text: 'x', state: 'maybe' }] }),
      reason: /^action_items\.0\.state: /,
    },
  ])('skips $name', ({ data, reason }) => {
    const result = reportEntryOf({ path: 'reports/x.md', data });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('computes the times from the timestamps, from impact start else detection', () => {
    const read = (data: Record<string, unknown>) => {
      const result = reportEntryOf({ path: 'r.md', data });
      if (!result.ok) throw new Error(result.reason);
      return result.entry;
    };
    expect(read(frontMatter())).toMatchObject({
      start: T0,
      timeToAcknowledge: 15,
      timeToMitigate: null,
      timeToResolve: 120,
      steps: null,
      followUps: null,
    });
    expect(read(frontMatter({ impact_start: '2026-10-05T12:30:00Z' }))).toMatchObject({
      timeToAcknowledge: 45,
      timeToResolve: 150,
    });
    // An acknowledgement before the start is not a time: left out rather than negative.
    expect(read(frontMatter({ acknowledged: '2026-10-05T12:00:00Z' })).timeToAcknowledge).toBeNull();
    expect(read(frontMatter({ severity: '  ' })).severity).toBeNull();
  });

  it('keeps only https links', () => {
    const result = reportEntryOf({
      path: 'r.md',
      data: frontMatter({
        incident_url: 'javascript:alert(1)',
        action_items: [{ text: 'a', issue: 'o/r#1', url: 'https://github.com/o/r/issues/1)](x', state: 'open' }],
      }),
    });
    expect(result.ok && result.entry.incidentUrl).toBeNull();
    expect(result.ok && result.entry.followUps?.[0]?.url).toBeNull();
  });
});

function entry(overrides: Partial<ReportEntry> & { path: string; start: string }): ReportEntry {
  return {
    title: overrides.path,
    incident: null,
    incidentUrl: null,
    severity: 'high',
    acknowledged: null,
    mitigated: null,
    resolved: null,
    timeToAcknowledge: null,
    timeToMitigate: null,
    timeToResolve: null,
    steps: null,
    followUps: null,
    ...overrides,
  };
}

describe('the index', () => {
  const entries: ReportEntry[] = [
    entry({
      path: 'reports/a.md',
      start: '2026-01-31T23:30:00Z',
      severity: 'low',
      timeToResolve: 60,
      steps: [
        { text: 'Tell support', result: 'late' },
        { text: 'Open a thread', result: 'on time' },
      ],
    }),
    entry({
      path: 'reports/b.md',
      start: '2026-01-10T10:00:00Z',
      severity: 'high',
      timeToResolve: 120,
      timeToAcknowledge: 10,
      steps: [
        { text: 'tell support!', result: 'not done' },
        { text: 'Open a thread', result: 'on time' },
        { text: 'Write report', result: 'open' },
      ],
    }),
    entry({ path: 'reports/c.md', start: '2026-01-10T10:00:00Z', severity: null, timeToResolve: 30 }),
    entry({
      path: 'reports/d.md',
      start: '2026-03-02T10:00:00Z',
      severity: 'sev-x',
      timeToResolve: 240,
      steps: [{ text: 'Open a thread', result: 'late' }],
    }),
  ];
  const build = (timeZone: string, list = entries) =>
    buildReportIndex({ entries: list, timeZone, severities: ['high', 'medium', 'low'] });

  it('lists incidents newest first, ties by path, in any input order', () => {
    expect(build('UTC').incidents.map((r) => r.path)).toEqual([
      'reports/d.md',
      'reports/a.md',
      'reports/b.md',
      'reports/c.md',
    ]);
    expect(build('UTC', [...entries].reverse())).toEqual(build('UTC'));
  });

  it.each([
    { zone: 'UTC', months: ['2026-03', '2026-01'], january: 3 },
    { zone: 'Europe/Berlin', months: ['2026-03', '2026-02', '2026-01'], january: 2 },
  ])('buckets months in $zone', ({ zone, months, january }) => {
    const index = build(zone);
    expect(index.byMonth.map((m) => m.key)).toEqual(months);
    expect(index.byMonth.find((m) => m.key === '2026-01')?.incidents).toBe(january);
    expect(index.series.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('summarises per severity in the configured order, others after, "not set" last', () => {
    const index = build('UTC');
    expect(index.severities).toEqual(['high', 'low', 'sev-x', 'not set']);
    expect(index.bySeverity.map((g) => [g.key, g.incidents, g.resolve.median])).toEqual([
      ['high', 1, 120],
      ['low', 1, 60],
      ['sev-x', 1, 240],
      ['not set', 1, 30],
    ]);
    const january = build('UTC').byMonth.find((m) => m.key === '2026-01');
    expect(january?.resolve).toEqual({ count: 3, median: 60, p90: 120 });
    expect(january?.acknowledge).toEqual({ count: 1, median: 10, p90: 10 });
  });

  it('ranks steps by late + not done across incidents, matched by normalised text', () => {
    const index = build('UTC');
    expect(index.steps.map((s) => [s.text, s.incidents, s.onTime, s.late, s.notDone, s.onTimeRate])).toEqual([
      // "Tell support" (a, newer) and "tell support!" (b) are one step, shown in the newest wording.
      ['Tell support', 2, 0, 1, 1, 0],
      ['Open a thread', 3, 2, 1, 0, 2 / 3],
    ]);
    expect(buildReportIndex({ entries, timeZone: 'UTC', topSteps: 1 }).steps).toHaveLength(1);
    expect(index.incidents.find((r) => r.path === 'reports/b.md')?.steps).toEqual({ onTime: 1, due: 2 });
    expect(index.incidents.find((r) => r.path === 'reports/c.md')?.steps).toBeNull();
  });

  it('lists follow-up debt oldest first and counts open follow-ups at each month end', () => {
    const followUps = [
      entry({
        path: 'reports/x.md',
        start: '2026-01-05T10:00:00Z',
        resolved: '2026-01-05T12:00:00Z',
        followUps: [
          {
            text: 'Closed in March',
            issue: 'o/r#1',
            url: null,
            state: 'closed',
            opened: '2026-01-06T10:00:00Z',
            closed: '2026-03-03T10:00:00Z',
          },
          {
            text: 'Still open',
            issue: 'o/r#2',
            url: null,
            state: 'open',
            opened: '2026-02-01T10:00:00Z',
            closed: null,
          },
          { text: 'No issue', issue: null, url: null, state: 'not opened', opened: null, closed: null },
          { text: 'Closed, time unknown', issue: 'o/r#3', url: null, state: 'closed', opened: null, closed: null },
        ],
      }),
    ];
    const index = buildReportIndex({ entries: followUps, timeZone: 'UTC' });
    expect(index.followUpDebt.map((f) => [f.since, f.text])).toEqual([
      ['2026-01-05', 'No issue'],
      ['2026-02-01', 'Still open'],
    ]);
    expect(index.series.map((m) => [m.month, m.openFollowUps])).toEqual([
      ['2026-01', 2],
      ['2026-02', 3],
      ['2026-03', 2],
    ]);
    expect(index.incidents[0]?.followUps).toEqual({ open: 2, closed: 2 });

    // States the caller read from GitHub win over the report's snapshot.
    const current = buildReportIndex({
      entries: followUps,
      timeZone: 'UTC',
      followUpStates: { 'o/r#2': { state: 'closed', opened: null, closed: '2026-02-20T00:00:00Z' } },
    });
    expect(current.followUpDebt.map((f) => f.text)).toEqual(['No issue']);
    expect(current.series.map((m) => m.openFollowUps)).toEqual([2, 2, 1]);
  });

  it('is empty without reports', () => {
    const index = buildReportIndex({ entries: [], timeZone: 'UTC' });
    expect(index).toMatchObject({
      incidents: [],
      byMonth: [],
      bySeverity: [],
      followUpDebt: [],
      steps: [],
      series: [],
    });
  });
});

const SETTINGS: ReportIndexSettings = {
  reportsDir: 'reports',
  indexPath: 'reports/README.md',
  chartsDir: 'reports/charts',
  timeZone: 'UTC',
  severities: ['high'],
  topSteps: 10,
};
const REPORT = '---\ntitle: "A"\ndetected: "2026-01-01T00:00:00Z"\n---\n# A\n';

describe('reading report files', () => {
  it.each([
    { path: 'reports/no-front-matter.md', content: '# Notes\n', reason: /^no front matter/ },
    { path: 'reports/unclosed.md', content: '---\ntitle: x\n', reason: /^no front matter/ },
    { path: 'reports/bad-yaml.md', content: '---\ntitle: [x\n---\n', reason: /^front matter is not YAML: line \d+/ },
    {
      path: 'reports/aliases.md',
      content: `---\na: &a [x]\nb: [${Array.from({ length: 200 }, () => '*a').join(',')}]\n---\n`,
      reason: /^front matter is not YAML/,
    },
    { path: 'reports/huge.md', content: `${REPORT}${'x'.repeat(1_000_001)}`, reason: /^larger than/ },
    { path: 'reports/wrong.md', content: '---\n- a list\n---\n', reason: /expected object/ },
  ])('skips $path with a reason', ({ path, content, reason }) => {
    const index = reportIndexOf({
      files: [
        { path, content },
        { path: 'reports/ok.md', content: REPORT },
      ],
      settings: SETTINGS,
    });
    expect(index.incidents.map((r) => r.path)).toEqual(['reports/ok.md']);
    expect(index.skipped).toEqual([{ path, reason: expect.stringMatching(reason) }]);
  });

  it('reads only markdown under the reports folder, never the index or the charts', () => {
    const files = [
      'reports/ok.md',
      'reports/README.md',
      'reports/charts/x.md',
      'docs/other.md',
      'reports/data.json',
      'reports/2026/nested.MD',
    ].map((path) => ({ path, content: REPORT }));
    expect(
      reportIndexOf({ files, settings: SETTINGS })
        .incidents.map((r) => r.path)
        .sort(),
    ).toEqual(['reports/2026/nested.MD', 'reports/ok.md']);
  });

  it('rejects an unknown time zone', () => {
    expect(() => reportIndexOf({ files: [], settings: { ...SETTINGS, timeZone: 'Mars/Olympus' } })).toThrow(
      /not an IANA time zone/,
    );
  });
});

describe('the index page keeps report text as data', () => {
  it('escapes titles and step texts, neutralises mentions, references and markers', () => {
    const evil =
      '---\ntitle: "<!-- x --> @org/team fixes #12 | {{title}} [a](javascript:x)"\ndetected: "2026-01-01T00:00:00Z"\nchecklist:\n  - { text: "Ping @alice <img src=x>", result: "late" }\n---\n';
    const index = reportIndexOf({ files: [{ path: 'reports/we ird(1).md', content: evil }], settings: SETTINGS });
    const page = renderIndexMarkdown({ index, indexPath: SETTINGS.indexPath, charts: [] });
    expect(page).not.toContain('<!--');
    expect(page).not.toMatch(/@org|@alice|#12/);
    // Markdown-escaped: GitHub shows the text, not an image.
    expect(page).not.toMatch(/(?<!\\)<img/);
    expect(page).toContain('\\<img');
    expect(page).toContain('\\{\\{title\\}\\}');
    expect(page).toContain('](we%20ird%281%29.md)');
    // Every incident row still has exactly the table's column count.
    const row = page.split('\n').find((l) => l.includes('we%20ird'));
    expect(row?.replace(/\\\|/g, '').split('|').length).toBe(10);
  });

  it.each([
    { from: 'reports/README.md', to: 'reports/2026-01-01-a.md', link: '2026-01-01-a.md' },
    { from: 'README.md', to: 'reports/x y.md', link: 'reports/x%20y.md' },
    { from: 'index/README.md', to: 'reports/a.md', link: '../reports/a.md' },
  ])('links $to from $from as $link', ({ from, to, link }) => {
    expect(relativeLink(from, to)).toBe(link);
  });
});

describe('growth', () => {
  // Months x reports filtering was quadratic once; 8x the reports must cost about 8x, not 64x.
  function entries(n: number): ReportEntry[] {
    return Array.from({ length: n }, (_, i) =>
      entry({
        path: `reports/${i}.md`,
        start: new Date(Date.UTC(2020, 0, 1) + i * 7 * 3_600_000).toISOString(),
        severity: ['high', 'medium', 'low'][i % 3] as string,
        timeToResolve: (i % 50) * 7,
        steps: Array.from({ length: 8 }, (_, k) => ({
          text: `Step ${k}`,
          result: (['on time', 'late', 'not done'] as const)[(i + k) % 3] as 'on time',
        })),
        followUps: [
          {
            text: `Fix ${i}`,
            issue: `o/r#${i}`,
            url: null,
            state: i % 2 ? 'open' : 'closed',
            opened: null,
            closed: i % 2 ? null : new Date(Date.UTC(2020, 0, 1) + (i + 200) * 7 * 3_600_000).toISOString(),
          },
        ],
      }),
    );
  }
  function time(list: ReportEntry[]): number {
    const runs = [0, 1, 2].map(() => {
      const t = performance.now();
      buildReportIndex({ entries: list, timeZone: 'Europe/Berlin' });
      return performance.now() - t;
    });
    return runs.sort((a, b) => a - b)[1] as number;
  }

  it('stays near linear in the number of reports', () => {
    const small = entries(1_000);
    const large = entries(8_000);
    time(small);
    expect(time(large) / time(small)).toBeLessThan(24);
  });
});

describe('files to write', () => {
  it('writes only the index page when there are no reports', async () => {
    const { files } = await reportIndexFiles({ files: [], settings: SETTINGS });
    expect(files.map((f) => f.path)).toEqual(['reports/README.md']);
    expect(files[0]?.content).toContain('_No incident reports yet._');
    expect(files[0]?.content).not.toContain('![');
  });

  it('writes report text into the charts only as escaped XML text', async () => {
    const content =
      '---\ntitle: x\nseverity: "<script>alert(1)</script>&"\ndetected: "2026-01-01T00:00:00Z"\nresolved: "2026-01-01T02:00:00Z"\n---\n';
    const { files } = await reportIndexFiles({ files: [{ path: 'reports/a.md', content }], settings: SETTINGS });
    const svgs = files.filter((f) => f.path.endsWith('.svg'));
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) expect(svg.content).not.toMatch(/<script|&(?![a-z]+;|#\d+;)/);
    expect(files.find((f) => f.path.endsWith('incidents.svg'))?.content).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&amp;',
    );
  });
});
