import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN } from '../../src/simulator/state.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY = [
  '**Severity:** High',
  '',
  '## During the incident',
  '- [ ] `immediately` Take the lead',
  '- [ ] `30 min` Post the first update',
  '- [ ] `2 h` Second step',
  '- [ ] `3 h` Third step',
].join('\n');

type Comments = { comments: Array<{ user: string; body: string }> };
const overdue = (issue: Comments) =>
  issue.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:overdue'));
const status = (issue: Comments) =>
  issue.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));

async function setup(params: { humanComments: number }) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/app', 'private');
  harness.github.setPermission('alice', 'acme/app', 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, { title: 'Checkout down', body: BODY, labels: ['incident'], by: 'alice' });
  await harness.deliver(event);
  await harness.settle();
  // Chatter without commands: the app is not woken by it.
  for (let i = 0; i < params.humanComments; i++) human.comment(repo, issue.number, { body: `note ${i}`, by: 'alice' });
  return { harness, repo, issue, human };
}

describe('the status comment without listing every comment (issue 13)', () => {
  it.each([0, 500])(
    'a tick costs at most 2 counted requests and lists no comments, with %i comments',
    async (humanComments) => {
      const { harness, repo, issue, human } = await setup({ humanComments });
      for (const [minute, text] of [
        [1, 'Take the lead'],
        [2, 'Post the first update'],
        [3, 'Second step'],
      ] as const) {
        await harness.advanceTo(at(minute));
        const counted = harness.github.limits.counted;
        const from = harness.github.requests.length;
        await harness.deliver(human.setChecked(repo, issue.number, { text, checked: true, by: 'alice' }));
        await harness.settle();
        const requests = harness.github.requests.slice(from).filter((r) => !r.path.includes('/access_tokens'));
        expect(harness.github.limits.counted - counted).toBeLessThanOrEqual(2);
        expect(requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'))).toEqual([]);
      }
      expect(status(issue)).toHaveLength(1);
    },
  );

  it('a wake with nothing new reads the status comment conditionally: a 304, not counted', async () => {
    const { harness, repo, issue, human } = await setup({ humanComments: 0 });
    await harness.advanceTo(at(1));
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Take the lead', checked: true, by: 'alice' }));
    // The next event reads the comment the app wrote (its ETag unknown), the one after gets a 304.
    await harness.deliver(human.label(repo, issue.number, { name: 'team-a', by: 'alice' }));
    const notModified = harness.github.limits.notModified;
    await harness.deliver(human.label(repo, issue.number, { name: 'team-b', by: 'alice' }));
    expect(harness.github.limits.notModified - notModified).toBe(1);
  });

  it('after a restart (the id forgotten) the status comment is found again from the first page, never duplicated', async () => {
    const { harness, repo, issue, human } = await setup({ humanComments: 150 });
    await harness.restart();
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Take the lead', checked: true, by: 'alice' }));
    await harness.settle();
    expect(status(issue)).toHaveLength(1);
    expect(status(issue)[0]?.body).toMatch(/Take the lead/);
  });

  it('a deleted status comment is rebuilt once, by listing every comment', async () => {
    const { harness, repo, issue, human } = await setup({ humanComments: 120 });
    issue.comments.splice(
      issue.comments.findIndex((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status')),
      1,
    );
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Take the lead', checked: true, by: 'alice' }));
    await harness.settle();
    expect(status(issue)).toHaveLength(1);
  });

  it('a warning posted just before a crash (its keys never reached the metadata) is found among the recent comments, not posted twice', async () => {
    const { harness, repo, issue, human } = await setup({ humanComments: 150 });
    await harness.advanceTo(new Date(at(5).getTime() - 1_000));
    // The status write after the warning fails once: the warning is on GitHub, its keys are not in the metadata.
    harness.github.faults.push({
      method: 'PATCH',
      path: /\/issues\/comments\/\d+$/,
      status: 500,
      times: 1,
      message: 'Server Error',
    });
    const from = harness.github.requests.length;
    // The failed job runs again by itself (issue 24): the warning is found there, not posted twice.
    await harness.advanceTo(at(5));
    expect(overdue(issue)).toHaveLength(1);
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Second step', checked: true, by: 'alice' }));
    await harness.settle();
    expect(overdue(issue)).toHaveLength(1);
    // Found with one listing `since` the status comment's last write, not by reading every page.
    const listings = harness.github.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/issues/1/comments'));
    // One listing in the pass whose status write failed, one in its retry: never every page.
    expect(listings).toHaveLength(2);
    await harness.advanceTo(at(29));
    expect(overdue(issue)).toHaveLength(1);
  });
});
