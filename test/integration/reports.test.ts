import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo, type Visibility } from '../../src/simulator/state.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY = '- [ ] `30 min` Fix it\n\n## Action items\n\n- [ ] Add an alert on queue depth\n';
const CONFIG = (extra = '') => `reports:\n  repo: acme/incident-reports\n${extra}`;

async function setup(params: { config?: string; from?: Visibility; to?: Visibility; title?: string } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/shop', params.from ?? 'private');
  const reports = harness.github.addRepo('acme/incident-reports', params.to ?? 'private');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  reports.files['README.md'] = 'Incident reports\n';
  repo.files['.github/incident.yml'] = params.config ?? CONFIG();
  for (const login of ['alice', 'bob']) {
    harness.github.setPermission(login, 'acme/shop', 'write');
    harness.github.setPermission(login, 'acme/incident-reports', 'write');
  }
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, {
    title: params.title ?? 'Checkout returns 500s',
    body: BODY,
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  await harness.advanceTo(at(1));
  await harness.deliver(
    human.comment(repo, issue.number, {
      body: '/incident lead @alice\n/incident summary Payments client timed out',
      by: 'alice',
    }),
  );
  return { harness, repo, reports, issue, human };
}

async function resolveAt(ctx: Awaited<ReturnType<typeof setup>>, minutes: number): Promise<void> {
  await ctx.harness.advanceTo(at(minutes));
  await ctx.harness.deliver(ctx.human.close(ctx.repo, ctx.issue.number, { by: 'alice' }));
  await ctx.harness.settle();
}

const statusOf = (repo: SimRepo) =>
  repo.issues[0]?.comments.find((c) => c.body.includes('incident-responder:status'))?.body ?? '';
/** The status comment as a reader sees it: markdown backslash escapes and zero-width spaces removed. */
const shown = (repo: SimRepo) =>
  statusOf(repo)
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');
const replies = (repo: SimRepo) =>
  (repo.issues[0]?.comments ?? [])
    .filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:reply'))
    .map((c) => c.body.replace(/\\(.)/g, '$1').replace(/\u200b/g, ''));
const reportFile = (ctx: { harness: SimulatorHarness; reports: SimRepo }, number: number): string => {
  const pull = ctx.reports.pulls.find((p) => p.number === number);
  if (!pull) throw new Error(`no pull request #${number}`);
  const files = ctx.harness.github.filesAt(ctx.reports, pull.headSha);
  return files['reports/2026-11-23-checkout-returns-500s.md'] ?? '';
};

describe('incident reports as pull requests', () => {
  it('resolving opens one pull request: the report file, branch, title, label, the lead asked for review', async () => {
    const ctx = await setup();
    await resolveAt(ctx, 45);
    expect(
      ctx.reports.pulls.map((p) => ({
        title: p.title,
        head: p.head,
        base: p.base,
        labels: p.labels,
        reviewers: p.requested_reviewers,
        user: p.user,
      })),
    ).toEqual([
      {
        title: 'Incident report: Checkout returns 500s',
        head: 'incident-report/acme-shop-1',
        base: 'main',
        labels: ['incident-report'],
        reviewers: ['alice'],
        user: BOT_LOGIN,
      },
    ]);
    const report = reportFile(ctx, 1);
    expect(report).toMatch(/^---\n/);
    expect(report).toContain('Checkout returns 500s');
    expect(report).toContain('Payments client timed out');
    expect(report).toContain('incident: "acme/shop#1"');
    expect(report).toContain('Add an alert on queue depth');
    expect(ctx.reports.pulls[0]?.body).toContain('incident-responder:report');
    expect(shown(ctx.repo)).toContain('acme/incident-reports#1');
    // The report touches only its own file: the base branch's files are unchanged.
    expect(ctx.harness.github.filesAt(ctx.reports, ctx.reports.pulls[0]?.headSha ?? '')['README.md']).toBe(
      'Incident reports\n',
    );
  });

  it('a redelivered close makes no second pull request and no second commit', async () => {
    const ctx = await setup();
    await resolveAt(ctx, 45);
    const head = ctx.reports.pulls[0]?.headSha;
    const last = ctx.harness.delivered
      .filter((d) => d.name === 'issues' && (d.payload as { action: string }).action === 'closed')
      .at(-1);
    for (let i = 0; i < 3; i++) await ctx.harness.deliver({ ...last!, payload: structuredClone(last!.payload) });
    await ctx.harness.settle();
    expect(ctx.reports.pulls).toHaveLength(1);
    expect(ctx.reports.pulls[0]?.headSha).toBe(head);
  });

  it('reopening and resolving again updates the same open pull request', async () => {
    const ctx = await setup();
    await resolveAt(ctx, 45);
    await ctx.harness.advanceTo(at(60));
    await ctx.harness.deliver(ctx.human.reopen(ctx.repo, 1, { by: 'alice' }));
    await resolveAt(ctx, 120);
    expect(ctx.reports.pulls).toHaveLength(1);
    expect(ctx.reports.pulls[0]?.state).toBe('open');
    const report = reportFile(ctx, 1);
    expect(report).toContain('2026-11-23T12:00');
  });

  it('after a merge, `/incident report` opens a new pull request only if the report changed', async () => {
    const ctx = await setup();
    await resolveAt(ctx, 45);
    await ctx.harness.advanceTo(at(90));
    await ctx.harness.deliver(ctx.human.merge(ctx.reports, 1, { by: 'bob' }));
    await ctx.harness.deliver(ctx.human.comment(ctx.repo, 1, { body: '/incident report', by: 'alice' }));
    await ctx.harness.settle();
    // The merge refreshed the index through its own pull request (#2, docs/stats.md).
    const reportPulls = () => ctx.reports.pulls.filter((p) => p.head.startsWith('incident-report/'));
    expect(reportPulls()).toHaveLength(1);
    expect(ctx.reports.pulls.map((p) => p.head)).toEqual(['incident-report/acme-shop-1', 'incident-index']);
    expect(replies(ctx.repo).at(-1)).toMatch(/@alice The report in acme\/incident-reports is up to date/);

    await ctx.harness.deliver(
      ctx.human.comment(ctx.repo, 1, { body: '/incident impact Card payments failed for 35 minutes', by: 'alice' }),
    );
    await ctx.harness.deliver(ctx.human.comment(ctx.repo, 1, { body: '/incident report', by: 'alice' }));
    await ctx.harness.settle();
    expect(reportPulls().map((p) => [p.number, p.merged, p.state])).toEqual([
      [1, true, 'closed'],
      [3, false, 'open'],
    ]);
    expect(reportFile(ctx, 3)).toContain('Card payments failed for 35 minutes');
  });

  it.each<[Visibility, Visibility, string, boolean]>([
    ['private', 'public', '', false],
    ['internal', 'public', '', false],
    ['private', 'public', '  allow_private_to_public: true\n', true],
    ['public', 'public', '', true],
    ['public', 'private', '', true],
    ['private', 'private', '', true],
    ['internal', 'internal', '', true],
  ])('a %s incident and a %s reports repository (%s): report written %s', async (from, to, extra, written) => {
    const ctx = await setup({ from, to, config: CONFIG(extra) });
    await resolveAt(ctx, 45);
    expect(ctx.reports.pulls).toHaveLength(written ? 1 : 0);
    if (!written)
      expect(shown(ctx.repo)).toContain(
        `The report was not written: it comes from a ${from} repository and the destination is public`,
      );
  });

  it('the app not installed on the reports repository: a clear message, then `/incident report` succeeds once it is', async () => {
    const ctx = await setup();
    ctx.reports.installed = false;
    await resolveAt(ctx, 45);
    expect(ctx.reports.pulls).toHaveLength(0);
    expect(shown(ctx.repo)).toContain('acme/incident-reports was not found, or the app is not installed on it');
    ctx.reports.installed = true;
    await ctx.harness.deliver(ctx.human.comment(ctx.repo, 1, { body: '/incident report', by: 'alice' }));
    await ctx.harness.settle();
    expect(ctx.reports.pulls).toHaveLength(1);
    expect(shown(ctx.repo)).not.toContain('not installed');
  });

  it('a custom template with an error: the error is shown, no pull request, nothing crashes', async () => {
    const ctx = await setup({ config: CONFIG('  template: .github/report.md.hbs\n') });
    ctx.repo.files['.github/report.md.hbs'] = '# {{title}}\n{{#each checklist}}{{nosuchhelper text}}{{/each}}\n';
    await resolveAt(ctx, 45);
    expect(ctx.reports.pulls).toHaveLength(0);
    expect(shown(ctx.repo)).toMatch(/The report template has an error: acme\/shop:\.github\/report\.md\.hbs/);
  });

  it('a custom template renders user text as data', async () => {
    const ctx = await setup({
      config: CONFIG('  template: .github/report.md.hbs\n'),
      title: 'Down {{constructor}} @everyone',
    });
    ctx.repo.files['.github/report.md.hbs'] = '# {{title}}\n\nSummary: {{summary}}\n';
    await resolveAt(ctx, 45);
    const pull = ctx.reports.pulls[0];
    const text =
      Object.entries(ctx.harness.github.filesAt(ctx.reports, pull?.headSha ?? '')).find(([path]) =>
        path.startsWith('reports/'),
      )?.[1] ?? '';
    expect(text.replace(/\\(.)/g, '$1')).toContain('# Down {{constructor}}');
    expect(text).not.toMatch(/(^|[^`\u200b])@everyone/);
  });

  it('reports off: the status says how to turn them on; no request to any other repository', async () => {
    const ctx = await setup({ config: 'reports:\n  repo: null\n' });
    await resolveAt(ctx, 45);
    expect(shown(ctx.repo)).toContain('Reports are off: set `reports.repo: owner/incident-reports`');
    expect(ctx.harness.github.requests.filter((r) => r.path.includes('incident-reports'))).toEqual([]);
  });

  it('a severity without reports writes none on resolution; `/incident report` still writes one', async () => {
    const ctx = await setup({ config: CONFIG('  severities: [high]\n') });
    await ctx.harness.deliver(ctx.human.comment(ctx.repo, 1, { body: '/incident severity low', by: 'alice' }));
    await resolveAt(ctx, 45);
    expect(ctx.reports.pulls).toHaveLength(0);
    await ctx.harness.deliver(ctx.human.comment(ctx.repo, 1, { body: '/incident report', by: 'alice' }));
    await ctx.harness.settle();
    expect(ctx.reports.pulls).toHaveLength(1);
  });
});
