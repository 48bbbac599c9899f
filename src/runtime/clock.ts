/**
 * Time is injected (DESIGN.md principle 5): the app asks a Clock for "now" and for timers, so tests
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

interface VirtualTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that moves only when told to: timers fire in time order, each at its own time. */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: VirtualTimer[] = [];

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimer(at: Date, fn: () => void): TimerHandle {
    const timer = { id: this.nextId++, at: at.getTime(), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  nextTimerAt(): Date | null {
    const next = this.next();
    return next ? new Date(next.at) : null;
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time to `to`, firing due timers in order; after each, awaits `settle` (e.g. the job queue). */
  async advanceTo(to: Date, settle?: () => Promise<void>): Promise<void> {
    const end = to.getTime();
    for (;;) {
      const next = this.next();
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
      if (settle) await settle();
    }
    this.current = Math.max(this.current, end);
    if (settle) await settle();
  }

  private next(): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}
