import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadYaml } from '../../src/config/yaml.js';
import { marker } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { runScenario, scenarioSchema } from '../../src/simulator/scenario.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import { tagsBalance } from '../helpers/svg.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

/** Well-formed enough for GitHub to show it inline: one <svg> root, every other tag closed in order. */
function parsesAsSvg(svg: string): boolean {
  if (!/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/.test(svg) || !svg.trimEnd().endsWith('</svg>'))
    return false;
  return tagsBalance(svg);
}

interface FinalRepo {
  files: Record<string, string>;
  pulls: Array<{ number: number; title: string; head: string; state: string; body: string }>;
  issues: Array<{ number: number; comments: Array<{ author: string; body: string; created_at: string }> }>;
}

const CHARTS = ['incidents', 'on-time-steps', 'open-follow-ups', 'time-to-resolve'].map(
  (c) => `reports/charts/${c}.svg`,
);

describe('learning across incidents (examples/learn-across-incidents.yml)', () => {
  it('three incidents of three severities, their report PRs merged: the index lists all three with charts that parse as SVG, through one index PR', async () => {
    const scenario = scenarioSchema.parse(loadYaml(await readFile('examples/learn-across-incidents.yml', 'utf8')));
    const result = await runScenario({ scenario, readFile: (path) => readFile(resolve('examples', path), 'utf8') });
    const reports = result.final['acme/incident-reports'] as FinalRepo;

    // Report PRs #1, #3, #4 and one index PR (#2), opened after the first merge and updated in place.
    expect(reports.pulls.map((p) => [p.number, p.head, p.state])).toEqual([
      [1, 'incident-report/acme-shop-1', 'merged'],
      [2, 'incident-index', 'merged'],
      [3, 'incident-report/acme-shop-3', 'merged'],
      [4, 'incident-report/acme-shop-5', 'merged'],
    ]);
    const indexWrites = result.actions.filter((a) => a.path.startsWith('/repos/acme/incident-reports/pulls'));
    expect(
      indexWrites.filter((a) => a.method === 'POST' && (a.body as { head?: string }).head?.endsWith('incident-index'))
        .length,
    ).toBe(1);
    expect(indexWrites.filter((a) => a.method === 'PATCH' && a.path.endsWith('/pulls/2')).length).toBe(2);

    // The index on the default branch after the index PR was merged: every incident, newest first.
    const index = reports.files['reports/README.md'] ?? '';
    const rows = index.split('\n').filter((l) => /^\| \d{4}-\d{2}-\d{2} \| \[/.test(l));
    expect(rows.map((r) => r.split(' | ').slice(0, 3))).toEqual([
      ['| 2026-11-02', '[Help page images missing](2026-11-02-help-page-images-missing.md)', 'low'],
      ['| 2026-10-31', '[Search is slow](2026-10-31-search-is-slow.md)', 'medium'],
      ['| 2026-10-30', '[Checkout returns 500s](2026-10-30-checkout-returns-500s.md)', 'high'],
    ]);
    // The first incident's follow-up was closed after its report was merged: read fresh, it is no debt.
    expect(rows[2]).toMatch(/\| 0 \/ 1 \|$/);
    expect(index).toMatch(/^## Follow-up debt[\s\S]*Page on search latency above two seconds/m);
    expect(index).not.toMatch(/^\| [^|]+ \| Alert on the payment error rate/m);
    for (const chart of CHARTS) {
      expect(index).toContain(`](${chart.replace('reports/', '')})`);
      expect(parsesAsSvg(reports.files[chart] ?? '')).toBe(true);
    }

    // `/incident stats`: first the open index PR, then (merged) nothing to change, and nothing written but the answers.
    const incident = (result.final['acme/shop'] as FinalRepo).issues.find((i) => i.number === 5);
    const answers = (incident?.comments ?? [])
      .filter((c) => c.author === BOT_LOGIN && c.body.includes('incident-responder:reply'))
      .map((c) => c.body.replace(/\\(.)/g, '$1'));
    expect(answers).toEqual([
      expect.stringContaining(
        'The index (3 reports) is up to date in its open pull request [acme/incident-reports#2](https://github.com/acme/incident-reports/pull/2).',
      ),
      expect.stringContaining('The index in acme/incident-reports (3 reports) is up to date: nothing to change.'),
    ]);
    // Both answers wrote nothing but themselves: the open index PR already had these files, then the base did.
    const afterLastRefresh = result.actions.filter((a) => Date.parse(a.at) > Date.parse('2026-11-02T15:30:00Z'));
    expect(afterLastRefresh.filter((a) => !a.path.startsWith('/repos/acme/shop/'))).toEqual([]);
  }, 240_000);
});

const T0 = new Date('2026-11-23T10:00:00Z');

async function setup(params: { config?: string } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const shop = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  const other = harness.github.addRepo('acme/other', 'private');
  reports.files['reports/2026-11-01-old.md'] =
    '---\ntitle: "Old"\ndetected: "2026-11-01T10:00:00Z"\nresolved: "2026-11-01T11:00:00Z"\nseverity: "high"\n---\n# Old\n';
  shop.files['.github/incident.yml'] = params.config ?? 'reports:\n  repo: acme/incident-reports\n';
  for (const repo of ['acme/shop', 'acme/incident-reports', 'acme/other'])
    harness.github.setPermission('alice', repo, 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(shop, {
    title: 'Checkout returns 500s',
    body: '- [ ] `30 min` Fix it\n',
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  await harness.settle();
  return { harness, shop, reports, other, human, issue };
}

/** A pull request in `repo` changing one file, authored by `user`, with `body`. */
function pullWith(
  harness: SimulatorHarness,
  repo: SimRepo,
  params: { user: string; body: string; path: string; content: string },
): number {
  const git = harness.github.git(repo);
  const base = git.refs.get(repo.default_branch) as string;
  const files = { ...harness.github.filesAt(repo, base), [params.path]: params.content };
  const id = harness.github.id();
  const tree = `tree-test-${id}`;
  git.trees.set(tree, files);
  const sha = `commit-test-${id}`;
  git.commits.set(sha, { tree, parents: [base], message: 'change' });
  const head = `branch-${id}`;
  git.refs.set(head, sha);
  const number = harness.github.nextNumber(repo);
  repo.pulls.push({
    number,
    id: harness.github.id(),
    title: 'A change',
    body: params.body,
    head,
    headSha: sha,
    base: repo.default_branch,
    state: 'open',
    merged: false,
    labels: [],
    requested_reviewers: [],
    user: params.user,
    created_at: harness.github.time(),
  });
  return number;
}

const requestsTo = (harness: SimulatorHarness, prefix: string, from: number) =>
  harness.github.requests.slice(from).filter((r) => r.path.startsWith(prefix));
const answerOf = (shop: SimRepo) =>
  (shop.issues[0]?.comments ?? [])
    .filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:reply'))
    .map((c) => c.body.replace(/\\(.)/g, '$1'));

describe('the index refresh: when it runs, where it may write', () => {
  it('a merged pull request with a copied report marker, not opened by the app, refreshes nothing', async () => {
    const ctx = await setup();
    const number = pullWith(ctx.harness, ctx.reports, {
      user: 'alice',
      body: `${marker('report', { incident: 'acme/shop#1' })}\nlooks like a report`,
      path: 'reports/2026-11-20-x.md',
      content: 'x',
    });
    const before = ctx.harness.github.requests.length;
    await ctx.harness.deliver(ctx.human.merge(ctx.reports, number, { by: 'alice' }));
    await ctx.harness.settle();
    expect(requestsTo(ctx.harness, '/repos/acme/incident-reports', before)).toEqual([]);
  });

  it("the app's report merged into a repository that `reports.repo` does not name: nothing is read or written there", async () => {
    const ctx = await setup();
    const number = pullWith(ctx.harness, ctx.other, {
      user: BOT_LOGIN,
      body: `${marker('report', { incident: 'acme/shop#1' })}\nreport`,
      path: 'reports/2026-11-20-x.md',
      content: 'x',
    });
    const before = ctx.harness.github.requests.length;
    await ctx.harness.deliver(ctx.human.merge(ctx.other, number, { by: 'alice' }));
    await ctx.harness.settle();
    // Neither where it was merged nor where the config sends reports: the merge must be into `reports.repo`.
    expect(requestsTo(ctx.harness, '/repos/acme/other', before)).toEqual([]);
    expect(requestsTo(ctx.harness, '/repos/acme/incident-reports', before)).toEqual([]);
    expect(ctx.other.pulls).toHaveLength(1);
  });

  it('`/incident stats` with reports off answers why, and writes nothing else', async () => {
    const ctx = await setup({ config: 'reminders:\n  grace: 5m\n' });
    const before = ctx.harness.github.requests.length;
    await ctx.harness.deliver(ctx.human.comment(ctx.shop, ctx.issue.number, { body: '/incident stats', by: 'alice' }));
    await ctx.harness.settle();
    expect(answerOf(ctx.shop)).toEqual([
      expect.stringMatching(
        /`\/incident stats`\) was not run: Reports are off: set `reports.repo: owner\/incident-reports`/,
      ),
    ]);
    expect(requestsTo(ctx.harness, '/repos/acme/incident-reports', before)).toEqual([]);
  });

  it('`/incident stats` where the app may not write: the answer says GitHub refused, and the next try works', async () => {
    const ctx = await setup();
    ctx.reports.appCanWrite = false;
    await ctx.harness.deliver(ctx.human.comment(ctx.shop, ctx.issue.number, { body: '/incident stats', by: 'alice' }));
    await ctx.harness.settle();
    expect(answerOf(ctx.shop)).toEqual([expect.stringMatching(/could not be applied: GitHub answered 403/)]);
    expect(ctx.reports.pulls).toEqual([]);

    ctx.reports.appCanWrite = true;
    await ctx.harness.deliver(ctx.human.comment(ctx.shop, ctx.issue.number, { body: '/incident stats', by: 'alice' }));
    await ctx.harness.settle();
    expect(answerOf(ctx.shop)[1]).toContain(
      'The index of the incident reports (1 report) is in a new pull request: [acme/incident-reports#1](https://github.com/acme/incident-reports/pull/1).',
    );
    const pull = ctx.reports.pulls[0];
    expect([pull?.head, pull?.title, pull?.user]).toEqual(['incident-index', 'Refresh the incident index', BOT_LOGIN]);
    const files = ctx.harness.github.filesAt(ctx.reports, pull?.headSha ?? '');
    expect(files['reports/README.md']).toContain('[Old](2026-11-01-old.md)');
    // Only the index and its charts change: the PR never touches a report.
    const base = ctx.harness.github.filesAt(ctx.reports, ctx.harness.github.git(ctx.reports).refs.get('main') ?? '');
    expect(
      Object.keys(files)
        .filter((p) => files[p] !== base[p])
        .sort(),
    ).toEqual(['reports/README.md', ...CHARTS].sort());
  });

  it('an open report PR and the index PR never conflict: both merge, in either order', async () => {
    const ctx = await setup();
    const report = pullWith(ctx.harness, ctx.reports, {
      user: 'alice',
      body: 'a report by hand',
      path: 'reports/2026-11-22-new.md',
      content: '---\ntitle: "New"\ndetected: "2026-11-22T10:00:00Z"\n---\n',
    });
    await ctx.harness.deliver(ctx.human.comment(ctx.shop, ctx.issue.number, { body: '/incident stats', by: 'alice' }));
    await ctx.harness.settle();
    const index = ctx.reports.pulls.find((p) => p.head === 'incident-index')?.number ?? 0;
    ctx.human.merge(ctx.reports, index, { by: 'alice' });
    ctx.human.merge(ctx.reports, report, { by: 'alice' });
    const main = ctx.harness.github.filesAt(ctx.reports, ctx.harness.github.git(ctx.reports).refs.get('main') ?? '');
    expect(main['reports/2026-11-22-new.md']).toContain('title: "New"');
    expect(main['reports/README.md']).toContain('[Old](2026-11-01-old.md)');
  });
});

describe('simulator: merging', () => {
  it('two pull requests from the same base both land; a file both changed differently is a conflict', async () => {
    const ctx = await setup();
    const a = pullWith(ctx.harness, ctx.reports, { user: 'alice', body: '', path: 'a.md', content: 'a' });
    const b = pullWith(ctx.harness, ctx.reports, { user: 'alice', body: '', path: 'b.md', content: 'b' });
    ctx.human.merge(ctx.reports, a, { by: 'alice' });
    ctx.human.merge(ctx.reports, b, { by: 'alice' });
    const main = ctx.harness.github.filesAt(ctx.reports, ctx.harness.github.git(ctx.reports).refs.get('main') ?? '');
    expect([main['a.md'], main['b.md']]).toEqual(['a', 'b']);
    const c = pullWith(ctx.harness, ctx.reports, { user: 'alice', body: '', path: 'a.md', content: 'c' });
    const d = pullWith(ctx.harness, ctx.reports, { user: 'alice', body: '', path: 'a.md', content: 'd' });
    ctx.human.merge(ctx.reports, d, { by: 'alice' });
    expect(() => ctx.human.merge(ctx.reports, c, { by: 'alice' })).toThrow(/conflicts with main in a\.md/);
  });
});
