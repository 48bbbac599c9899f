import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { Probot } from 'probot';
import { createApp, type AppRuntime } from '../../src/app/create-app.js';
import { productionOctokit } from '../../src/github/octokit-class.js';
import { systemClock } from '../../src/runtime/clock.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { createSimulatorFetch } from '../../src/simulator/rest.js';
import { readMarker } from '../../src/domain/incident/markers.js';
import { BOT_LOGIN, SimulatedGitHub, type SimRepo, type WebhookEvent } from '../../src/simulator/state.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const BODY =
  '- [ ] `30 min` First update\n- [ ] `1 hr` Mitigate\n- [ ] `4 hrs` Resolve\n\n## Action items\n\n- [ ] Add an alert @bob\n';

const botComments = (repo: SimRepo, kind: string) =>
  (repo.issues[0]?.comments ?? []).filter((c) => c.user === BOT_LOGIN && c.body.includes(`incident-responder:${kind}`));
const statusWrites = (sim: SimulatedGitHub) =>
  sim.requests.filter((r) => r.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(r.path));
const bodyWrites = (sim: SimulatedGitHub) =>
  sim.requests.filter(
    (r) =>
      r.method === 'PATCH' &&
      /\/issues\/\d+$/.test(r.path) &&
      typeof r.body === 'object' &&
      r.body !== null &&
      'body' in r.body,
  );
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};
const copy = (event: WebhookEvent): WebhookEvent => ({ ...event, payload: structuredClone(event.payload) });

async function incident(params: { trustOwnWrites?: boolean; burstQuietMs?: number } = {}) {
  const harness = await SimulatorHarness.create({
    start: T0,
    sweep: false,
    trustOwnWrites: params.trustOwnWrites,
    burstQuietMs: params.burstQuietMs,
  });
  const repo = harness.github.addRepo('acme/shop');
  for (const login of ['alice', 'bob']) harness.github.setPermission(login, 'acme/shop', 'write');
  const human = new HumanActions(harness.github);
  const { event } = human.open(repo, { title: 'Checkout down', body: BODY, labels: ['incident'], by: 'alice' });
  return { harness, repo, human, opened: event };
}

describe('redelivery', () => {
  it('one delivery 10 times in a row: one status comment, one follow-up, one warning', async () => {
    const { harness, repo, opened } = await incident();
    for (let i = 0; i < 10; i++) await harness.deliver(copy(opened));
    await harness.advanceTo(at(31));
    for (let i = 0; i < 10; i++) await harness.deliver(copy(opened));
    await harness.settle();
    expect(botComments(repo, 'status')).toHaveLength(1);
    expect(botComments(repo, 'overdue')).toHaveLength(1);
    expect(repo.issues.filter((i) => i.user === BOT_LOGIN)).toHaveLength(1);
  });

  it('one delivery 10 times at once: one status comment; a command delivered 10 times at once runs once', async () => {
    const { harness, repo, human, opened } = await incident();
    await Promise.all(Array.from({ length: 10 }, () => harness.probot.receive(copy(opened) as never)));
    await harness.settle();
    expect(botComments(repo, 'status')).toHaveLength(1);
    const command = human.comment(repo, 1, { body: '/incident action Rotate the payment keys @bob', by: 'alice' });
    await Promise.all(Array.from({ length: 10 }, () => harness.probot.receive(copy(command) as never)));
    await harness.settle();
    expect(repo.issues.filter((i) => i.user === BOT_LOGIN).map((i) => i.title)).toEqual(['Rotate the payment keys']);
    const commandComment = repo.issues[0]?.comments.find((c) => c.body.startsWith('/incident action'));
    expect(commandComment?.reactions).toEqual([{ content: '+1', user: BOT_LOGIN }]);
    expect(botComments(repo, 'reply')).toHaveLength(0);
  });

  it('an event whose job failed on a 500 runs again by itself; a redelivery then changes nothing', async () => {
    const { harness, repo, opened } = await incident();
    harness.github.faults.push({
      method: 'GET',
      path: /\/issues\/1\/comments$/,
      status: 500,
      times: 1,
      message: 'Server Error',
    });
    await harness.deliver(opened);
    expect(botComments(repo, 'status')).toHaveLength(1);
    await harness.deliver(copy(opened));
    expect(botComments(repo, 'status')).toHaveLength(1);
  });

  it('an event whose job is refused (a 400) is not retried: a redelivery can still succeed', async () => {
    const { harness, repo, opened } = await incident();
    harness.github.faults.push({ method: 'GET', path: /\/issues\/1\/comments$/, status: 400, times: 1 });
    await harness.deliver(opened);
    expect(botComments(repo, 'status')).toHaveLength(0);
    await harness.deliver(copy(opened));
    expect(botComments(repo, 'status')).toHaveLength(1);
  });
});

