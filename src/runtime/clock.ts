/**
 * Time is injected: the app asks a Clock for "now" and for timers, so tests
 * and the simulator run on virtual time and deadlines are exact.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  now(): Date;
  /** Calls fn at (or as soon as possible after) `at`. */
  setTimer(at: Date, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Node's setTimeout takes at most 2^31-1 ms (~24.8 days); longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function systemClock(): Clock {
  let nextId = 1;
  const timers = new Map<number, NodeJS.Timeout>();
  const schedule = (id: number, at: number, fn: () => void): void => {
    const delay = Math.min(Math.max(0, at - Date.now()), MAX_TIMEOUT_MS);
    const timer = setTimeout(() => {
      if (Date.now() < at) return schedule(id, at, fn);
      timers.delete(id);
      fn();
    }, delay);
    // Timers must not keep a stopping process alive.
    timer.unref();
    timers.set(id, timer);
  };
  return {
    now: () => new Date(),
    setTimer: (at, fn) => {
      const id = nextId++;
      schedule(id, at.getTime(), fn);
      return { id };
    },
    clearTimer: (handle) => {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
}
