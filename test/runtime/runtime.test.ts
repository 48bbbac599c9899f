import { describe, expect, it, jest } from '@jest/globals';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import { ConfigCache, touchesConfig } from '../../src/runtime/config-cache.js';
import { DeliveryDedupe } from '../../src/runtime/delivery-dedupe.js';
import { KeyedQueue, PRIORITY } from '../../src/runtime/job-queue.js';
import { Scheduler } from '../../src/runtime/scheduler.js';
import { Sweeper, type SweepSource } from '../../src/runtime/sweep.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls until the condition holds (two seconds at most; `Date`, which no test here freezes). */
async function until(condition: () => boolean): Promise<void> {
  for (const t0 = Date.now(); !condition(); await sleep(1))
    if (Date.now() - t0 > 2_000) throw new Error('the condition did not come true within 2 s');
}

describe('VirtualClock', () => {
  it('fires timers in time order, each at its own time, ties in creation order', async () => {
    const clock = new VirtualClock(T0);
    const fired: string[] = [];
    clock.setTimer(at(10), () => fired.push(`b@${clock.now().toISOString()}`));
    clock.setTimer(at(5), () => fired.push(`a@${clock.now().toISOString()}`));
    clock.setTimer(at(10), () => fired.push('c'));
    const gone = clock.setTimer(at(7), () => fired.push('cleared'));
    clock.clearTimer(gone);
    clock.setTimer(at(20), () => fired.push('later'));
    await clock.advanceTo(at(10));
    expect(fired).toEqual([`a@${at(5).toISOString()}`, `b@${at(10).toISOString()}`, 'c']);
    expect(clock.now()).toEqual(at(10));
    expect(clock.nextTimerAt()).toEqual(at(20));
  });

  it('awaits settle after each timer, so work a timer starts ends before time moves on', async () => {
    const clock = new VirtualClock(T0);
    const queue = new KeyedQueue();
    const seen: Date[] = [];
    clock.setTimer(
      at(1),
      () =>
        void queue.push('k', async () => {
          await tick();
          seen.push(clock.now());
        }),
    );
    clock.setTimer(at(2), () => seen.push(clock.now()));
    await clock.advanceTo(at(5), () => queue.idle());
    expect(seen).toEqual([at(1), at(2)]);
  });
});

