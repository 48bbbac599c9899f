import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import {
  CALM_CHECK_MS,
  CALM_CHECKS,
  RELEASE_MIN_CHECKS_APART,
  calmCheck,
  initialCalmState,
  released,
  startCalmMemoryRelease,
  type CalmState,
} from '../../src/server/calm-memory-release.js';

const MB = 2 ** 20;
const calm = { calmChecks: CALM_CHECKS - 1, checksSinceRelease: RELEASE_MIN_CHECKS_APART, baselineRss: 100 * MB };

describe('calmCheck: release once calm, grown, and not too soon', () => {
  it.each<[string, CalmState, { utilization: number; rss: number }, boolean]>([
    ['calm long enough and grown by 16 MB', calm, { utilization: 0.01, rss: 116 * MB }, true],
    ['one check short of calm', { ...calm, calmChecks: CALM_CHECKS - 2 }, { utilization: 0.01, rss: 200 * MB }, false],
    ['busy now: calm starts again', calm, { utilization: 0.3, rss: 200 * MB }, false],
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
      'a release less than a minute ago',
      { ...calm, checksSinceRelease: RELEASE_MIN_CHECKS_APART - 2 },
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
      state = check.release ? released(120 * MB) : check.state;
      outcomes.push(check.release);
    }
    expect(outcomes).toEqual([...Array<boolean>(CALM_CHECKS - 1).fill(false), true]);
    expect(calmCheck({ ...state, calmChecks: CALM_CHECKS }, { utilization: 0, rss: 200 * MB }).release).toBe(false);
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
      utilization: () => () => params.utilization,
    });
    return { started, collections, lines, grow: () => (rss = 200 * MB) };
  };

  it('asks V8 for its last-resort collection once the loop has been calm, and logs what it gave back', () => {
    const { started, collections, lines, grow } = wired({ utilization: 0.01 });
    grow();
    jest.advanceTimersByTime(CALM_CHECK_MS * CALM_CHECKS);
    expect(started.on).toBe(true);
    expect(collections).toEqual([{ type: 'major', flavor: 'last-resort' }]);
    expect(lines).toEqual([expect.objectContaining({ rssBeforeMb: 200, rssAfterMb: 110 })]);
    started.stop();
  });

  it('control: a busy loop is never paused for it', () => {
    const { started, collections, grow } = wired({ utilization: 0.5 });
    grow();
    jest.advanceTimersByTime(CALM_CHECK_MS * CALM_CHECKS * 10);
    expect(collections).toEqual([]);
    started.stop();
  });

  it('without --expose-gc it is off and does nothing', () => {
    const { started } = wired({ gc: null, utilization: 0 });
    expect(started.on).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('the Node running this accepts the collection it asks for', () => {
  it('`gc({ type: "major", flavor: "last-resort" })` under --expose-gc', () => {
    const run = spawnSync(process.execPath, ['--expose-gc', '-e', "gc({ type: 'major', flavor: 'last-resort' })"], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('control: without --expose-gc there is no gc to ask', () => {
    const run = spawnSync(process.execPath, ['-e', "gc({ type: 'major', flavor: 'last-resort' })"], {
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
  });
});