describe('an edit storm', () => {
  // Trusting its own last write (the default), the process once took the issue from the last event whose
  // payload it used, for an edit whose same-second payload it could not use: that tick was lost.
  it.each([
    ['trusting its own last status write (the default)', true],
    ['reading the status comment back on every pass', false],
  ])('20 edits in 10 s, %s: at most one status write per visible change, no human tick lost', async (_, trust) => {
    const { harness, repo, human, opened } = await incident({ trustOwnWrites: trust });
    await harness.deliver(opened);
    await harness.advanceTo(at(3));
    const before = statusWrites(harness.github).length;
    const steps = ['First update', 'Mitigate', 'Resolve'];
    let visible = 0;
    for (let i = 0; i < 20; i++) {
      await harness.advanceTo(new Date(at(3).getTime() + i * 500));
      if (i % 7 === 3) {
        // A tick: a visible change.
        const step = steps[visible++] ?? '';
        await harness.deliver(human.setChecked(repo, 1, { text: step, checked: true, by: 'bob' }));
      } else {
        // Prose edits around the checklist: nothing visible changes.
        await harness.deliver(
          human.editBody(repo, 1, { body: `${repo.issues[0]?.body ?? ''}\nNote ${i}.`, by: 'alice' }),
        );
      }
    }
    // A tick made while the app is busy with queued events: its own event arrives last.
    const late = human.setChecked(repo, 1, { text: 'Add an alert', checked: true, by: 'bob' });
    await harness.settle();
    await harness.deliver(late);
    expect(visible).toBe(3);
    expect(statusWrites(harness.github).length - before).toBeLessThanOrEqual(visible + 1);
    expect(bodyWrites(harness.github)).toEqual([]);
    const body = repo.issues[0]?.body ?? '';
    for (const step of steps)
      expect(body).toContain(
        `- [x] \`${step === 'First update' ? '30 min' : step === 'Mitigate' ? '1 hr' : '4 hrs'}\` ${step}`,
      );
    expect(body).toContain('- [x] Add an alert @bob');
    const status = botComments(repo, 'status')[0]?.body ?? '';
    expect(status.match(/done on time/g)).toHaveLength(3);
  });
});

describe('a burst of ticks', () => {
  it('edits queued for one incident are handled in one pass, each tick timed by its own edit', async () => {
    const { harness, repo, human, opened } = await incident();
    await harness.deliver(opened);
    await harness.advanceTo(at(5));
    const before = statusWrites(harness.github).length;
    // Four people tick four boxes a minute apart while the app is away; the events arrive together.
    const edits: WebhookEvent[] = [];
    for (const [i, text] of ['First update', 'Mitigate', 'Resolve', 'Add an alert'].entries()) {
      await harness.clock.advanceTo(at(10 + i), async () => undefined);
      edits.push(human.setChecked(repo, 1, { text, checked: true, by: 'bob' }));
    }
    await Promise.all(edits.map((e) => harness.probot.receive(e as never)));
    await harness.settle();
    // The burst is acknowledged first; its four edits then make one job and one status write.
    expect(statusWrites(harness.github).length - before).toBe(1);
    const metadata = JSON.parse(readMarker(botComments(repo, 'status')[0]?.body, 'status')?.data ?? '{}') as {
      checkedAt: Record<string, string>;
    };
    expect(Object.values(metadata.checkedAt).sort()).toEqual([
      '2026-11-23T10:10:00.000Z',
      '2026-11-23T10:11:00.000Z',
      '2026-11-23T10:12:00.000Z',
    ]);
    // A redelivered edit from the batch changes nothing.
    await harness.deliver(copy(edits[2] as WebhookEvent));
    expect(statusWrites(harness.github).length - before).toBe(1);
  });

  // A burst's webhooks come apart (each one's parsing shares the event loop, its sender waits for the
  // answers): a quiet turn of the event loop is not the burst's end. The control: edits further apart than
  // the queue's quiet wait are passes of their own. The wait is 100 ms here (10 in production), so that a
  // slow spell of a loaded machine between two edits does not split the burst.
  it.each([
    { gap: 'three quiet turns of the event loop', wait: () => turns(3), passes: 1 },
    { gap: '600 ms', wait: () => new Promise((resolve) => setTimeout(resolve, 600)), passes: 3 },
  ])('edits $gap apart: $passes status writes', async ({ wait, passes }) => {
    const { harness, repo, human, opened } = await incident({ burstQuietMs: 100 });
    await harness.deliver(opened);
    await harness.advanceTo(at(5));
    const before = statusWrites(harness.github).length;
    const received: Promise<unknown>[] = [];
    for (const [i, text] of ['First update', 'Mitigate', 'Resolve'].entries()) {
      await harness.clock.advanceTo(at(10 + i), async () => undefined);
      if (i > 0) await wait();
      received.push(harness.probot.receive(human.setChecked(repo, 1, { text, checked: true, by: 'bob' }) as never));
    }
    await Promise.all(received);
    await harness.settle();
    expect(statusWrites(harness.github).length - before).toBe(passes);
  });
});

/**
 * The production Octokit (retries and throttling on, as `npm start` runs it) against the simulator, on
 * Jest's fake timers: the retries' waits (./src/github/request-retries.ts) pass in virtual time.
 */