describe('KeyedQueue', () => {
  it('runs one job at a time per key, in order, and keys concurrently', async () => {
    const queue = new KeyedQueue({ concurrency: 4 });
    const log: string[] = [];
    let active = 0;
    let maxActiveForA = 0;
    const job = (key: string, n: number) => async () => {
      if (key === 'a') maxActiveForA = Math.max(maxActiveForA, ++active);
      log.push(`${key}${n}+`);
      await tick();
      log.push(`${key}${n}-`);
      if (key === 'a') active -= 1;
    };
    for (let n = 1; n <= 3; n++) void queue.push('a', job('a', n));
    void queue.push('b', job('b', 1));
    await queue.idle();
    expect(maxActiveForA).toBe(1);
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a1+', 'a1-', 'a2+', 'a2-', 'a3+', 'a3-']);
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
    expect(queue.size()).toBe(0);
  });

  it('isolates a failing job: the error goes to onError and the next job of the key runs', async () => {
    const errors: string[] = [];
    const queue = new KeyedQueue({ onError: (e, key) => errors.push(`${key}:${(e as Error).message}`) });
    const failed = queue.push('k', async () => {
      throw new Error('boom');
    });
    const next = queue.push('k', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    expect(errors).toEqual(['k:boom']);
  });

  it('keeps going when the error handler itself throws: the key frees its slot and its next job runs', async () => {
    const queue = new KeyedQueue({
      concurrency: 1,
      onError: () => {
        throw new Error('the logger failed');
      },
    });
    const failed = queue.push('k', async () => {
      throw new Error('boom');
    });
    const next = queue.push('k', async () => 'next');
    const other = queue.push('other', async () => 'other');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    // The only slot came back: a key stuck as running would hold it, and this job would never start.
    await expect(other).resolves.toBe('other');
    await queue.idle();
    expect(queue.size()).toBe(0);
  });

  it('never lets more than `concurrency` keys run at once', async () => {
    const queue = new KeyedQueue({ concurrency: 2 });
    let active = 0;
    let max = 0;
    for (let i = 0; i < 10; i++) {
      void queue.push(`k${i}`, async () => {
        max = Math.max(max, ++active);
        await tick();
        active -= 1;
      });
    }
    await queue.idle();
    expect(max).toBe(2);
  });

  it('holds held jobs back while their burst is arriving, and starts them once it has paused', async () => {
    const queue = new KeyedQueue({ quietMs: 40 });
    const started: string[] = [];
    void queue.push('a', async () => void started.push('a1'), { hold: true });
    // Something arrives on each of the next turns: nothing starts yet.
    for (let i = 0; i < 5; i++) {
      await tick();
      void queue.push(`k${i}`, async () => void started.push(`k${i}`), { hold: true });
      expect(started).toEqual([]);
    }
    // Quiet turns, but no whole quiet wait yet: a gap within the burst (the old rule started jobs here).
    await tick();
    await tick();
    await sleep(3);
    expect(started).toEqual([]);
    expect(queue.holding()).toBe(true);
    await until(() => started.length === 6);
    expect(queue.holding()).toBe(false);
    await queue.idle();
    expect(started.sort()).toEqual(['a1', 'k0', 'k1', 'k2', 'k3', 'k4']);
  });

  it('a job not held (a command, a wake) starts at once, beside a held burst of its own lane', async () => {
    const queue = new KeyedQueue({ quietMs: 40 });
    const started: string[] = [];
    void queue.push('edits', async () => void started.push('edits'), { hold: true, lane: '1' });
    void queue.push('command', async () => void started.push('command'), { lane: '1', priority: PRIORITY.urgent });
    await tick();
    await tick();
    expect(started).toEqual(['command']);
    await queue.idle();
    expect(started).toEqual(['command', 'edits']);
  });

  it('a join keeps its lane waiting; a job not held pushed onto a held key starts it', async () => {
    const queue = new KeyedQueue({ quietMs: 20, burstWaitMs: 60_000 });
    const started: string[] = [];
    void queue.push('edits', async () => void started.push('edits'), { hold: true, lane: '1' });
    // Edits join the waiting job every 5 ms for 120 ms: no quiet wait sees the lane quiet.
    for (const t0 = Date.now(); Date.now() - t0 < 120; await sleep(5)) queue.joined('edits');
    expect(started).toEqual([]);
    await until(() => started.length === 1);
    void queue.push('other', async () => void started.push('other'), { hold: true, lane: '1' });
    void queue.push('other', async () => void started.push('command'), { lane: '1' });
    await tick();
    await tick();
    expect(started).toEqual(['edits', 'other', 'command']);
    await queue.idle();
  });

  it("one lane's burst does not hold another lane's held job", async () => {
    const queue = new KeyedQueue({ quietMs: 10, burstWaitMs: 60_000 });
    const started: string[] = [];
    void queue.push('b', async () => void started.push('b'), { hold: true, lane: 'B' });
    const t0 = performance.now();
    let i = 0;
    // Lane A: a held job on every turn for 300 ms; B's job starts meanwhile, A's do not.
    while (performance.now() - t0 < 300) {
      void queue.push(`a${i++}`, async () => void started.push('a'), { hold: true, lane: 'A' });
      await tick();
    }
    expect(started).toEqual(['b']);
    await queue.idle();
  });

  it('starts a lone held job after a quiet wait, and the next ones of a backlog without waiting again', async () => {
    const queue = new KeyedQueue({ quietMs: 30, perLane: 1 });
    const startedAt: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 3; i++)
      void queue.push(`k${i}`, async () => void startedAt.push(performance.now() - t0), { hold: true });
    await queue.idle();
    expect(startedAt[0]).toBeGreaterThanOrEqual(25);
    // One slot: the second and third start as the one before ends (waiting again would take 60 ms).
    expect((startedAt[2] ?? 0) - (startedAt[0] ?? 0)).toBeLessThan(55);
  });

  it('starts held jobs after a quiet wait even when performance.now() stands still (fake timers)', async () => {
    const frozen = performance.now();
    const now = jest.spyOn(performance, 'now').mockReturnValue(frozen);
    try {
      const queue = new KeyedQueue({ quietMs: 10 });
      let ran = false;
      void queue.push('a', async () => void (ran = true), { hold: true });
      await tick();
      void queue.push('b', async () => undefined, { hold: true });
      await until(() => ran);
      await queue.idle();
    } finally {
      now.mockRestore();
    }
  });

  it('does not hold a job back longer than burstWaitMs, however long the burst', async () => {
    const queue = new KeyedQueue({ burstWaitMs: 20 });
    let startedAt: number | null = null;
    const t0 = performance.now();
    void queue.push('a', async () => void (startedAt ??= performance.now()), { hold: true });
    let i = 0;
    while (performance.now() - t0 < 200) {
      void queue.push(`k${i++}`, async () => undefined, { hold: true });
      await tick();
    }
    expect(startedAt).not.toBeNull();
    expect((startedAt ?? 0) - t0).toBeLessThan(150);
    await queue.idle();
  });
});

