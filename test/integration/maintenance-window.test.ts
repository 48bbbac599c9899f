import { describe, expect, it } from '@jest/globals';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimRepo } from '../../src/simulator/state.js';
import { at, branchFiles, INCIDENT_BODY, STATUS_CONFIG, T0 } from '../helpers/public-incident.js';

/**
 * Issue #30's maintenance windows on the simulator: an issue labelled `maintenance` moves through
 * scheduled, in progress and completed on the status branch by itself (the runtime wakes it at its start
 * and its end), and its errors are said in one app comment.
 */
const WINDOW_BODY = [
  'Database upgrade.',
  '',
  '**Start:** 2026-11-23 11:00 UTC',
  '**End:** 2026-11-23 12:00 UTC',
  '**Components:** checkout, API',
].join('\n');

async function world(params: { sweep?: boolean } = {}) {
  const harness = await SimulatorHarness.create({ start: T0, sweep: params.sweep ?? false });
  const repo = harness.github.addRepo('acme/shop', 'public');
  repo.files['.github/incident.yml'] = STATUS_CONFIG;
  harness.github.setPermission('alice', 'acme/shop', 'write');
  return { harness, repo, human: new HumanActions(harness.github) };
}

type Page = {
  components: Array<{ name: string; status: string }>;
  maintenance: Array<{ id: string; phase: string; start: string; end: string; components: string[] }>;
};
const page = (harness: SimulatorHarness): Page =>
  JSON.parse(branchFiles(harness, 'acme/shop')['status/incidents.json'] ?? '{"components":[],"maintenance":[]}');
const statusOf = (harness: SimulatorHarness, name: string) =>
  page(harness).components.find((c) => c.name === name)?.status;
const appComments = (repo: SimRepo, number = 1) =>
  repo.issues.find((i) => i.number === number)?.comments.filter((c) => c.user === BOT_LOGIN) ?? [];
const writes = (harness: SimulatorHarness) =>
  harness.github.requests.filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens')).length;

