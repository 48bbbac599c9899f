import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN } from '../../src/simulator/state.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // Monday 10:00 UTC: business hours
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const BODY = [
  '**Severity:** High',
  '',
  '## During the incident',
  '- [ ] `immediately` Take the lead',
  '- [ ] `30 min` Post the first update',
  '',
  '## After the incident',
  '- [ ] `1 day` Write the report',
].join('\n');

async function setup(body = BODY) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/app', 'private');
  harness.github.setPermission('alice', 'acme/app', 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, { title: 'Checkout down', body, labels: ['incident'], by: 'alice' });
  await harness.deliver(event);
  await harness.settle();
  return { harness, repo, issue, human };
}

const bot = (issue: { comments: Array<{ user: string; body: string }> }) =>
  issue.comments.filter((c) => c.user === BOT_LOGIN);
const status = (issue: { comments: Array<{ user: string; body: string }> }) =>
  bot(issue).filter((c) => c.body.includes('incident-responder:status'));
const overdue = (issue: { comments: Array<{ user: string; body: string }> }) =>
  bot(issue).filter((c) => c.body.includes('incident-responder:overdue'));

describe('the app against the simulated GitHub', () => {
  it('posts one status comment when an incident opens, and never writes the body', async () => {
    const { harness, issue } = await setup();
    expect(status(issue)).toHaveLength(1);
    // Read from the body; the label the app applied for label filters starts no pass of its own (issue 27).
    expect(status(issue)[0]?.body).toMatch(/Severity: \*\*high\*\* \(from body\)/);
    expect(issue.labels).toEqual(['incident', 'severity: high']);
    expect(issue.body).toBe(BODY);
    expect(harness.github.requests.filter((r) => r.method === 'PATCH' && /\/issues\/\d+$/.test(r.path))).toEqual([]);
  });

  it('warns once, exactly at the deadline (immediately + 5 min grace), mentioning the author', async () => {
    const { harness, issue } = await setup();
    await harness.advanceTo(at(4));
    expect(overdue(issue)).toHaveLength(0);
    await harness.advanceTo(at(5));
    expect(overdue(issue)).toHaveLength(1);
    const warning = overdue(issue)[0];
    expect(warning?.body).toMatch(/@alice/);
    expect(warning?.body).toMatch(/Take the lead/);
    expect(
      harness.github.requests.find(
        (r) => r.method === 'POST' && r.path.endsWith('/comments') && JSON.stringify(r.body).includes('overdue'),
      )?.at,
    ).toBe('2026-11-23T10:05:00Z');
    await harness.advanceTo(at(29));
    expect(overdue(issue)).toHaveLength(1);
    await harness.advanceTo(at(30));
    expect(overdue(issue)).toHaveLength(2);
    await harness.advanceTo(at(600));
    expect(overdue(issue)).toHaveLength(2);
  });

  it('a step ticked before its deadline is done on time and never warned', async () => {
    const { harness, repo, issue, human } = await setup();
    await harness.advanceTo(at(2));
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Take the lead', checked: true, by: 'alice' }));
    await harness.advanceTo(at(20));
    expect(overdue(issue)).toHaveLength(0);
    expect(status(issue)[0]?.body).toMatch(/Take the lead.*done on time \(2026-11-23 10:02 UTC\)/);
  });

  it('redelivering the same webhook changes nothing', async () => {
    const { harness, issue } = await setup();
    const writes = harness.github.requests.filter((r) => r.method !== 'GET').length;
    const opened = harness.delivered[0];
    if (!opened) throw new Error('no delivery');
    await harness.deliver(opened);
    await harness.deliver(opened);
    expect(status(issue)).toHaveLength(1);
    expect(harness.github.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  });

  it('closing resolves: start-anchored steps stop warning, post-incident steps count from the close; reopening clears it', async () => {
    const { harness, repo, issue, human } = await setup();
    await harness.advanceTo(at(3));
    await harness.deliver(human.close(repo, issue.number, { by: 'alice' }));
    await harness.advanceTo(at(60));
    expect(overdue(issue)).toHaveLength(0);
    expect(status(issue)[0]?.body).toMatch(/Resolved/);
    await harness.advanceTo(at(3 + 24 * 60));
    expect(overdue(issue)).toHaveLength(1);
    expect(overdue(issue)[0]?.body).toMatch(/Write the report/);
    await harness.deliver(human.reopen(repo, issue.number, { by: 'alice' }));
    expect(status(issue)[0]?.body).toMatch(/Active/);
  });
});