describe('DeliveryDedupe', () => {
  it('remembers, forgets after the TTL, and keeps at most `max`', async () => {
    const clock = new VirtualClock(T0);
    const dedupe = new DeliveryDedupe({ clock, max: 3, ttlMs: 60_000 });
    dedupe.remember('a');
    expect(dedupe.has('a')).toBe(true);
    expect(dedupe.has('b')).toBe(false);
    await clock.advanceTo(at(2));
    expect(dedupe.has('a')).toBe(false);
    for (const id of ['1', '2', '3', '4']) dedupe.remember(id);
    expect(dedupe.size).toBe(3);
    expect(dedupe.has('1')).toBe(false);
    expect(dedupe.has('4')).toBe(true);
  });
});

describe('Scheduler', () => {
  it('wakes each key exactly at its time; re-arming replaces, null disarms', async () => {
    const clock = new VirtualClock(T0);
    const woken: string[] = [];
    const scheduler = new Scheduler({
      clock,
      wake: (key) => woken.push(`${key}@${(clock.now().getTime() - T0.getTime()) / 60_000}`),
    });
    scheduler.arm('a', at(10));
    scheduler.arm('b', at(5));
    scheduler.arm('c', at(7));
    scheduler.arm('a', at(3));
    scheduler.arm('c', null);
    expect(scheduler.nextWakeOf('a')).toEqual(at(3));
    await clock.advanceTo(at(60));
    expect(woken).toEqual(['a@3', 'b@5']);
    expect(scheduler.size()).toBe(0);
  });

  it('wakes at once for a time in the past', async () => {
    const clock = new VirtualClock(at(10));
    const woken: string[] = [];
    const scheduler = new Scheduler({ clock, wake: (key) => woken.push(key) });
    scheduler.arm('late', at(1));
    await clock.advanceTo(at(10));
    expect(woken).toEqual(['late']);
  });

  it('holds 10,000 incidents with a single timer and compacts re-armed entries', async () => {
    const clock = new VirtualClock(T0);
    let woken = 0;
    const scheduler = new Scheduler({ clock, wake: () => (woken += 1) });
    for (let i = 0; i < 10_000; i++) scheduler.arm(`k${i}`, at(1 + (i % 500)));
    for (let i = 0; i < 10_000; i++) scheduler.arm(`k${i}`, at(2 + (i % 500)));
    expect(clock.pendingTimers()).toBe(1);
    expect(scheduler.size()).toBe(10_000);
    expect((scheduler as unknown as { heap: unknown[] }).heap.length).toBeLessThanOrEqual(20_000);
    await clock.advanceTo(at(1));
    expect(woken).toBe(0);
    await clock.advanceTo(at(600));
    expect(woken).toBe(10_000);
    expect(clock.pendingTimers()).toBe(0);
  });
});

function pages<T>(items: T[], size = 2): AsyncIterable<T[]> {
  return (async function* () {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  })();
}

