import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadYaml } from '../../src/config/yaml.js';
import { readMarker } from '../../src/domain/incident/markers.js';
import { parseMetadata } from '../../src/domain/incident/metadata.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { runScenario, scenarioSchema, type SimulationResult } from '../../src/simulator/scenario.js';
import { BOT_LOGIN } from '../../src/simulator/state.js';

/** Issue #16 ("quiet, and done when it is done") and issue #12 findings 6 and 7, end to end. */
interface FinalIssue {
  number: number;
  body: string;
  comments: Array<{ id: number; author: string; body: string; created_at: string }>;
}

async function run(file: string): Promise<SimulationResult> {
  const scenario = scenarioSchema.parse(loadYaml(await readFile(file, 'utf8')));
  return runScenario({ scenario, readFile: (path) => readFile(resolve('examples', path), 'utf8') });
}
const issueOf = (result: SimulationResult, repo: string): FinalIssue =>
  (result.final[repo] as { issues: FinalIssue[] }).issues[0] as FinalIssue;
const appComments = (issue: FinalIssue, kind?: string) =>
  issue.comments.filter(
    (c) => c.author === BOT_LOGIN && (kind === undefined || c.body.includes(`incident-responder:${kind}`)),
  );
/** Step texts the status comment shows as done by a command. */
const doneByCommand = (status: string): string[] =>
  status
    .split('\n')
    .filter((line) => /\| done by `\/incident /.test(line))
    .map((line) => {
      const cell = (line.split(' | ')[2] ?? '').replace(/\\(.)/g, '$1');
      const at = cell.indexOf('(/incident');
      return (at === -1 ? cell : cell.slice(0, at)).trim();
    });

describe('quiet-two-hours.yml: the lead runs the commands the steps name and ticks some boxes late', () => {
  it('at most 4 comments besides the status comment and command replies; no step done by a command is ever warned', async () => {
    const result = await run('examples/quiet-two-hours.yml');
    const issue = issueOf(result, 'acme/shop');
    const status = appComments(issue, 'status');
    expect(status).toHaveLength(1);
    const others = appComments(issue).filter(
      (c) => !c.body.includes('incident-responder:status') && !c.body.includes('incident-responder:reply'),
    );
    expect(others.length).toBeLessThanOrEqual(4);
    const warnings = appComments(issue, 'overdue');
    expect(warnings.map((w) => w.created_at)).toEqual([
      '2026-11-24T14:15:00Z',
      '2026-11-24T15:00:00Z',
      '2026-11-24T15:18:00Z',
    ]);
    const byCommand = doneByCommand(status[0]?.body ?? '');
    expect(byCommand).toEqual([
      'Acknowledge the alert and take the lead',
      'Set the severity',
      'Post the first status update',
      'Name a scribe to keep the timeline',
      'Mitigate: users are unblocked, even if the root cause is still there',
      'Resolve: the service is back to normal',
    ]);
    for (const warning of warnings)
      for (const text of byCommand) expect(warning.body.replace(/\\(.)/g, '$1')).not.toContain(text);
    // One ping per person per 30 minutes; times in the team's zone with the offset.
    expect(warnings.map((w) => w.body.includes('@alice'))).toEqual([true, true, false]);
    expect(status[0]?.body).toContain('done by `/incident lead @\u200balice` at 2026-11-24 15:01 UTC+01:00');
    // The body is the responders': never written.
    expect(
      result.actions.filter(
        (a) =>
          a.method === 'PATCH' &&
          /\/issues\/\d+$/.test(a.path) &&
          typeof a.body === 'object' &&
          a.body !== null &&
          'body' in a.body,
      ),
    ).toEqual([]);
  });
});

describe('skip-and-snooze.yml', () => {
  it('a skipped step never warns; a snoozed one warns when the snooze ends; bad steps and a read-only user get replies', async () => {
    const result = await run('examples/skip-and-snooze.yml');
    const issue = issueOf(result, 'acme/payments');
    const status = appComments(issue, 'status')[0]?.body ?? '';
    expect(status).toMatch(
      /If an attack is suspected, bring in the security team\\\. \| <sub>1 hr<\/sub> \| skipped: not applicable \(carol\): no sign of an attack/,
    );
    const warnings = appComments(issue, 'overdue');
    expect(warnings.some((w) => w.body.includes('security team'))).toBe(false);
    // Step 2 (the call) was due at 09:15 and snoozed from 09:01 for 45 minutes: warned at 09:46.
    expect(warnings.filter((w) => w.body.includes('Open a call')).map((w) => w.created_at)).toEqual([
      '2026-11-25T09:46:00Z',
    ]);
    const replies = appComments(issue, 'reply').map((c) => c.body);
    expect(replies.some((r) => r.includes('needs at least **triage** permission'))).toBe(true);
    expect(
      replies.some((r) => r.includes('2 steps contain that text (1, 5)') && r.includes('there is no step 99')),
    ).toBe(true);
  });
});

describe('one-voice.yml', () => {
  it('the recurring status step and the cadence are one reminder; a 1-minute step recurs every 5; past the hourly cap warnings fold', async () => {
    const result = await run('examples/one-voice.yml');
    const issue = issueOf(result, 'acme/payments');
    const status = appComments(issue, 'status')[0]?.body ?? '';
    expect(status.match(/status update/gi)).toHaveLength(1);
    expect(status).toMatch(/every 30 minutes\\\. \| [^|]*every 20 min/);
    expect(status).toMatch(/Check the payout queue depth \| [^|]*every 5 min/);
    // Past the hourly cap the warnings folded into the status comment (until the incident was resolved).
    const statusWrites = result.actions
      .map((a) => JSON.stringify(a.body ?? ''))
      .filter((b) => b.includes('incident-responder:status'));
    expect(statusWrites.some((b) => b.includes('🔕 Overdue warnings are shown here only until'))).toBe(true);
    const times = appComments(issue, 'overdue').map((w) => Date.parse(w.created_at));
    for (const t of times) expect(times.filter((u) => u > t - 3_600_000 && u <= t).length).toBeLessThanOrEqual(2);
  });
});

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

describe('the status comment never overflows, and is repaired in place (issue #12, finding 7)', () => {
  it('100 action items of ~600 characters: one status comment through later events', async () => {
    const harness = await SimulatorHarness.create({ start: T0, sweep: false });
    const repo = harness.github.addRepo('acme/app', 'private');
    harness.github.setPermission('alice', 'acme/app', 'write');
    repo.files['.github/incident.yml'] = 'follow_ups:\n  settle: 30m\n';
    const human = new HumanActions(harness.github);
    const items = Array.from(
      { length: 100 },
      (_, i) => `- [ ] Fix number ${i}: ${'a detailed description of the fix '.repeat(18)}`,
    );
    const body = ['- [ ] `immediately` Take the lead', '', '## Action items', ...items].join('\n');
    const { issue, event } = human.open(repo, { title: 'Everything is down', body, labels: ['incident'], by: 'alice' });
    await harness.deliver(event);
    await harness.settle();
    for (const [minute, text] of [
      [2, '/incident status Looking'],
      [3, '/incident note one'],
      [4, '/incident note two'],
    ] as const) {
      await harness.advanceTo(at(minute));
      await harness.deliver(human.comment(repo, issue.number, { body: text, by: 'alice' }));
    }
    await harness.advanceTo(at(10));
    const statuses = issue.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));
    expect(statuses).toHaveLength(1);
    const body0 = statuses[0]?.body ?? '';
    expect(body0.length).toBeLessThanOrEqual(65_536);
    expect(Object.keys(parseMetadata(readMarker(body0, 'status')?.data ?? null).pendingItems)).toHaveLength(100);
  });

  it('an app status comment whose metadata cannot be read is updated, not posted again', async () => {
    const harness = await SimulatorHarness.create({ start: T0, sweep: false });
    const repo = harness.github.addRepo('acme/app', 'private');
    harness.github.setPermission('alice', 'acme/app', 'write');
    const human = new HumanActions(harness.github);
    const { issue, event } = human.open(repo, {
      title: 'Down',
      body: '- [ ] `1 hr` Take the lead',
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.settle();
    const statuses = () =>
      issue.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));
    const [comment] = statuses();
    if (!comment) throw new Error('no status comment');
    // As an older version left it: cut inside the marker.
    comment.body = comment.body.slice(0, 60);
    await harness.advanceTo(at(2));
    await harness.deliver(human.comment(repo, issue.number, { body: '/incident lead @alice', by: 'alice' }));
    await harness.settle();
    expect(statuses()).toHaveLength(1);
    const metadata = parseMetadata(readMarker(statuses()[0]?.body, 'status')?.data ?? null);
    expect(metadata.viewKey).not.toBeNull();
    expect(metadata.roles.lead).toBe('alice');
  });
});

describe('a snooze after a warning', () => {
  it('warns again when the snooze ends, even though the earlier warning comment is still there', async () => {
    const harness = await SimulatorHarness.create({ start: T0, sweep: false });
    const repo = harness.github.addRepo('acme/app', 'private');
    harness.github.setPermission('alice', 'acme/app', 'write');
    const human = new HumanActions(harness.github);
    const { issue, event } = human.open(repo, {
      title: 'Down',
      body: '- [ ] `10 min` Open a call\n- [ ] `1 day` Write it up',
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.settle();
    const warnings = () =>
      issue.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:overdue'));
    await harness.advanceTo(at(10));
    expect(warnings()).toHaveLength(1);
    await harness.advanceTo(at(12));
    await harness.deliver(human.comment(repo, issue.number, { body: '/incident snooze 1 20m', by: 'alice' }));
    await harness.advanceTo(at(31));
    expect(warnings()).toHaveLength(1);
    await harness.advanceTo(at(40));
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]?.body).toContain('Open a call');
  });
});
