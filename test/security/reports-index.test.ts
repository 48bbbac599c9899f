import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

/**
 * Issue #25, findings 1 to 4, against the simulated GitHub, each attack as it was run: the index goes
 * where the reports repository says (never where the incident repository says), `/incident stats` cannot
 * be amplified or made to flood, and an organisation's shared defaults never consent for other repositories.
 */
const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const OLD_REPORT =
  '---\ntitle: "Old"\ndetected: "2026-11-01T10:00:00Z"\nresolved: "2026-11-01T11:00:00Z"\nseverity: "high"\n---\n# Old\n';

async function setup(params: { shopConfig?: string; reportsConfig?: string } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const shop = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] = params.reportsConfig ?? REPORTS_CONSENT;
  reports.files['README.md'] = 'The incident reports of acme\n';
  reports.files['reports/2026-11-01-old.md'] = OLD_REPORT;
  shop.files['.github/incident.yml'] = params.shopConfig ?? 'reports:\n  repo: acme/incident-reports\n';
  for (const repo of ['acme/shop', 'acme/incident-reports']) harness.github.setPermission('mallory', repo, 'write');
  harness.github.setPermission('mallory', 'acme/incident-reports', 'read');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(shop, {
    title: 'Checkout returns 500s',
    body: '- [ ] `30 min` Fix it\n',
    labels: ['incident'],
    by: 'mallory',
  });
  await harness.deliver(event);
  await harness.settle();
  return { harness, shop, reports, human, issue };
}
type Ctx = Awaited<ReturnType<typeof setup>>;

const stats = async (ctx: Ctx, body = '/incident stats') => {
  await ctx.harness.deliver(ctx.human.comment(ctx.shop, ctx.issue.number, { body, by: 'mallory' }));
  await ctx.harness.settle();
};
const replies = (shop: SimRepo) =>
  (shop.issues[0]?.comments ?? [])
    .filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:reply'))
    .map((c) => c.body.replace(/\\(.)/g, '$1'));
const indexPull = (ctx: Ctx) => ctx.reports.pulls.find((p) => p.head === 'incident-index');
const changedFiles = (ctx: Ctx): string[] => {
  const pull = indexPull(ctx);
  if (!pull) return [];
  const head = ctx.harness.github.filesAt(ctx.reports, pull.headSha);
  const base = ctx.harness.github.filesAt(ctx.reports, ctx.harness.github.git(ctx.reports).refs.get('main') ?? '');
  return Object.keys(head)
    .filter((p) => head[p] !== base[p])
    .sort();
};
const readsOf = (ctx: Ctx, from: number, prefix = '/repos/acme/incident-reports') =>
  ctx.harness.github.requests.slice(from).filter((r) => r.path.startsWith(prefix));

describe('finding 1: the reports repository decides where its index goes', () => {
  it("the incident repository's `reports.index` and `reports.base` are ignored: no README.md, no .github/, no chosen branch", async () => {
    // The attack: a writer of the incident repository points the index at the reports repository's
    // README.md, its charts into .github/workflows, and the pull request at a branch of its choice.
    const ctx = await setup({
      shopConfig:
        'reports:\n  repo: acme/incident-reports\n  base: attacker-branch\n  index:\n    path: README.md\n    charts: .github/workflows\n',
    });
    await stats(ctx);
    const pull = indexPull(ctx);
    expect(pull?.base).toBe('main');
    const files = changedFiles(ctx);
    expect(files).toContain('reports/README.md');
    expect(files.every((p) => p.startsWith('reports/') && /\.(?:md|svg)$/.test(p))).toBe(true);
    expect(files).not.toContain('README.md');
  });

  it("the reports repository's own `incoming.index` is honoured (the control)", async () => {
    const ctx = await setup({
      reportsConfig: `${REPORTS_CONSENT}  index:\n    path: reports/INDEX.md\n    charts: reports/graphs\n`,
    });
    await stats(ctx);
    const files = changedFiles(ctx);
    expect(files).toContain('reports/INDEX.md');
    expect(files.some((p) => p.startsWith('reports/graphs/'))).toBe(true);
  });

  it("even the reports repository's own config cannot put the index outside its reports folder or under .github/", async () => {
    const ctx = await setup({ reportsConfig: `${REPORTS_CONSENT}  index:\n    path: .github/workflows/x.md\n` });
    await stats(ctx);
    expect(indexPull(ctx)).toBeUndefined();
    expect(replies(ctx.shop).join('\n')).toMatch(/is under \.github\/|outside the reports folder/);
  });
});