describe('Sweeper', () => {
  const repos = [
    { owner: 'o', repo: 'a' },
    { owner: 'o', repo: 'b' },
    { owner: 'o', repo: 'broken' },
    { owner: 'o', repo: 'c' },
  ];
  const source = (calls: string[]): SweepSource => ({
    listInstallations: () => pages([{ id: 1 }]),
    listRepositories: () => pages(repos),
    listIncidentIssues: ({ repo, state, since }) => {
      calls.push(`${repo}:${state}:${since ? since.toISOString() : '-'}`);
      if (repo === 'broken') throw Object.assign(new Error('Not Found'), { status: 404 });
      return pages(state === 'open' ? [{ number: 1 }, { number: 2 }, { number: 3 }] : [{ number: 3 }, { number: 9 }]);
    },
  });

  it('finds open and recently closed incidents, once each, skipping a failing repository', async () => {
    const clock = new VirtualClock(T0);
    const calls: string[] = [];
    const found: string[] = [];
    const warnings: string[] = [];
    const sweeper = new Sweeper({
      clock,
      source: source(calls),
      labelsFor: async () => ['incident'],
      found: (i) => found.push(`${i.repo}#${i.number}`),
      horizonMinutes: 60,
      log: { warn: (_o, msg) => warnings.push(msg) },
    });
    const result = await sweeper.sweepOnce();
    expect(result.complete).toBe(true);
    expect(found).toEqual(['a#1', 'a#2', 'a#3', 'a#9', 'b#1', 'b#2', 'b#3', 'b#9', 'c#1', 'c#2', 'c#3', 'c#9']);
    expect(calls).toContain(`a:closed:${at(-60).toISOString()}`);
    expect(calls).toContain('a:open:-');
    expect(warnings).toEqual(['sweep skipped a repository']);
  });

  it('stops at the budget and resumes from the same repository next time', async () => {
    const clock = new VirtualClock(T0);
    const found: string[] = [];
    const sweeper = new Sweeper({
      clock,
      source: source([]),
      labelsFor: async () => ['incident'],
      found: (i) => found.push(`${i.repo}#${i.number}`),
      budget: 5,
    });
    const first = await sweeper.sweepOnce();
    expect(first).toEqual({ issues: 4, requests: 5, complete: false });
    expect(found).toEqual(['a#1', 'a#2', 'a#3', 'a#9']);
    const second = await sweeper.sweepOnce();
    expect(second.complete).toBe(false);
    expect(found.slice(4)).toEqual(['b#1', 'b#2', 'b#3', 'b#9']);
    let last = second;
    for (let i = 0; i < 5 && !last.complete; i++) last = await sweeper.sweepOnce();
    expect(last.complete).toBe(true);
    // A repository cut off by the budget is swept again whole: finding an issue twice only re-checks it.
    expect([...new Set(found.filter((f) => f.startsWith('c')))]).toEqual(['c#1', 'c#2', 'c#3', 'c#9']);
  });

  it('never runs two sweeps at once and sweeps again every interval', async () => {
    const clock = new VirtualClock(T0);
    let sweeps = 0;
    const sweeper = new Sweeper({
      clock,
      source: {
        ...source([]),
        listInstallations: () => {
          sweeps += 1;
          return pages([]);
        },
      },
      labelsFor: async () => [],
      found: () => undefined,
      everyMinutes: 15,
    });
    await Promise.all([sweeper.sweepOnce(), sweeper.sweepOnce()]);
    expect(sweeps).toBe(1);
    sweeper.start();
    await tick();
    await clock.advanceTo(at(31), async () => tick());
    sweeper.stop();
    expect(sweeps).toBe(4);
  });
});

describe('ConfigCache', () => {
  it('loads once for concurrent gets, expires, invalidates by repo and owner, and does not cache failures', async () => {
    const clock = new VirtualClock(T0);
    const cache = new ConfigCache<string>({ clock, ttlMs: 60_000, max: 2 });
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await Promise.all([cache.get('o/a', load), cache.get('o/a', load)])).toEqual(['v1', 'v1']);
    cache.invalidate('o', 'a');
    expect(await cache.get('o/a', load)).toBe('v2');
    await clock.advanceTo(at(2));
    expect(await cache.get('o/a', load)).toBe('v3');
    await cache.get('o/b', load);
    cache.invalidateOwner('O');
    expect(cache.size).toBe(0);
    await expect(cache.get('x/y', async () => Promise.reject(new Error('403')))).rejects.toThrow('403');
    expect(await cache.get('x/y', load)).toBe('v5');
  });
});

describe('touchesConfig', () => {
  const push = (name: string, ref: string, paths: string[] | null, count = 1) => ({
    ref,
    repository: { name, default_branch: 'main' },
    commits: paths === null ? [] : Array.from({ length: count }, () => ({ added: [], modified: paths, removed: [] })),
  });
  it.each([
    ['the repo config on the default branch', push('app', 'refs/heads/main', ['.github/incident.yml']), 'repo'],
    ['another file', push('app', 'refs/heads/main', ['README.md']), null],
    ['another branch', push('app', 'refs/heads/feature', ['.github/incident.yml']), null],
    ['the org fallback', push('.github', 'refs/heads/main', ['.github/incident.yml']), 'owner'],
    ['the org fallback at the root', push('.github', 'refs/heads/main', ['incident.yml']), 'owner'],
    ['a truncated commit list (20)', push('app', 'refs/heads/main', ['README.md'], 20), 'repo'],
    ['no commit list', push('app', 'refs/heads/main', null), 'repo'],
  ])('%s', (_name, payload, expected) => {
    expect(touchesConfig(payload)).toBe(expected);
  });
});
