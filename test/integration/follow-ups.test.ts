import { describe, expect, it } from '@jest/globals';
import { marker } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY = (item: string) => `- [ ] \`4 hrs\` Fix it\n\n## Action items\n\n- [ ] ${item}\n- [x] Already done @bob\n`;

async function setup(params: { config?: string; body?: string } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/app');
  if (params.config) repo.files['.github/incident.yml'] = params.config;
  for (const login of ['alice', 'bob']) harness.github.setPermission(login, 'acme/app', 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, {
    title: 'Down',
    body: params.body ?? BODY('Add an alert on queue depth @bob'),
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  return { harness, repo, issue, human };
}

const followUps = (repo: SimRepo) => repo.issues.filter((i) => i.user === BOT_LOGIN);
const statusOf = (repo: SimRepo) =>
  repo.issues[0]?.comments.find((c) => c.body.includes('incident-responder:status'))?.body ?? '';
/** The status comment as a reader sees it: markdown backslash escapes removed. */
const shown = (repo: SimRepo) => statusOf(repo).replace(/\\(.)/g, '$1');

describe('follow-ups from the Action items section', () => {
  it('an item becomes one issue once it has settled (2 min); a typo fixed meanwhile makes no second issue', async () => {
    const { harness, repo, issue, human } = await setup({ body: BODY('Add an alrt on queue depth @bob') });
    await harness.advanceTo(at(1));
    expect(followUps(repo)).toHaveLength(0);
    await harness.deliver(
      human.editBody(repo, issue.number, { body: BODY('Add an alert on queue depth @bob'), by: 'alice' }),
    );
    await harness.advanceTo(at(2.5));
    expect(followUps(repo)).toHaveLength(0);
    await harness.advanceTo(at(3));
    const created = followUps(repo);
    expect(created.map((i) => [i.title, i.labels, i.assignees, i.parent, i.created_at])).toEqual([
      ['Add an alert on queue depth', ['incident-follow-up'], ['bob'], 'acme/app#1', '2026-11-23T10:03:00Z'],
    ]);
    expect(created[0]?.body).toMatch(
      /Follow-up of incident acme\/app#1 \(https:\/\/github.com\/acme\/app\/issues\/1\)/,
    );
    expect(issue.sub_issues).toEqual(['acme/app#2']);
    await harness.advanceTo(at(60));
    expect(followUps(repo)).toHaveLength(1);
    expect(statusOf(repo)).toMatch(/🟢 open: \[acme\/app#\u200b2\]/);
  });

  it('a checked item is done already: no issue', async () => {
    const { harness, repo } = await setup();
    await harness.advanceTo(at(10));
    expect(followUps(repo).map((i) => i.title)).toEqual(['Add an alert on queue depth']);
  });

  it('closing and reopening a follow-up updates the incident status', async () => {
    const { harness, repo, human } = await setup();
    await harness.advanceTo(at(3));
    await harness.deliver(human.close(repo, 2, { by: 'bob' }));
    expect(statusOf(repo)).toMatch(/✅ closed: \[acme\/app#\u200b2\]/);
    await harness.deliver(human.reopen(repo, 2, { by: 'bob' }));
    expect(statusOf(repo)).toMatch(/🟢 open: \[acme\/app#\u200b2\]/);
  });

  it('finds an existing follow-up by its marker instead of creating another (the status comment lost track)', async () => {
    const { harness, repo } = await setup({ body: '- [ ] `4 hrs` Fix it' });
    const existing = harness.github.createIssue(repo, {
      title: 'Add an alert on queue depth',
      body: '',
      labels: ['incident-follow-up'],
      by: BOT_LOGIN,
    });
    // The item id is what the parser gives the item; take it from a parse of the body we are about to add.
    const { parseIncident } = await import('../../src/domain/template/checklist.js');
    const { defaultParseOptions } = await import('../helpers/options.js');
    const item = parseIncident({ body: BODY('Add an alert on queue depth @bob'), options: defaultParseOptions() })
      .actionItems[0];
    existing.body = `${marker('follow-up', { incident: 'acme/app#1', item: item?.id })}\nold`;
    const human = new HumanActions(harness.github);
    await harness.deliver(human.editBody(repo, 1, { body: BODY('Add an alert on queue depth @bob'), by: 'alice' }));
    await harness.advanceTo(at(5));
    expect(followUps(repo)).toHaveLength(1);
    expect(repo.issues[0]?.sub_issues).toEqual([`acme/app#${existing.number}`]);
  });

  it("a forged marker in someone else's issue is not taken for a follow-up", async () => {
    const { harness, repo } = await setup({ body: '- [ ] `4 hrs` Fix it' });
    const human = new HumanActions(harness.github);
    const { parseIncident } = await import('../../src/domain/template/checklist.js');
    const { defaultParseOptions } = await import('../helpers/options.js');
    const item = parseIncident({ body: BODY('Add an alert on queue depth @bob'), options: defaultParseOptions() })
      .actionItems[0];
    harness.github.createIssue(repo, {
      title: 'x',
      body: marker('follow-up', { incident: 'acme/app#1', item: item?.id }),
      labels: ['incident-follow-up'],
      by: 'mallory',
    });
    await harness.deliver(human.editBody(repo, 1, { body: BODY('Add an alert on queue depth @bob'), by: 'alice' }));
    await harness.advanceTo(at(5));
    expect(followUps(repo)).toHaveLength(1);
  });
});

describe('follow-ups from /incident action', () => {
  it('go at once, exactly once across redeliveries, assigned where assignable', async () => {
    const { harness, repo, issue, human } = await setup({ body: '- [ ] `4 hrs` Fix it' });
    const webhook = human.comment(repo, issue.number, {
      body: '/incident action Make retries back off @alice @nobody',
      by: 'alice',
    });
    await harness.deliver(webhook);
    await harness.deliver({ ...webhook, id: 'redelivered-with-a-new-id' });
    await harness.settle();
    expect(followUps(repo).map((i) => [i.title, i.assignees])).toEqual([['Make retries back off', ['alice']]]);
  });
});

describe('sub-issue fallbacks', () => {
  it("another owner's repository: linked, and the status comment says why", async () => {
    const { harness, repo } = await setup({ config: 'follow_ups:\n  repo: other-org/backlog\n' });
    // The other repository agrees to receive follow-ups from acme/app (its accepts_from).
    harness.github.addRepo('other-org/backlog').files['.github/incident.yml'] = 'accepts_from: [acme/app]\n';
    await harness.advanceTo(at(3));
    const backlog = harness.github.repo('other-org', 'backlog');
    expect(backlog?.issues.map((i) => i.title)).toEqual(['Add an alert on queue depth']);
    expect(repo.issues[0]?.sub_issues).toEqual([]);
    expect(shown(repo)).toContain(
      '(linked, not a sub-issue: sub-issues must belong to the same owner as the incident)',
    );
  });

  it('100 sub-issues already: linked, and the status comment says why', async () => {
    const { harness, repo } = await setup();
    const parent = repo.issues[0];
    for (let i = 0; i < 100; i++) parent?.sub_issues.push(`acme/app#${1000 + i}`);
    for (let i = 0; i < 100; i++)
      harness.github.createIssue(repo, { title: `filler ${i}`, body: '', labels: [], by: 'bob' });
    parent!.sub_issues = repo.issues.slice(1, 101).map((i) => `acme/app#${i.number}`);
    await harness.advanceTo(at(3));
    expect(shown(repo)).toContain("(linked, not a sub-issue: the incident already has 100 sub-issues, GitHub's limit)");
    expect(parent?.sub_issues).toHaveLength(100);
  });
});
