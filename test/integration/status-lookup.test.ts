import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN } from '../../src/simulator/state.js';
import { readMarker } from '../../src/domain/incident/markers.js';

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

async function setup(params: { humanComments: number; trustOwnWrites?: boolean }) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false, trustOwnWrites: params.trustOwnWrites });
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
  // Trusting its last write (the default, issue 27), a tick is its status write alone; reading it back, 2.
  it.each([
    [0, true, 1],
    [500, true, 1],
    [0, false, 2],
    [500, false, 2],
  ])(
    'with %i comments (trusting its own write: %s) a tick costs %i counted request(s) and lists no comments',
    async (humanComments, trustOwnWrites, cost) => {
      const { harness, repo, issue, human } = await setup({ humanComments, trustOwnWrites });
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
        expect(harness.github.limits.counted - counted).toBe(cost);
        expect(requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'))).toEqual([]);
      }
      expect(status(issue)).toHaveLength(1);
    },
  );

  it('the status comment the app just wrote is not read back; edited by someone else, it is read again', async () => {
    const { harness, repo, issue, human } = await setup({ humanComments: 0 });
    const statusReads = () =>
      harness.github.requests.filter((r) => r.method === 'GET' && /\/issues\/comments\/\d+$/.test(r.path)).length;
    await harness.advanceTo(at(1));
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Take the lead', checked: true, by: 'alice' }));
    const before = statusReads();
    await harness.deliver(human.label(repo, issue.number, { name: 'team-a', by: 'alice' }));
    await harness.deliver(human.label(repo, issue.number, { name: 'team-b', by: 'alice' }));
    expect(statusReads() - before).toBe(0);
    // Control: an edit by someone else (its webhook) makes the next pass read the comment.
    const own = issue.comments.find((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));
    await harness.deliver(
      human.editComment(repo, issue.number, { id: own?.id ?? 0, body: `${own?.body ?? ''}\n\nedited`, by: 'mallory' }),
    );
    await harness.deliver(human.label(repo, issue.number, { name: 'team-c', by: 'alice' }));
    expect(statusReads() - before).toBe(1);
  });

  it('a same-second edit that continues the last one is used; a same-second label reads the issue; a timer wake then asks with its ETag', async () => {
    const { harness, repo, issue, human } = await setup({ humanComments: 0 });
    const issueReads = (status?: number) =>
      harness.github.requests.filter(
        (r) =>
          r.method === 'GET' && r.path === '/repos/acme/app/issues/1' && (status === undefined || r.status === status),
      ).length;
    await harness.advanceTo(at(1));
    const before = issueReads();
    // Two ticks in the same second: the second payload's updated_at is no newer than the first's, but its
    // edit starts from the body the first one made (`changes.body.from`), so it is the newer state.
    await harness.deliver(human.setChecked(repo, issue.number, { text: 'Take the lead', checked: true, by: 'alice' }));
    await harness.deliver(
      human.setChecked(repo, issue.number, { text: 'Post the first update', checked: true, by: 'alice' }),
    );
    expect(issueReads() - before).toBe(0);
    // A label in the same second replaces no body: nothing orders it, so the issue is read.
    await harness.deliver(human.label(repo, issue.number, { name: 'customer-facing', by: 'alice' }));
    expect(issueReads() - before).toBe(1);
    const metadata = JSON.parse(readMarker(status(issue)[0]?.body, 'status')?.data ?? '{}') as {
      checkedAt: Record<string, string>;
      checkedUnknown: string[];
    };
    // Both ticks timed: the second pass did not take the issue as the first payload showed it.
    expect(Object.values(metadata.checkedAt)).toEqual(['2026-11-23T10:01:00.000Z', '2026-11-23T10:01:00.000Z']);
    expect(metadata.checkedUnknown).toEqual([]);
    // The deadline of "Second step" (2 h) wakes the incident: the issue read last is asked for with its
    // ETag, unchanged (304s, not counted).
    const wakeFrom = { all: issueReads(), notModified: issueReads(304) };
    await harness.advanceTo(at(121));
    expect(overdue(issue)).toHaveLength(1);
    expect(issueReads() - wakeFrom.all).toBe(issueReads(304) - wakeFrom.notModified);
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
    // One listing, in the retry: the pass whose status write failed knew its own last write (no comment of
    // the app's was newer) and listed nothing. Never every page.
    expect(listings).toHaveLength(1);
    await harness.advanceTo(at(29));
    expect(overdue(issue)).toHaveLength(1);
  });

  it('a config whose cache entry expired is read again with If-None-Match: unchanged, a 304', async () => {
    const harness = await SimulatorHarness.create({ start: T0, sweep: false });
    const repo = harness.github.addRepo('acme/app', 'private');
    repo.files['.github/incident.yml'] = 'reminders:\n  grace_minutes: 1\n';
    harness.github.setPermission('alice', 'acme/app', 'write');
    const human = new HumanActions(harness.github);
    const { issue, event } = human.open(repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' });
    await harness.deliver(event);
    await harness.advanceTo(at(7 * 60));
    const from = harness.github.requests.length;
    await harness.deliver(human.label(repo, issue.number, { name: 'team-a', by: 'alice' }));
    const configReads = harness.github.requests.slice(from).filter((r) => r.path.includes('/contents/'));
    expect(configReads.map((r) => r.status)).toEqual([304]);
  });
});
