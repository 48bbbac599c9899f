import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  CALM_CHECK_MS,
  CALM_CHECKS,
  CALM_UTILIZATION,
  RELEASE_MAX_CHECKS_APART,
  RELEASE_MIN_CHECKS_APART,
  calmCheck,
  initialCalmState,
  released,
  startCalmMemoryRelease,
  type CalmState,
} from '../../src/server/calm-memory-release.js';

const MB = 2 ** 20;
const calm: CalmState = {
  calmChecks: CALM_CHECKS - 1,
  checksSinceRelease: RELEASE_MIN_CHECKS_APART,
  spacing: RELEASE_MIN_CHECKS_APART,
  baselineRss: 100 * MB,
};

describe('calmCheck: release once calm, grown, and not too soon', () => {
  it.each<[string, CalmState, { utilization: number; rss: number }, boolean]>([
    ['calm long enough and grown by 16 MB', calm, { utilization: 0.01, rss: 116 * MB }, true],
    ['one check short of calm', { ...calm, calmChecks: CALM_CHECKS - 2 }, { utilization: 0.01, rss: 200 * MB }, false],
    ['busy now: calm starts again', calm, { utilization: 0.3, rss: 200 * MB }, false],
    ['busy at the threshold is busy', calm, { utilization: CALM_UTILIZATION, rss: 200 * MB }, false],
    ['just under the threshold is calm', calm, { utilization: CALM_UTILIZATION - 0.001, rss: 200 * MB }, true],
    ['grown by less than 16 MB', calm, { utilization: 0, rss: 115 * MB }, false],
    [
      'grown by 16 MB but less than an eighth of a large baseline',
      { ...calm, baselineRss: 400 * MB },
      { utilization: 0, rss: 440 * MB },
      false,
    ],
    [
      'grown by an eighth of a large baseline',
      { ...calm, baselineRss: 400 * MB },
      { utilization: 0, rss: 450 * MB },
      true,
    ],
    [
      'the spacing not yet over (this check is the 29th of 30)',
      { ...calm, checksSinceRelease: RELEASE_MIN_CHECKS_APART - 2 },
      { utilization: 0, rss: 300 * MB },
      false,
    ],
    [
      'the spacing over (this check is the 30th)',
      { ...calm, checksSinceRelease: RELEASE_MIN_CHECKS_APART - 1 },
      { utilization: 0, rss: 300 * MB },
      true,
    ],
    [
      'a doubled spacing not yet over',
      { ...calm, spacing: 2 * RELEASE_MIN_CHECKS_APART, checksSinceRelease: RELEASE_MIN_CHECKS_APART },
      { utilization: 0, rss: 300 * MB },
      false,
    ],
    ['memory fell on its own: nothing to give back', calm, { utilization: 0, rss: 90 * MB }, false],
  ])('%s', (_name, state, sample, release) => {
    expect(calmCheck(state, sample).release).toBe(release);
  });

  it('the baseline follows memory down, so growth is counted from the lowest point', () => {
    const { state } = calmCheck(calm, { utilization: 0, rss: 80 * MB });
    expect(state.baselineRss).toBe(80 * MB);
    expect(calmCheck(state, { utilization: 0, rss: 96 * MB }).release).toBe(true);
  });

  it('a fresh process may release as soon as it is calm and grown; after a release it waits', () => {
    let state = initialCalmState(100 * MB);
    const outcomes: boolean[] = [];
    for (let i = 0; i < CALM_CHECKS; i++) {
      const check = calmCheck(state, { utilization: 0, rss: 150 * MB });
      state = check.release ? released(check.state, { before: 150 * MB, after: 120 * MB }) : check.state;
      outcomes.push(check.release);
    }
    expect(outcomes).toEqual([...Array<boolean>(CALM_CHECKS - 1).fill(false), true]);
    expect(calmCheck({ ...state, calmChecks: CALM_CHECKS }, { utilization: 0, rss: 200 * MB }).release).toBe(false);
  });

  it.each<[string, number, { before: number; after: number }, number]>([
    [
      'a release that gave back 30 MB keeps the shortest spacing',
      4 * RELEASE_MIN_CHECKS_APART,
      { before: 150, after: 120 },
      RELEASE_MIN_CHECKS_APART,
    ],
    [
      'one that gave back 2 MB doubles it',
      RELEASE_MIN_CHECKS_APART,
      { before: 150, after: 148 },
      2 * RELEASE_MIN_CHECKS_APART,
    ],
    ['up to an hour', RELEASE_MAX_CHECKS_APART, { before: 150, after: 150 }, RELEASE_MAX_CHECKS_APART],
  ])('%s', (_name, spacing, sample, after) => {
    const state = released({ ...calm, spacing }, { before: sample.before * MB, after: sample.after * MB });
    expect(state).toEqual({ calmChecks: 0, checksSinceRelease: 0, spacing: after, baselineRss: sample.after * MB });
  });
});

