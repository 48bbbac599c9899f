import type { Clock, TimerHandle } from '../runtime/clock.js';

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