describe('findings 2 and 3: `/incident stats` cannot be amplified', () => {
  it('a comment of 20 `stats` lines rebuilds the index once and answers once', async () => {
    const ctx = await setup();
    const before = ctx.harness.github.requests.length;
    await stats(ctx, Array.from({ length: 20 }, () => '/incident stats').join('\n'));
    // One tree read of the reports repository: one rebuild.
    expect(readsOf(ctx, before).filter((r) => r.path.includes('/git/trees/')).length).toBeLessThanOrEqual(2);
    expect(readsOf(ctx, before).length).toBeLessThan(40);
    expect(replies(ctx.shop)).toHaveLength(1);
  });

  it('a comment of 300 `stats` lines: one rebuild, and one reply with the index answer and the lines past the cap', async () => {
    const ctx = await setup();
    await stats(ctx, Array.from({ length: 300 }, () => '/incident stats').join('\n'));
    const answers = replies(ctx.shop);
    // Never 301 replies, nor 2: every verb and the cap in one (more in one-reply.test.ts).
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/300 command lines; one comment runs at most 50/);
    expect(answers[0]).toMatch(/is in a new pull request/);
    expect(ctx.reports.pulls.filter((p) => p.head === 'incident-index')).toHaveLength(1);
  });

  it('a second `stats` within the cooldown reads no tree, blob or pull request of the reports repository; after it, it rebuilds', async () => {
    const ctx = await setup();
    await stats(ctx);
    await ctx.harness.advanceTo(at(5));
    const before = ctx.harness.github.requests.length;
    await stats(ctx);
    // The incident pass still reads the target's consent and visibility; the index pass stops at its config.
    expect(readsOf(ctx, before).filter((r) => /\/git\/|\/pulls/.test(r.path))).toEqual([]);
    expect(replies(ctx.shop)[1]).toMatch(/was rebuilt a short while ago.*Run it again after 2026-11-23 10:10 UTC/);
    // The control: past the cooldown, the same command reads the tree again.
    await ctx.harness.advanceTo(at(11));
    const later = ctx.harness.github.requests.length;
    await stats(ctx);
    expect(readsOf(ctx, later).some((r) => r.path.includes('/git/trees/'))).toBe(true);
  });

  it('a reports repository may lengthen the cooldown, never shorten it', async () => {
    const longer = await setup({ reportsConfig: `${REPORTS_CONSENT}  index:\n    cooldown: 1h\n` });
    await stats(longer);
    await longer.harness.advanceTo(at(30));
    await stats(longer);
    expect(replies(longer.shop)[1]).toMatch(/Run it again after 2026-11-23 11:00 UTC/);
    // `1m` is refused by the schema: the whole `incoming` section is then unusable, so nothing is written.
    const shorter = await setup({ reportsConfig: `${REPORTS_CONSENT}  index:\n    cooldown: 1m\n` });
    await stats(shorter);
    expect(indexPull(shorter)).toBeUndefined();
  });
});

describe("finding 4: an organisation's shared defaults never consent for other repositories", () => {
  const orgSetup = async (paymentsOwnConfig: string | null) => {
    const harness = await SimulatorHarness.create({ start: T0, sweep: false });
    const sandbox = harness.github.addRepo('acme/sandbox', 'private');
    const org = harness.github.addRepo('acme/.github', 'private');
    const payments = harness.github.addRepo('acme/payments', 'private');
    // The attack: `accepts_from: [acme/*]` in the owner's shared defaults, and a sandbox writer aiming at payments.
    org.files['.github/incident.yml'] = 'accepts_from: [acme/*]\n';
    if (paymentsOwnConfig !== null) payments.files['.github/incident.yml'] = paymentsOwnConfig;
    sandbox.files['.github/incident.yml'] = 'follow_ups:\n  repo: acme/payments\n  settle: 1m\n';
    for (const repo of ['acme/sandbox', 'acme/payments']) harness.github.setPermission('mallory', repo, 'write');
    const human = new HumanActions(harness.github);
    const { event } = human.open(sandbox, {
      title: 'Sandbox incident',
      body: '- [ ] `30 min` Fix it\n\n## Action items\n\n- [ ] Rotate the payments keys\n',
      labels: ['incident'],
      by: 'mallory',
    });
    await harness.deliver(event);
    await harness.settle();
    await harness.advanceTo(at(5));
    return { payments, sandbox };
  };

  it('a repository without its own incident.yml receives nothing, and the status comment says why', async () => {
    const { payments, sandbox } = await orgSetup(null);
    expect(payments.issues).toEqual([]);
    const status = sandbox.issues[0]?.comments.find((c) => c.body.includes('incident-responder:status'))?.body ?? '';
    expect(status.replace(/\\(.)/g, '$1')).toMatch(
      /shared acme\/\.github:\.github\/incident\.yml cannot consent for it/,
    );
  });

  it('the control: its own file with `accepts_from` does consent', async () => {
    const { payments } = await orgSetup('accepts_from: [acme/sandbox]\n');
    expect(payments.issues.map((i) => i.title)).toEqual(['Rotate the payments keys']);
  });
});
