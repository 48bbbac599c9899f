import { describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import { Sweeper, type SweepPage, type SweepSource } from '../../src/runtime/sweep.js';

const T0 = new Date('2026-11-23T10:00:00Z');

function pages<T>(items: T[], notModified = false): AsyncIterable<SweepPage<T>> {
  return (async function* () {
    yield Object.assign([...items], notModified ? { notModified: true } : {});
  })();
}

describe('Sweeper, incremental (issue 13)', () => {
  it('lists open and closed once, then only what changed since; an empty answer keeps `since`, so the same question is asked again', async () => {
    const clock = new VirtualClock(T0);
    const calls: string[] = [];
    let changed: number[] = [];
    const source: SweepSource = {
      listInstallations: () => pages([{ id: 1 }]),
      listRepositories: () => pages([{ owner: 'o', repo: 'a' }]),
      listIncidentIssues: ({ state, since }) => {
        calls.push(`${state}:${since ? since.toISOString() : '-'}`);
        if (state === 'all') return pages(changed.map((number) => ({ number })));
        return pages(state === 'open' ? [{ number: 1 }] : [{ number: 2 }]);
      },
    };
    const found: number[] = [];
    const sweeper = new Sweeper({
      clock,
      source,
      labelsFor: async () => ['incident'],
      found: (i) => found.push(i.number),
      horizonMinutes: 60,
    });
    await sweeper.sweepOnce();
    await clock.advanceTo(new Date(T0.getTime() + 15 * 60_000));
    changed = [1];
    await sweeper.sweepOnce();
    await clock.advanceTo(new Date(T0.getTime() + 30 * 60_000));
    changed = [];
    await sweeper.sweepOnce();
    await clock.advanceTo(new Date(T0.getTime() + 45 * 60_000));
    await sweeper.sweepOnce();
    expect(calls).toEqual([
      'open:-',
      'closed:2026-11-23T09:00:00.000Z',
      // since the first sweep (a minute of overlap)
      'all:2026-11-23T09:59:00.000Z',
      // the second found something: since moves on
      'all:2026-11-23T10:14:00.000Z',
      // the third found nothing: the same question again (its ETag answers 304)
      'all:2026-11-23T10:14:00.000Z',
    ]);
    expect(found).toEqual([1, 2, 1]);
  });

  it('relistAll (Redis came back empty): the next sweep to start lists open and closed in full again, then incremental', async () => {
    const clock = new VirtualClock(T0);
    const calls: string[] = [];
    const source: SweepSource = {
      listInstallations: () => pages([{ id: 1 }]),
      listRepositories: () => pages([{ owner: 'o', repo: 'a' }]),
      listIncidentIssues: ({ state }) => {
        calls.push(state);
        return pages(state === 'all' ? [] : [{ number: state === 'open' ? 1 : 2 }]);
      },
    };
    const started: number[] = [];
    const sweeper = new Sweeper({
      clock,
      source,
      labelsFor: async () => ['incident'],
      found: () => undefined,
      onStart: () => started.push(calls.length),
    });
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    sweeper.relistAll();
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    // Told before each sweep lists anything.
    expect(started).toEqual([0, 2, 3, 5]);
    expect(calls).toEqual(['open', 'closed', 'all', 'open', 'closed', 'all']);
  });

  it('a 304 page is not counted; each installation has its own budget, counting the jobs started', async () => {
    const clock = new VirtualClock(T0);
    const source: SweepSource = {
      listInstallations: () => pages([{ id: 1 }, { id: 2 }]),
      listRepositories: (id) =>
        pages(
          [
            { owner: `o${id}`, repo: 'a' },
            { owner: `o${id}`, repo: 'b' },
          ],
          id === 2,
        ),
      listIncidentIssues: ({ state }) =>
        pages(state === 'open' ? Array.from({ length: 10 }, (_, i) => ({ number: i + 1 })) : []),
    };
    const found: string[] = [];
    const sweeper = new Sweeper({
      clock,
      source,
      labelsFor: async () => ['incident'],
      found: (i) => found.push(`${i.owner}#${i.number}`),
      cost: () => 2,
      budget: 20,
    });
    const result = await sweeper.sweepOnce();
    // Installation 1: its first repository finishes past the budget (1 + 1 + 2 listings + 10 jobs x 2),
    // the second waits for the next sweep; installation 2 is not held up by it, and its 304 is free.
    expect(found.filter((f) => f.startsWith('o1#'))).toHaveLength(10);
    expect(found.filter((f) => f.startsWith('o2#'))).toHaveLength(10);
    expect(result.complete).toBe(false);
    // 1 (installations) + 1 (repositories) + 2 (listings) + 20 (jobs), then 0 (a 304) + 2 + 20.
    expect(result.requests).toBe(46);
  });

  it('leaves an installation whose rate limit is low for a later sweep', async () => {
    const clock = new VirtualClock(T0);
    const swept: number[] = [];
    const source: SweepSource = {
      listInstallations: () => pages([{ id: 1 }, { id: 2 }]),
      listRepositories: (id) => {
        swept.push(id);
        return pages([{ owner: `o${id}`, repo: 'a' }]);
      },
      listIncidentIssues: () => pages([]),
    };
    const sweeper = new Sweeper({
      clock,
      source,
      labelsFor: async () => ['incident'],
      found: () => undefined,
      skip: (id) => id === 1,
    });
    const result = await sweeper.sweepOnce();
    expect(swept).toEqual([2]);
    expect(result.complete).toBe(false);
  });
});

describe('Sweeper, spread (asked at the start of each sweep)', () => {
  it.each([
    ['spread: the second repository waits', true, false],
    ['not spread (a start-up sweep recovering lost commands): all at once', false, true],
  ])('%s', async (_name, spread, bothAtOnce) => {
    const clock = new VirtualClock(T0);
    const source: SweepSource = {
      listInstallations: () => pages([{ id: 1 }]),
      listRepositories: () =>
        pages([
          { owner: 'o', repo: 'a' },
          { owner: 'o', repo: 'b' },
        ]),
      listIncidentIssues: ({ state }) => pages(state === 'open' ? [{ number: 1 }] : []),
    };
    const found: string[] = [];
    const sweeper = new Sweeper({
      clock,
      source,
      labelsFor: async () => ['incident'],
      found: (i) => found.push(i.repo),
      spread: () => spread,
    });
    const sweep = sweeper.sweepOnce();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(found.length === 2).toBe(bothAtOnce);
    await clock.advanceTo(new Date(T0.getTime() + 60_000));
    await sweep;
    expect(found).toEqual(['a', 'b']);
  });
});