describe('maintenance windows on the status page (issue #30)', () => {
  it('scheduled, then in progress at its start, then completed at its end, by itself', async () => {
    const { harness, repo, human } = await world();
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(5));
    expect(page(harness).maintenance).toEqual([
      expect.objectContaining({
        id: 'acme/shop#1',
        phase: 'scheduled',
        start: '2026-11-23T11:00:00+00:00',
        end: '2026-11-23T12:00:00+00:00',
        components: ['Checkout', 'API'],
      }),
    ]);
    expect(statusOf(harness, 'Checkout')).toBe('operational');
    const files = () => branchFiles(harness, 'acme/shop');
    expect(files()['status/index.html']).toContain('Scheduled');
    expect(files()['status/feed.atom']).toContain('Scheduled maintenance: Database upgrade');

    // Nothing changed: a pass over the same window writes nothing.
    const before = writes(harness);
    const reads = harness.github.requests.length;
    await harness.deliver(human.label(repo, 1, { name: 'database', by: 'alice' }));
    await harness.advanceTo(at(30));
    expect(writes(harness)).toBe(before);
    // The pass ran (it read the branch), and found the page already showing the window.
    expect(harness.github.requests.slice(reads).some((r) => r.path.includes('/commits'))).toBe(true);

    await harness.advanceTo(at(61));
    expect(page(harness).maintenance[0]?.phase).toBe('in-progress');
    expect(statusOf(harness, 'Checkout')).toBe('maintenance');
    expect(statusOf(harness, 'Search')).toBe('operational');
    expect(files()['status/index.html']).toContain('Under maintenance');
    expect(files()['status/index.html']).toContain('Maintenance in progress.');

    await harness.advanceTo(at(121));
    expect(page(harness).maintenance[0]?.phase).toBe('completed');
    expect(statusOf(harness, 'Checkout')).toBe('operational');
    const feed = files()['status/feed.atom'] ?? '';
    expect(feed).toContain('Maintenance completed: Database upgrade');
    expect(feed.match(/<entry>/g)).toHaveLength(3);
    expect(files()['status/components/checkout.atom']?.match(/<entry>/g)).toHaveLength(3);
    expect(files()['status/components/search.atom']).not.toContain('<entry>');
    expect(files()['status/index.html']).not.toContain('Under maintenance');
    // Nothing was wrong: no comment on the issue.
    expect(appComments(repo)).toHaveLength(0);
  });

  it('a wake at the start reads the issue once', async () => {
    const { harness, repo, human } = await world();
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(5));
    const from = harness.github.requests.length;
    await harness.advanceTo(at(61));
    expect(page(harness).maintenance[0]?.phase).toBe('in-progress');
    const issueReads = harness.github.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && /\/repos\/acme\/shop\/issues\/1$/.test(r.path.split('?')[0] ?? ''));
    expect(issueReads).toHaveLength(1);
  });

  it.each([
    ['with the sweep, a process started again re-arms the window', true, 'in-progress'],
    [
      'control: without a wake (lost with the process, no sweep) the page stays "scheduled" past the start',
      false,
      'scheduled',
    ],
  ])('%s', async (_, sweep, phase) => {
    const { harness, repo, human } = await world({ sweep });
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(5));
    expect(page(harness).maintenance[0]?.phase).toBe('scheduled');
    // In memory, the armed wakes go with the process.
    await harness.restart();
    await harness.advanceTo(at(61));
    expect(page(harness).maintenance[0]?.phase).toBe(phase);
    harness.runtime.stop();
  });

  it('a window whose label is removed leaves the page', async () => {
    const { harness, repo, human } = await world();
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(5));
    expect(page(harness).maintenance).toHaveLength(1);
    await harness.deliver(human.unlabel(repo, 1, { name: 'maintenance', by: 'alice' }));
    await harness.advanceTo(at(61));
    expect(page(harness).maintenance).toEqual([]);
    expect(statusOf(harness, 'Checkout')).toBe('operational');
  });

  it('a page GitHub refuses to write is said in the one comment, and the next event publishes it', async () => {
    const { harness, repo, human } = await world();
    harness.github.faults.push({
      method: 'POST',
      path: /\/git\/trees$/,
      status: 403,
      times: 1,
      message: 'Resource not accessible by integration',
    });
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(2));
    expect(branchFiles(harness, 'acme/shop')).toEqual({});
    expect(appComments(repo)).toHaveLength(1);
    expect(appComments(repo)[0]?.body).toContain('the status page could not be written (GitHub answered 403');
    await harness.deliver(human.editBody(repo, 1, { body: `${WINDOW_BODY}\n`, by: 'alice' }));
    await harness.advanceTo(at(4));
    expect(page(harness).maintenance[0]?.phase).toBe('scheduled');
    expect(appComments(repo)).toHaveLength(1);
    expect(appComments(repo)[0]?.body).toContain('This maintenance window is on the status page.');
  });

  it('a window that becomes an incident leaves the maintenance list once the incident publishes', async () => {
    const { harness, repo, human } = await world();
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(61));
    expect(page(harness).maintenance).toHaveLength(1);
    await harness.deliver(human.label(repo, 1, { name: 'incident', by: 'alice' }));
    await harness.deliver(human.comment(repo, 1, { body: '/incident public The upgrade went wrong.', by: 'alice' }));
    await harness.advanceTo(at(65));
    expect(page(harness).maintenance).toEqual([]);
    expect(JSON.parse(branchFiles(harness, 'acme/shop')['status/incidents.json'] ?? '{}').incidents[0].id).toBe(
      'acme/shop#1',
    );
  });

  it('a window closed before its end is completed at the close', async () => {
    const { harness, repo, human } = await world();
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(70));
    await harness.deliver(human.close(repo, 1, { by: 'alice' }));
    await harness.advanceTo(at(130));
    expect(page(harness).maintenance[0]).toMatchObject({ phase: 'completed', end: '2026-11-23T11:10:00+00:00' });
  });

  it('errors are said in one app comment, updated in place, and nothing is published until they are fixed', async () => {
    const { harness, repo, human } = await world();
    const broken = WINDOW_BODY.replace('**End:** 2026-11-23 12:00 UTC', '**End:** 2026-11-23 10:30 UTC').replace(
      'checkout, API',
      'checkout, @bob-team, Billing',
    );
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: broken, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(2));
    expect(branchFiles(harness, 'acme/shop')).toEqual({});
    expect(appComments(repo)).toHaveLength(1);
    const first = appComments(repo)[0]?.body ?? '';
    expect(first).toContain('the **End:** is not after the **Start:**');
    expect(first).toContain('Billing');
    expect(first).not.toMatch(/@bob/);
    await harness.deliver(human.editBody(repo, 1, { body: broken.replace('10:30', '12:00'), by: 'alice' }));
    await harness.advanceTo(at(4));
    expect(appComments(repo)).toHaveLength(1);
    expect(appComments(repo)[0]?.body).not.toContain('is not after');
    expect(branchFiles(harness, 'acme/shop')).toEqual({});
    await harness.deliver(human.editBody(repo, 1, { body: WINDOW_BODY, by: 'alice' }));
    await harness.advanceTo(at(6));
    expect(appComments(repo)).toHaveLength(1);
    expect(appComments(repo)[0]?.body).toContain('This maintenance window is on the status page.');
    expect(page(harness).maintenance[0]?.phase).toBe('scheduled');
  });

  it('an unresolved incident on the same component outranks the maintenance, and both stay on the page', async () => {
    const { harness, repo, human } = await world();
    await harness.deliver(
      human.open(repo, { title: 'Database upgrade', body: WINDOW_BODY, labels: ['maintenance'], by: 'alice' }).event,
    );
    await harness.advanceTo(at(61));
    expect(statusOf(harness, 'Checkout')).toBe('maintenance');
    const { issue, event } = human.open(repo, {
      title: 'Checkout errors',
      body: INCIDENT_BODY,
      labels: ['incident'],
      by: 'alice',
    });
    await harness.deliver(event);
    await harness.deliver(
      human.comment(repo, issue.number, { body: '/incident affects checkout\n/incident public Failing.', by: 'alice' }),
    );
    await harness.advanceTo(at(65));
    expect(statusOf(harness, 'Checkout')).toBe('major-outage');
    expect(statusOf(harness, 'API')).toBe('maintenance');
    expect(page(harness).maintenance).toHaveLength(1);
    await harness.advanceTo(at(121));
    expect(page(harness).maintenance[0]?.phase).toBe('completed');
    expect(JSON.parse(branchFiles(harness, 'acme/shop')['status/incidents.json'] ?? '{}').incidents).toHaveLength(1);
  });
});
