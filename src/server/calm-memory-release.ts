/**
 * Giving a burst's memory back once the process is calm.
 *
 * After a burst of webhooks V8 frees the pages the burst used, but Node 22 and 24 keep them in a pool,
 * resident, until the system is short of memory: a process that armed 10,000 incidents held 164 to 173 MB
 * on Node 24 long after the burst, for 48 MB of heap. Node 26 gives pooled pages back after 8 s of their
 * own (V8's `--memory-pool-timeout`). This does the same on every Node the app supports: once the event
 * loop has been nearly idle for CALM_CHECKS checks running and RSS has grown well past what it was after
 * the last release, it asks V8 for its last-resort collection, which compacts the heap and empties the
 * pool (the benchmark's 10,000 armed incidents: 129 to 136 MB on Node 24, 114 to 124 MB on Node 22).
 * Node 26 gives its pool back only at a collection after its timeout, and a calm process may run none.
 *
 * The collection is two or more full mark-compacts in a row and blocks the event loop: 60 to 120 ms for
 * the benchmark's 48 MB heap, more for a larger one. So it waits for 8 s of calm, comes at most once a
 * minute, and backs off (the spacing doubles, up to an hour) while releases give back little.
 *
 * Needs `gc`, which Node exposes with `--expose-gc` (SERVER_NODE_FLAGS); without it nothing is done.
 * Calm is measured, not guessed: event loop utilization over each check, so a process busy with webhooks,
 * passes or a sweep never pauses for it, and one waiting on GitHub's answers costs nothing but the wait.
 */

/** How often the loop's utilization is looked at. */
export const CALM_CHECK_MS = 2_000;
/** Checks running under CALM_UTILIZATION before a release: 8 s, as long as Node 26's own pool timeout. */
export const CALM_CHECKS = 4;
/** The share of a check's wall time the event loop may be busy and still count as calm. */
export const CALM_UTILIZATION = 0.05;
/** RSS growth since the last release that is worth a collection: 16 MB, or an eighth of the baseline. */
export const RELEASE_MIN_GROWTH_BYTES = 16 * 2 ** 20;
/** Checks between two releases at least (60 s): a process that flaps between bursts and calm pays once a minute at most. */
export const RELEASE_MIN_CHECKS_APART = 30;
/** A release that gives back less than this doubles the spacing before the next one, up to RELEASE_MAX_CHECKS_APART. */
export const RELEASE_WORTH_BYTES = 8 * 2 ** 20;
/** An hour of checks. */
export const RELEASE_MAX_CHECKS_APART = 1_800;

export interface CalmState {
  /** Checks running that were calm. */
  calmChecks: number;
  /** Checks since the last release (or the start). */
  checksSinceRelease: number;
  /** Checks that must pass between two releases: RELEASE_MIN_CHECKS_APART, doubled after each release that gave back little. */
  spacing: number;
  /** RSS after the last release, or the lowest seen since: growth is measured from here. */
  baselineRss: number;
}

export const initialCalmState = (rss: number): CalmState => ({
  calmChecks: 0,
  checksSinceRelease: RELEASE_MIN_CHECKS_APART,
  spacing: RELEASE_MIN_CHECKS_APART,
  baselineRss: rss,
});

/** One check: whether to release now, and the state after it (a release's new baseline comes from `released`). */
export function calmCheck(
  state: CalmState,
  sample: { utilization: number; rss: number },
): {
  state: CalmState;
  release: boolean;
} {
  const calmChecks = sample.utilization < CALM_UTILIZATION ? state.calmChecks + 1 : 0;
  const checksSinceRelease = state.checksSinceRelease + 1;
  const baselineRss = Math.min(state.baselineRss, sample.rss);
  const grown = sample.rss - baselineRss >= Math.max(RELEASE_MIN_GROWTH_BYTES, baselineRss / 8);
  const release = calmChecks >= CALM_CHECKS && grown && checksSinceRelease >= state.spacing;
  return { state: { ...state, calmChecks, checksSinceRelease, baselineRss }, release };
}

/** After a release: what the process holds now is the new baseline; one that gave back little spaces the next. */
export function released(state: CalmState, sample: { before: number; after: number }): CalmState {
  const worth = sample.before - sample.after >= RELEASE_WORTH_BYTES;
  return {
    calmChecks: 0,
    checksSinceRelease: 0,
    spacing: worth ? RELEASE_MIN_CHECKS_APART : Math.min(state.spacing * 2, RELEASE_MAX_CHECKS_APART),
    baselineRss: sample.after,
  };
}

/** Node's `gc` with `--expose-gc` (V8's options object: Node 22 and later). */
export type ExposedGc = (options: { type: 'major'; flavor: 'last-resort' }) => void;

export interface CalmReleaseLog {
  info(obj: Record<string, unknown>, msg: string): void;
}

/**
 * Starts the checks (an unref'd timer: it never keeps the process alive). Returns whether releases are on
 * (off without `--expose-gc`), how many there were, and a stop (a clean stop calls it first: a release
 * must not pause the drain).
 */
export function startCalmMemoryRelease(params: {
  log: CalmReleaseLog;
  /** Node's `gc` when not given. */
  gc?: unknown;
  rss?: () => number;
  utilization?: () => () => number;
}): { on: boolean; releases: () => number; stop: () => void } {
  const gc = 'gc' in params ? params.gc : (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') return { on: false, releases: () => 0, stop: () => undefined };
  const collect = gc as ExposedGc;
  const rss = params.rss ?? (() => process.memoryUsage.rss());
  const sinceLast = (params.utilization ?? loopUtilization)();
  let state = initialCalmState(rss());
  let releases = 0;
  const timer = setInterval(() => {
    const before = rss();
    const check = calmCheck(state, { utilization: sinceLast(), rss: before });
    state = check.state;
    if (!check.release) return;
    const started = performance.now();
    try {
      collect({ type: 'major', flavor: 'last-resort' });
    } catch (error) {
      // Some other `gc` than Node's: never again, and never an end of the process.
      clearInterval(timer);
      params.log.info({ error: (error as Error).message }, 'calm memory release is off: gc() failed');
      return;
    }
    releases += 1;
    state = released(state, { before, after: rss() });
    params.log.info(
      {
        rssBeforeMb: Math.round(before / 2 ** 20),
        rssAfterMb: Math.round(state.baselineRss / 2 ** 20),
        ms: Math.round(performance.now() - started),
      },
      'calm after a burst: memory given back',
    );
    // The collection itself was busy time; it must not count against the next calm stretch.
    sinceLast();
  }, CALM_CHECK_MS);
  timer.unref();
  return { on: true, releases: () => releases, stop: () => clearInterval(timer) };
}

/** The event loop's utilization since the previous call (the first call: since start). */
function loopUtilization(): () => number {
  let previous = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, previous);
    previous = now;
    return utilization;
  };
}
