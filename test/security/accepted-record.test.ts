import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo, type WebhookEvent } from '../../src/simulator/state.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

/**
 * Issue #12, findings 3, 4 and 10, against the simulated GitHub: the record is what the app accepted
 * (refused commands are not facts, a later edit does not rewrite history, a replay skips edited
 * comments, a redelivered old command never undoes a newer one), writes the body asks for need the
 * author's permission, one comment cannot open hundreds of issues, and an older state never
 * overwrites a newer one.
 */
const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY = '**Severity:** High\n\n- [ ] `30 min` Fix it\n\n## Action items\n\n- [ ] Add an alert on queue depth\n';

async function setup(params: { author?: string; body?: string; config?: string } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  reports.files['README.md'] = 'Incident reports\n';
  repo.files['.github/incident.yml'] = params.config ?? 'reports:\n  repo: acme/incident-reports\n';
  for (const login of ['alice', 'bob', 'carol']) {
    harness.github.setPermission(login, 'acme/shop', 'write');
    harness.github.setPermission(login, 'acme/incident-reports', 'write');
  }
  harness.github.setPermission('rob', 'acme/shop', 'read');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, {
    title: 'Checkout returns 500s',
    body: params.body ?? BODY,
    labels: ['incident'],
    by: params.author ?? 'alice',
  });
  await harness.deliver(event);
  return { harness, repo, reports, issue, human };
}

type Ctx = Awaited<ReturnType<typeof setup>>;
const say = async (ctx: Ctx, by: string, body: string): Promise<WebhookEvent> => {
  const event = ctx.human.comment(ctx.repo, ctx.issue.number, { body, by });
  await ctx.harness.deliver(event);
  return event;
};
const plain = (text: string) => text.replace(/\\(.)/g, '$1').replace(/\u200b/g, '');
const status = (repo: SimRepo) =>
  plain(
    repo.issues[0]?.comments.find((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'))?.body ??
      '',
  );
const statusComments = (repo: SimRepo) =>
  (repo.issues[0]?.comments ?? []).filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));
const report = (ctx: Ctx): string => {
  const pull = ctx.reports.pulls[0];
  if (!pull) throw new Error('no report pull request');
  return (
    Object.entries(ctx.harness.github.filesAt(ctx.reports, pull.headSha)).find(([p]) =>
      p.startsWith('reports/'),
    )?.[1] ?? ''
  );
};
const resolve = async (ctx: Ctx, minutes: number) => {
  await ctx.harness.advanceTo(at(minutes));
  await ctx.harness.deliver(ctx.human.close(ctx.repo, ctx.issue.number, { by: 'alice' }));
  await ctx.harness.settle();
};

describe('finding 3: the record is what the app accepted', () => {
  it('commands the app refused are not in the report timeline', async () => {
    const ctx = await setup();
    await ctx.harness.advanceTo(at(1));
    await say(ctx, 'rob', '/incident note The database was never down\n/incident lead @rob\n/incident severity low');
    await say(ctx, 'alice', '/incident note Rolled back the deploy');
    await resolve(ctx, 30);
    const text = report(ctx);
    expect(text).toContain('Rolled back the deploy');
    expect(text).not.toContain('never down');
    expect(text).not.toMatch(/rob is the lead/);
    expect(text).not.toMatch(/Severity set to low/);
    expect(status(ctx.repo)).toMatch(/Lead: _unassigned_/);
  });

  it('editing an accepted comment later does not rewrite history', async () => {
    const ctx = await setup();
    await ctx.harness.advanceTo(at(1));
    const event = await say(ctx, 'alice', '/incident note Customers saw errors for 20 minutes');
    await ctx.harness.advanceTo(at(5));
    const id = (event.payload as { comment: { id: number } }).comment.id;
    await ctx.harness.deliver(
      ctx.human.editComment(ctx.repo, ctx.issue.number, {
        id,
        body: '/incident note Nobody noticed anything',
        by: 'alice',
      }),
    );
    await resolve(ctx, 30);
    const text = report(ctx);
    expect(text).not.toContain('Nobody noticed anything');
    expect(text).toMatch(/edited after the app accepted it/);
  });

  it('rebuilding a deleted status comment does not replay a comment edited since it was accepted', async () => {
    const ctx = await setup();
    await ctx.harness.advanceTo(at(1));
    const event = await say(ctx, 'alice', '/incident summary Card payments fail');
    await ctx.harness.advanceTo(at(3));
    // Alice loses access, then edits her accepted comment into a hand-over to someone else.
    const id = (event.payload as { comment: { id: number } }).comment.id;
    await ctx.harness.deliver(
      ctx.human.editComment(ctx.repo, ctx.issue.number, {
        id,
        body: '/incident lead @mallory\n/incident summary False alarm',
        by: 'alice',
      }),
    );
    const statusId = statusComments(ctx.repo)[0]?.id ?? 0;
    await ctx.harness.deliver(ctx.human.deleteComment(ctx.repo, ctx.issue.number, { id: statusId }));
    await ctx.harness.deliver(ctx.human.label(ctx.repo, ctx.issue.number, { name: 'customer-facing', by: 'bob' }));
    expect(statusComments(ctx.repo)).toHaveLength(1);
    expect(status(ctx.repo)).not.toMatch(/mallory|False alarm/);
  });

  it('after a restart, a redelivered old command never undoes a newer one', async () => {
    const ctx = await setup();
    await ctx.harness.advanceTo(at(1));
    const first = await say(ctx, 'alice', '/incident lead @bob\n/incident severity medium');
    await ctx.harness.advanceTo(at(2));
    await say(ctx, 'alice', '/incident lead @carol\n/incident severity low');
    await ctx.harness.restart();
    await ctx.harness.deliver(first);
    await ctx.harness.settle();
    expect(status(ctx.repo)).toMatch(/Lead: `carol`/);
    expect(ctx.repo.issues[0]?.labels).toContain('severity: low');
    expect(ctx.repo.issues[0]?.labels).not.toContain('severity: medium');
    expect(ctx.repo.issues[0]?.assignees).not.toContain('bob');
  });
});

