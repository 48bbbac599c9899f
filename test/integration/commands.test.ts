import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type Permission, type SimIssue } from '../../src/simulator/state.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

async function setup(params: { body?: string; labels?: string[]; config?: string } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/app', 'private');
  if (params.config) repo.files['.github/incident.yml'] = params.config;
  const people: Record<string, Permission> = {
    owner: 'admin',
    writer: 'write',
    triager: 'triage',
    reader: 'read',
    maintainer: 'maintain',
    carol: 'write',
  };
  for (const [login, permission] of Object.entries(people)) harness.github.setPermission(login, 'acme/app', permission);
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, {
    title: 'Down',
    body: params.body ?? '- [ ] `2 hrs` Fix it',
    labels: params.labels ?? ['incident'],
    by: 'owner',
  });
  await harness.deliver(event);
  const say = async (by: string, body: string, tweak?: (payload: Record<string, unknown>) => void) => {
    const webhook = human.comment(repo, issue.number, { body, by });
    tweak?.(webhook.payload);
    await harness.deliver(webhook);
    await harness.settle();
    return (
      issue.comments.at(
        -1 -
          issue.comments
            .slice()
            .reverse()
            .findIndex((c) => c.body === body),
      ) ?? issue.comments[0]
    );
  };
  return { harness, repo, issue, human, say };
}

const byBot = (issue: SimIssue, kind: string) =>
  issue.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes(`incident-responder:${kind}`));
const statusOf = (issue: SimIssue) => byBot(issue, 'status')[0]?.body ?? '';
const reactedTo = (issue: SimIssue, body: string) =>
  issue.comments.find((c) => c.body === body)?.reactions.some((r) => r.content === '+1' && r.user === BOT_LOGIN) ??
  false;

describe('authorization: the permission API decides, minimum triage by default', () => {
  it.each([
    ['stranger', false],
    ['reader', false],
    ['triager', true],
    ['writer', true],
    ['maintainer', true],
    ['owner', true],
  ])('%s may run commands: %s', async (login, allowed) => {
    const { issue, say, harness } = await setup();
    if (login === 'stranger') harness.github.addUser('stranger');
    await say(login, '/incident summary Card payments fail');
    expect(statusOf(issue).includes('Card payments fail')).toBe(allowed);
    expect(reactedTo(issue, '/incident summary Card payments fail')).toBe(allowed);
    const replies = byBot(issue, 'reply');
    expect(replies).toHaveLength(allowed ? 0 : 1);
    if (!allowed) expect(replies[0]?.body).toMatch(/needs at least \*\*triage\*\* permission/);
  });

  it('a spoofed author_association in the payload changes nothing', async () => {
    const { issue, say } = await setup();
    await say('reader', '/incident resolved', (payload) => {
      (payload.comment as Record<string, unknown>).author_association = 'OWNER';
    });
    expect(issue.state).toBe('open');
    expect(byBot(issue, 'reply')[0]?.body).toMatch(/they have read/);
  });

  it('the minimum is configurable', async () => {
    const { issue, say } = await setup({ config: 'commands:\n  permission: write\n' });
    await say('triager', '/incident ack');
    expect(byBot(issue, 'reply')[0]?.body).toMatch(/needs at least \*\*write\*\*/);
  });
});

