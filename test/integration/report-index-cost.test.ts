import { describe, expect, it } from '@jest/globals';
import { marker } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

/**
 * Issue #22: the index pass reads each report once per blob id. An unchanged index of 500 reports costs a
 * tree read and a compare; one merged report adds its one blob read. Requests are GitHub's own count.
 */
const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const REPORTS = 500;

const reportText = (i: number): string => {
  const day = String(1 + (i % 28)).padStart(2, '0');
  return `---\ntitle: "Incident ${i}"\ndetected: "2026-10-${day}T10:00:00Z"\nresolved: "2026-10-${day}T11:00:00Z"\nseverity: "${i % 2 === 0 ? 'high' : 'low'}"\n---\n# Incident ${i}\n`;
};

async function setup() {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const shop = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  for (let i = 0; i < REPORTS; i++)
    reports.files[`reports/2026-10-${String(1 + (i % 28)).padStart(2, '0')}-incident-${i}.md`] = reportText(i);
  shop.files['.github/incident.yml'] = 'reports:\n  repo: acme/incident-reports\n';
  for (const repo of ['acme/shop', 'acme/incident-reports']) harness.github.setPermission('alice', repo, 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(shop, {
    title: 'Checkout returns 500s',
    body: '- [ ] `30 min` Fix it\n',
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  await harness.settle();
  return { harness, shop, reports, human, issue };
}
type Ctx = Awaited<ReturnType<typeof setup>>;

/** Requests of a refresh: everything but the incident repository's own (the incident pass around `stats`). */
const refreshRequests = (ctx: Ctx, from: number) =>
  ctx.harness.github.requests.slice(from).filter((r) => !r.path.startsWith('/repos/acme/shop'));

const stats = async (ctx: Ctx): Promise<number> => {
  const before = ctx.harness.github.requests.length;
  await ctx.harness.deliver(ctx.human.comment(ctx.shop, ctx.issue.number, { body: '/incident stats', by: 'alice' }));
  await ctx.harness.settle();
  return refreshRequests(ctx, before).length;
};

/** The app's report pull request adding one report, as the report pass opens it. */
function appReportPull(ctx: Ctx, repo: SimRepo, path: string, content: string): number {
  const git = ctx.harness.github.git(repo);
  const base = git.refs.get(repo.default_branch) as string;
  const id = ctx.harness.github.id();
  git.trees.set(`tree-${id}`, { ...ctx.harness.github.filesAt(repo, base), [path]: content });
  git.commits.set(`commit-${id}`, { tree: `tree-${id}`, parents: [base], message: 'report' });
  git.refs.set(`incident-report/acme-shop-${id}`, `commit-${id}`);
  const number = ctx.harness.github.nextNumber(repo);
  repo.pulls.push({
    number,
    id: ctx.harness.github.id(),
    title: 'Incident report',
    body: `${marker('report', { incident: 'acme/shop#1' })}\nThe incident report of acme/shop#1.`,
    head: `incident-report/acme-shop-${id}`,
    headSha: `commit-${id}`,
    base: repo.default_branch,
    state: 'open',
    merged: false,
    labels: [],
    requested_reviewers: [],
    user: BOT_LOGIN,
    created_at: ctx.harness.github.time(),
  });
  return number;
}

describe('the index pass reads each report once (blob ids)', () => {
  it('500 reports: the second, unchanged refresh costs at most 20 requests; one merged report adds at most 3', async () => {
    const ctx = await setup();
    const first = await stats(ctx);
    expect(first).toBeGreaterThan(REPORTS);
    const index = ctx.reports.pulls.find((p) => p.head === 'incident-index');
    expect(index).toBeDefined();
    ctx.human.merge(ctx.reports, index?.number ?? 0, { by: 'alice' });

    await ctx.harness.advanceTo(at(11));
    const unchanged = await stats(ctx);
    expect(unchanged).toBeLessThanOrEqual(20);
    expect(ctx.shop.issues[0]?.comments.at(-1)?.body).toMatch(/\(500 reports\) is up to date: nothing to change/);

    // One new report merged: the refresh reads it alone, then writes the index pull request.
    const number = appReportPull(ctx, ctx.reports, 'reports/2026-11-20-new.md', reportText(REPORTS));
    const before = ctx.harness.github.requests.length;
    await ctx.harness.deliver(ctx.human.merge(ctx.reports, number, { by: 'alice' }));
    await ctx.harness.settle();
    const merged = refreshRequests(ctx, before);
    const firstWrite = merged.findIndex((r) => r.method !== 'GET');
    const reads = firstWrite === -1 ? merged : merged.slice(0, firstWrite);
    expect(merged.filter((r) => r.path.includes('/git/blobs/'))).toHaveLength(1);
    expect(reads.length).toBeLessThanOrEqual(unchanged + 3);
    expect(ctx.reports.pulls.filter((p) => p.head === 'incident-index' && p.state === 'open')).toHaveLength(1);

    // The control: a process that lost its cache (a restart) reads every report again.
    await ctx.harness.restart();
    await ctx.harness.advanceTo(at(30));
    expect(await stats(ctx)).toBeGreaterThan(REPORTS);
  }, 240_000);
});