describe('finding 4: writes the body asks for need permission too', () => {
  it('a read-only author opens no follow-up issues and no report; the status comment says what waits', async () => {
    const ctx = await setup({ author: 'rob' });
    await ctx.harness.advanceTo(at(10));
    await ctx.harness.deliver(ctx.human.label(ctx.repo, ctx.issue.number, { name: 'customer-facing', by: 'alice' }));
    expect(ctx.repo.issues.filter((i) => i.number !== ctx.issue.number)).toEqual([]);
    expect(status(ctx.repo)).toMatch(/1 action item of the body waits: @rob opened this incident with read permission/);
    await resolve(ctx, 30);
    expect(ctx.reports.pulls).toEqual([]);
    expect(status(ctx.repo)).toMatch(/No report written automatically: @rob opened this incident with read permission/);
    // A writer can still do both deliberately.
    await say(ctx, 'alice', '/incident report');
    await ctx.harness.settle();
    expect(ctx.reports.pulls).toHaveLength(1);
  });

  it('one comment with 300 action lines opens 20 issues and says why not the rest', async () => {
    const ctx = await setup({ body: '- [ ] `30 min` Fix it\n' });
    await ctx.harness.advanceTo(at(1));
    await say(
      ctx,
      'alice',
      Array.from({ length: 300 }, (_, i) => `/incident action Follow-up number ${i + 1}`).join('\n'),
    );
    await ctx.harness.settle();
    expect(ctx.repo.issues.filter((i) => i.number !== ctx.issue.number)).toHaveLength(20);
    const reply = (ctx.repo.issues[0]?.comments ?? []).find(
      (c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:reply'),
    );
    expect(plain(reply?.body ?? '')).toMatch(/300 `action` lines; one comment opens at most 20 follow-up issues/);
  });
});

describe('finding 10: an older state never overwrites a newer one', () => {
  it('a late labeled event with the same updated_at as the close does not make a closed incident active again', async () => {
    const ctx = await setup();
    await ctx.harness.advanceTo(at(5));
    // Both happen within the same second; GitHub's `updated_at` cannot tell them apart.
    const labeled = ctx.human.label(ctx.repo, ctx.issue.number, { name: 'customer-facing', by: 'bob' });
    const closed = ctx.human.close(ctx.repo, ctx.issue.number, { by: 'alice' });
    await ctx.harness.deliver(closed);
    await ctx.harness.deliver(labeled);
    await ctx.harness.settle();
    expect(status(ctx.repo)).toMatch(/Incident status: ✅ Resolved/);
  });
});

describe('findings 1 and 2: writes into other repositories need their consent, and never make text more public', () => {
  it('a reports repository that has not agreed receives nothing, and the status comment says what to add', async () => {
    const ctx = await setup();
    ctx.reports.files['.github/incident.yml'] = 'accepts_from: [other-org/*]\n';
    await resolve(ctx, 30);
    expect(ctx.reports.pulls).toEqual([]);
    expect(
      ctx.harness.github.requests.filter((r) => r.method !== 'GET' && r.path.includes('/acme/incident-reports/')),
    ).toEqual([]);
    expect(status(ctx.repo)).toMatch(
      /has not agreed to receive them from acme\/shop.*Add `accepts_from: \[acme\/shop\]`/s,
    );
  });

  it('a config cannot choose the path, labels or reviewers in another repository: the receiving one decides', async () => {
    const ctx = await setup({
      config:
        'reports:\n  repo: acme/incident-reports\n  path: docs/{slug}.md\n  labels: [deploy-now]\n  reviewers: [mallory]\n',
    });
    await resolve(ctx, 30);
    const pull = ctx.reports.pulls[0];
    expect(
      Object.keys(ctx.harness.github.filesAt(ctx.reports, pull?.headSha ?? '')).filter(
        (p) => p.endsWith('.md') && p !== 'README.md',
      ),
    ).toEqual(['reports/2026-11-23-checkout-returns-500s.md']);
    expect(pull?.labels).toEqual(['incident-report']);
    expect(pull?.requested_reviewers).not.toContain('mallory');
  });

  it('follow-ups of a private incident are not opened in a public repository, even one that consents', async () => {
    const ctx = await setup({ config: 'follow_ups:\n  repo: acme/public-tracker\n' });
    const tracker = ctx.harness.github.addRepo('acme/public-tracker', 'public');
    tracker.files['.github/incident.yml'] = 'accepts_from: [acme/*]\n';
    await ctx.harness.advanceTo(at(1));
    await say(ctx, 'alice', '/incident action Rotate the leaked payment key');
    await ctx.harness.settle();
    expect(tracker.issues).toEqual([]);
    expect(status(ctx.repo)).toMatch(/comes from a private repository and the destination is public/);
  });
});