describe('every verb', () => {
  it('summary, impact, status, note, ack, mitigated, start and resolved show their effect', async () => {
    const { issue, say, harness } = await setup({
      body: '- [ ] `30 min after acknowledgement` Page the owners\n- [ ] `1 hr after mitigation` Confirm recovery',
    });
    await say(
      'writer',
      '/incident summary Checkout fails\n/incident impact All EU users\n/incident note Disk at 100%\n/incident start 2026-11-23 09:30 UTC',
    );
    await say('writer', '/incident ack');
    let status = statusOf(issue);
    expect(status).toMatch(/\*\*Summary:\*\* Checkout fails/);
    expect(status).toMatch(/\*\*Impact:\*\* All EU users/);
    expect(status).toMatch(/Acknowledged/);
    expect(status).toMatch(/Page the owners \| 2026-11-23 10:30 UTC/);
    await harness.advanceTo(at(5));
    await say('writer', '/incident status Rolling back');
    await say('writer', '/incident mitigated');
    status = statusOf(issue);
    expect(status).toMatch(/\*\*Latest update\*\* \(2026-11-23 10:05 UTC\): Rolling back/);
    expect(status).toMatch(/Mitigated/);
    expect(issue.labels).toContain('mitigated');
    expect(status).toMatch(/Confirm recovery \| 2026-11-23 11:05 UTC/);
    await say('writer', '/incident resolved');
    expect(issue.state).toBe('closed');
    expect(statusOf(issue)).toMatch(/Resolved/);
  });

  it('help replies with the list of commands', async () => {
    const { issue, say } = await setup();
    await say('writer', '/incident help');
    expect(byBot(issue, 'reply')[0]?.body).toMatch(/incident severity LEVEL/);
  });

  it('malformed and unknown commands change nothing and get one reply naming the problem', async () => {
    const { issue, say } = await setup();
    const before = statusOf(issue);
    await say('writer', '/incident severity purple\n/incident frobnicate');
    const replies = byBot(issue, 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toMatch(/line 1 \(`\/incident severity purple`\): not a severity level/);
    expect(replies[0]?.body).toMatch(/\(`\/incident frobnicate`\): unknown command\./);
    expect(statusOf(issue)).toBe(before);
    expect(issue.labels).toEqual(['incident']);
  });

  it('a comment full of bad commands gets a reply listing the first few', async () => {
    const { issue, say } = await setup();
    await say('writer', Array.from({ length: 15 }, (_, i) => `/incident severity purple${i}`).join('\n'));
    const reply = byBot(issue, 'reply')[0]?.body ?? '';
    expect(reply.match(/⚠️/g)).toHaveLength(10);
    expect(reply).toMatch(/line 9 .*not a severity level/);
    expect(reply).not.toMatch(/line 10 /);
    expect(reply).toMatch(/…and 6 more lines with problems\./);
  });

  it('echoed user text cannot ping anyone', async () => {
    const { issue, say } = await setup();
    await say('writer', '/incident severity @everyone');
    expect(byBot(issue, 'reply')[0]?.body).not.toMatch(/@everyone/);
  });
});

describe('roles', () => {
  it('lead is assigned; a new lead takes over and the previous one is unassigned; warnings mention the lead', async () => {
    const { issue, say, harness } = await setup();
    await say('writer', '/incident lead @writer\n/incident scribe @triager');
    expect(issue.assignees.sort()).toEqual(['triager', 'writer']);
    await say('writer', '/incident lead @carol');
    expect(issue.assignees.sort()).toEqual(['carol', 'triager']);
    expect(statusOf(issue)).toMatch(/Lead: `carol` · Scribe: `triager`/);
    await harness.advanceTo(at(120));
    expect(byBot(issue, 'overdue')[0]?.body).toMatch(/@carol/);
  });
});

describe('severity: label > command > body', () => {
  it('a body severity gets its label applied', async () => {
    const { issue } = await setup({ body: '**Severity:** Low\n\n- [ ] `1 hr` x' });
    expect(issue.labels).toContain('severity: low');
  });

  it('a command sets the label and removes the other severity labels', async () => {
    const { issue, say } = await setup({ labels: ['incident', 'severity: low'] });
    await say('writer', '/incident severity high');
    expect(issue.labels.sort()).toEqual(['incident', 'severity: high']);
    expect(statusOf(issue)).toMatch(/Severity: \*\*high\*\* \(from label\)/);
  });
});

describe('status update cadence', () => {
  it('warns when the configured interval lapses without a status update; an update resets it', async () => {
    const { issue, say, harness } = await setup({
      labels: ['incident', 'severity: high'],
      config: 'status_updates:\n  every: { high: 30m }\n',
    });
    await harness.advanceTo(at(20));
    await say('writer', '/incident status Investigating');
    await harness.advanceTo(at(49));
    expect(byBot(issue, 'overdue')).toHaveLength(0);
    await harness.advanceTo(at(50));
    expect(byBot(issue, 'overdue')).toHaveLength(1);
    expect(byBot(issue, 'overdue')[0]?.body).toMatch(/Post a status update/);
  });
});

describe('redelivery', () => {
  it('a redelivered command comment runs nothing twice and replies once', async () => {
    const { issue, harness, human, repo } = await setup();
    const webhook = human.comment(repo, issue.number, { body: '/incident frobnicate', by: 'writer' });
    await harness.deliver(webhook);
    await harness.deliver(webhook);
    await harness.deliver({ ...webhook, id: 'another-delivery-id' });
    await harness.settle();
    expect(byBot(issue, 'reply')).toHaveLength(1);
  });
});

describe('a deleted status comment', () => {
  it('is rebuilt with what accepted commands recorded; commands the app did not accept are not replayed', async () => {
    const { harness, issue, human, repo, say } = await setup();
    await say('writer', '/incident lead @carol\n/incident summary Search returns nothing');
    await harness.advanceTo(at(10));
    await say('writer', '/incident status Rebuilding the index');
    await say('reader', '/incident impact Everything is down');
    // Someone 👍s the refused command by hand: only the app's own 👍 counts.
    issue.comments
      .find((c) => c.body.startsWith('/incident impact'))
      ?.reactions.push({ content: '+1', user: 'writer' });
    issue.comments.splice(
      issue.comments.findIndex((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status')),
      1,
    );
    await harness.advanceTo(at(20));
    await harness.deliver(human.editBody(repo, 1, { body: `${issue.body}\n\nMore context.`, by: 'writer' }));
    const status = statusOf(issue).replace(/\\(.)/g, '$1');
    expect(byBot(issue, 'status')).toHaveLength(1);
    expect(status).toMatch(/Lead: `carol`/);
    expect(status).toContain('Search returns nothing');
    expect(status).toMatch(/Latest update\*\* \(2026-11-23 10:10 UTC\): Rebuilding the index/);
    expect(status).not.toContain('Everything is down');
  });
});