describe('faults from GitHub, with retries and throttling on', () => {
  let runtime: AppRuntime | undefined;
  afterEach(() => {
    runtime?.stop();
    jest.useRealTimers();
  });

  async function production() {
    jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const sim = new SimulatedGitHub(() => new Date());
    const repo = sim.addRepo('acme/shop');
    sim.setPermission('alice', 'acme/shop', 'write');
    const warnings: string[] = [];
    const log: Record<string, unknown> = { level: 'info' };
    for (const level of ['fatal', 'error', 'info', 'debug', 'trace']) log[level] = () => undefined;
    log.warn = (...args: unknown[]) =>
      warnings.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    log.child = () => log;
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const probot = new Probot({
      appId: 1,
      privateKey,
      secret: 's',
      log: log as never,
      Octokit: productionOctokit(),
      request: { fetch: createSimulatorFetch(sim) },
    });
    // Write pacing on, as `npm start` runs it (an injected clock turns it off by default).
    const app = createApp({ clock: systemClock(), botLogin: BOT_LOGIN, sweep: false, pacing: true });
    await probot.load(app.app);
    runtime = app.runtime();
    const human = new HumanActions(sim);
    const receive = async (event: WebhookEvent): Promise<void> => {
      await probot.receive(event as never);
      await drain();
    };
    const drain = async (): Promise<void> => {
      for (let i = 0; i < 100_000 && (runtime?.queue.size() ?? 0) > 0; i++) await jest.advanceTimersByTimeAsync(250);
    };
    return { sim, repo, human, receive, drain, probot, warnings };
  }

  it('502 twice then success: the write succeeds', async () => {
    const { sim, repo, human, receive } = await production();
    sim.faults.push({ method: 'POST', path: /\/issues\/1\/comments$/, status: 502, times: 2 });
    await receive(human.open(repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' }).event);
    expect(sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/1/comments'))).toHaveLength(3);
    expect(botComments(repo, 'status')).toHaveLength(1);
  });

  it.each([400, 404, 422])('a %i is never retried', async (status) => {
    const { sim, repo, human, receive } = await production();
    sim.faults.push({ method: 'POST', path: /\/issues\/1\/comments$/, status, times: 5 });
    await receive(human.open(repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' }).event);
    expect(sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/1/comments'))).toHaveLength(1);
  });

  it('a secondary rate limit with retry-after is honoured: the retry waits that long', async () => {
    const { sim, repo, human, receive, warnings } = await production();
    sim.faults.push({
      method: 'POST',
      path: /\/issues\/1\/comments$/,
      status: 403,
      times: 1,
      headers: { 'retry-after': '30' },
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    });
    await receive(human.open(repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' }).event);
    const posts = sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/1/comments'));
    expect(posts).toHaveLength(2);
    expect(Date.parse(posts[1]?.at ?? '') - Date.parse(posts[0]?.at ?? '')).toBeGreaterThanOrEqual(30_000);
    expect(botComments(repo, 'status')).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/Secondary rate limit on POST .*retrying in 30 s/);
  });

  it('403 "Resource not accessible by integration" on follow-ups: logged once, shown in the status comment', async () => {
    const { sim, repo, human, receive, warnings } = await production();
    const other = sim.addRepo('acme/tracker');
    other.appCanWrite = false;
    // It consents, so the write is tried: GitHub then refuses it.
    other.files['.github/incident.yml'] = 'accepts_from: [acme/*]\n';
    repo.files['.github/incident.yml'] = 'follow_ups:\n  repo: acme/tracker\n  settle: 0m\n';
    await receive(human.open(repo, { title: 'Down', body: BODY, labels: ['incident'], by: 'alice' }).event);
    for (let i = 0; i < 3; i++)
      await receive(human.editBody(repo, 1, { body: `${repo.issues[0]?.body ?? ''}\nNote ${i}.`, by: 'alice' }));
    expect(warnings.filter((w) => /follow-up/.test(w))).toHaveLength(1);
    expect((botComments(repo, 'status')[0]?.body ?? '').replace(/\\(.)/g, '$1')).toMatch(
      /could not open follow-up issues in acme\/tracker: Resource not accessible by integration/,
    );
  });

  it('under load, never more than 80 content-creating requests a minute per installation', async () => {
    const { sim, human, drain, probot } = await production();
    const repos = Array.from({ length: 4 }, (_, i) => sim.addRepo(`acme/service-${i}`));
    const events = repos.flatMap((repo) =>
      Array.from(
        { length: 40 },
        (_, n) => human.open(repo, { title: `Incident ${n}`, body: BODY, labels: ['incident'], by: 'alice' }).event,
      ),
    );
    await Promise.all(events.map((event) => probot.receive(event as never)));
    await drain();
    const writes = sim.requests
      .filter((r) => r.method !== 'GET' && !r.path.includes('/access_tokens'))
      .map((r) => Date.parse(r.at));
    // 160 status comments plus labels: the load is real.
    expect(writes.length).toBeGreaterThanOrEqual(160);
    let worst = 0;
    for (let i = 0, j = 0; i < writes.length; i++) {
      while ((writes[i] ?? 0) - (writes[j] ?? 0) >= 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(80);
    // More than 500 content-creating requests: GitHub's hourly limit stretches them over more than an hour of (fake) time.
  }, 90_000);
});
