import { describe, expect, it } from '@jest/globals';
import { VERB_MODULES, type Verb } from '../../src/domain/commands/registry.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo, type WebhookEvent } from '../../src/simulator/state.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

/**
 * Issue #25, finding 3 (reply floods), against the simulated GitHub, the attack as it was run: one
 * comment gets at most one reply from the app, whatever it holds (past the line cap, `stats`, `report`,
 * `help`, a usage error, any verb), and not a second one on a redelivery or after a restart.
 */
const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

async function setup() {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const shop = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  reports.files['reports/2026-11-01-old.md'] =
    '---\ntitle: "Old"\ndetected: "2026-11-01T10:00:00Z"\nresolved: "2026-11-01T11:00:00Z"\nseverity: "high"\n---\n# Old\n';
  shop.files['.github/incident.yml'] = 'reports:\n  repo: acme/incident-reports\n';
  harness.github.setPermission('mallory', 'acme/shop', 'write');
  harness.github.setPermission('mallory', 'acme/incident-reports', 'read');
  harness.github.setPermission('rob', 'acme/shop', 'read');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(shop, {
    title: 'Checkout returns 500s',
    body: '**Severity:** High\n\n- [ ] `30 min` Fix it\n',
    labels: ['incident'],
    by: 'mallory',
  });
  await harness.deliver(event);
  await harness.settle();
  await harness.advanceTo(at(1));
  return { harness, shop, reports, human, issue };
}
type Ctx = Awaited<ReturnType<typeof setup>>;

/** Posts a comment and waits for everything it caused; returns its event and the requests it cost. */
async function comment(ctx: Ctx, body: string, by = 'mallory'): Promise<{ event: WebhookEvent; requests: number }> {
  const before = ctx.harness.github.requests.length;
  const event = ctx.human.comment(ctx.shop, ctx.issue.number, { body, by });
  await ctx.harness.deliver(event);
  await ctx.harness.settle();
  return { event, requests: ctx.harness.github.requests.length - before };
}
const replies = (shop: SimRepo) =>
  (shop.issues[0]?.comments ?? [])
    .filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:reply'))
    .map((c) => c.body.replace(/\\(.)/g, '$1').replace(/\u200b/g, ''));
const lines = (count: number, line: string) => Array.from({ length: count }, () => line).join('\n');
const indexPulls = (ctx: Ctx) => ctx.reports.pulls.filter((p) => p.head === 'incident-index');

describe('finding 3: one reply per comment', () => {
  it('300 `stats` lines: one reply that holds both the cap and the index answer, one rebuild, no more requests than one line', async () => {
    const control = await setup();
    const one = await comment(control, '/incident stats');
    expect(replies(control.shop)).toHaveLength(1);

    const ctx = await setup();
    const flood = await comment(ctx, lines(300, '/incident stats'));
    const answers = replies(ctx.shop);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/300 command lines; one comment runs at most 50/);
    expect(answers[0]).toMatch(/index of the incident reports .* is in a new pull request/);
    expect(answers[0]?.match(/@mallory\b/g)).toHaveLength(1);
    expect(indexPulls(ctx)).toHaveLength(1);
    // As it was run, this comment cost 3,038 requests. Now it costs what one `stats` line costs, give or
    // take the 👍 that a comment with a problem does not get.
    expect(flood.requests).toBeLessThanOrEqual(one.requests + 1);
  });

  it('a comment over the cap with a `stats` line: one reply, one rebuild', async () => {
    const ctx = await setup();
    const body = ['/incident note Rolled back the deploy', '/incident stats', lines(58, '/incident note again')].join(
      '\n',
    );
    const { requests } = await comment(ctx, body);
    const answers = replies(ctx.shop);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/60 command lines; one comment runs at most 50/);
    expect(answers[0]).toMatch(/in a new pull request: \[acme\/incident-reports#\d+\]/);
    expect(indexPulls(ctx)).toHaveLength(1);
    expect(requests).toBeLessThan(60);
  });

  // Each verb with a line that works, beside every other line that answers: a usage error, `help`,
  // `report` and `stats`. Typed by the registry, so a new verb needs its line here.
  const SAMPLES: Record<Verb, string> = {
    help: 'help',
    severity: 'severity low',
    summary: 'summary Checkout fails for card payments',
    impact: 'impact Card payments fail',
    lead: 'lead @mallory',
    scribe: 'scribe @mallory',
    comms: 'comms @mallory',
    status: 'status Rolling back',
    public: 'public We are looking into failed payments',
    affects: 'affects checkout',
    note: 'note Rolled back the deploy',
    action: 'action Add an alert on error rate',
    ack: 'ack',
    mitigated: 'mitigated',
    resolved: 'resolved',
    start: 'start 2026-11-23 09:50 UTC',
    report: 'report',
    skip: 'skip 1 not needed',
    snooze: 'snooze 1 30m',
    stats: 'stats',
  };
  it.each(VERB_MODULES.map((m) => m.verb as Verb))(
    '`%s` with a usage error, help, report and stats: one reply, also after a redelivery and a restart',
    async (verb) => {
      const ctx = await setup();
      const body = [SAMPLES[verb], 'frobnicate', 'help', 'report', 'stats'].map((l) => `/incident ${l}`).join('\n');
      const { event } = await comment(ctx, body);
      expect(replies(ctx.shop)).toHaveLength(1);
      expect(replies(ctx.shop)[0]).toMatch(/frobnicate/);
      // GitHub's redelivery, then the same after a restart forgot every delivery id.
      await ctx.harness.deliver({ ...event, id: `${event.id}-again` });
      await ctx.harness.settle();
      await ctx.harness.restart();
      await ctx.harness.deliver(event);
      await ctx.harness.settle();
      expect(replies(ctx.shop)).toHaveLength(1);
      expect(indexPulls(ctx).length).toBeLessThanOrEqual(1);
    },
  );

  it('300 `stats` lines from someone without permission: one reply, no rebuild, also after a restart', async () => {
    const ctx = await setup();
    const { event, requests } = await comment(ctx, lines(300, '/incident stats'), 'rob');
    await ctx.harness.restart();
    await ctx.harness.deliver(event);
    await ctx.harness.settle();
    const answers = replies(ctx.shop);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/@rob needs at least \*\*triage\*\* permission/);
    expect(indexPulls(ctx)).toHaveLength(0);
    expect(requests).toBeLessThan(20);
  });

  it('the reply applied but its answer lost (502): the pass runs again and finds it, no second reply', async () => {
    const ctx = await setup();
    const fault = {
      method: 'POST',
      path: /\/issues\/1\/comments$/,
      body: /incident-responder:reply/,
      status: 502,
      times: 1,
      when: 'after' as const,
    };
    ctx.harness.github.faults.push(fault);
    const { event } = await comment(ctx, ['/incident frobnicate', '/incident report', '/incident stats'].join('\n'));
    // The control: the fault hit the reply, and (the failed pass recorded nothing) the redelivery plans the
    // comment again, so only the marker stands between it and a second reply.
    expect(fault.times).toBe(0);
    await ctx.harness.restart();
    await ctx.harness.deliver(event);
    await ctx.harness.settle();
    expect(replies(ctx.shop)).toHaveLength(1);
    expect(indexPulls(ctx).length).toBeLessThanOrEqual(1);
  });
});