describe('startCalmMemoryRelease', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const wired = (params: { gc?: unknown; utilization: number }) => {
    let rss = 100 * MB;
    let utilizationReads = 0;
    const collections: unknown[] = [];
    const lines: Array<Record<string, unknown>> = [];
    const gc =
      'gc' in params
        ? params.gc
        : (options: unknown) => {
            collections.push(options);
            rss = 110 * MB;
          };
    const started = startCalmMemoryRelease({
      log: { info: (obj) => lines.push(obj) },
      gc,
      rss: () => rss,
      utilization: () => () => {
        utilizationReads += 1;
        return params.utilization;
      },
    });
    return { started, collections, lines, grow: () => (rss = 200 * MB), reads: () => utilizationReads };
  };

  it('asks V8 for its last-resort collection once the loop has been calm, and logs what it gave back', () => {
    const { started, collections, lines, grow, reads } = wired({ utilization: 0.01 });
    grow();
    jest.advanceTimersByTime(CALM_CHECK_MS * CALM_CHECKS);
    expect(started.on).toBe(true);
    expect(collections).toEqual([{ type: 'major', flavor: 'last-resort' }]);
    expect(started.releases()).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ rssBeforeMb: 200, rssAfterMb: 110 })]);
    // One read a check, and one more after the collection: its own busy time is not the next stretch's.
    expect(reads()).toBe(CALM_CHECKS + 1);
    started.stop();
  });

  it('control: a busy loop is never paused for it', () => {
    const { started, collections, grow } = wired({ utilization: 0.5 });
    grow();
    jest.advanceTimersByTime(CALM_CHECK_MS * CALM_CHECKS * 10);
    expect(collections).toEqual([]);
    started.stop();
  });

  it('stopped, it releases nothing more', () => {
    const { started, collections, grow } = wired({ utilization: 0 });
    started.stop();
    grow();
    jest.advanceTimersByTime(CALM_CHECK_MS * CALM_CHECKS * 10);
    expect(collections).toEqual([]);
  });

  it('a gc that throws turns it off, and the process goes on', () => {
    const { started, lines, grow } = wired({
      gc: () => {
        throw new Error('not that gc');
      },
      utilization: 0,
    });
    grow();
    expect(() => jest.advanceTimersByTime(CALM_CHECK_MS * CALM_CHECKS * 40)).not.toThrow();
    expect(lines).toEqual([{ error: 'not that gc' }]);
    expect(started.releases()).toBe(0);
  });

  it('without --expose-gc it is off and does nothing', () => {
    const { started } = wired({ gc: null, utilization: 0 });
    expect(started.on).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("finds Node's gc itself when none is given", () => {
    const global = globalThis as { gc?: unknown };
    const before = global.gc;
    global.gc = () => undefined;
    try {
      const started = startCalmMemoryRelease({ log: { info: () => undefined } });
      expect(started.on).toBe(true);
      started.stop();
    } finally {
      global.gc = before;
    }
  });
});

describe('with real timers', () => {
  it('its timer never keeps the process alive', () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const started = startCalmMemoryRelease({ log: { info: () => undefined }, gc: () => undefined });
    try {
      expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    } finally {
      started.stop();
    }
  });
});

const [nodeMajor] = process.versions.node.split('.').map(Number) as [number];

/** V8 ignores options it does not know, so what it ran is read from --trace-gc. */
function collectionsRun(options: string): string {
  const run = spawnSync(process.execPath, ['--expose-gc', '--trace-gc', '-e', `gc(${options})`], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout;
}

// The options object (and its `flavor`) is V8's from Node 22 on; Node 20 is not supported (engines).
(nodeMajor >= 22 ? describe : describe.skip)('the Node running this does the collection asked for', () => {
  it('`gc({ type: "major", flavor: "last-resort" })` runs the memory-reducing mark-compacts', () => {
    expect(collectionsRun("{ type: 'major', flavor: 'last-resort' }")).toMatch(/Mark-Compact \(reduce\)/);
  });

  it('control: a regular major collection does not reduce', () => {
    const out = collectionsRun("{ type: 'major', flavor: 'regular' }");
    expect(out).toMatch(/Mark-Compact/);
    expect(out).not.toMatch(/Mark-Compact \(reduce\)/);
  });
});
