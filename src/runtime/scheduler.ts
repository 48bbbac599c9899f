import type { Clock, TimerHandle } from './clock.js';

interface Entry {
  at: number;
  key: string;
  generation: number;
}

/**
 * The next wake-up time of every tracked incident, woken exactly then (no polling loop that makes
 * warnings late). One clock timer for the earliest entry of a min-heap, however many incidents:
 * 10,000 incidents cost 10,000 small heap entries, not 10,000 timers. Re-arming a key leaves its old
 * entry in the heap as stale (its generation no longer matches); stale entries are skipped when they
 * surface and the heap is compacted when they outnumber live ones.
 */
export class Scheduler {
  private readonly clock: Clock;
  private readonly wake: (key: string) => void;
  private heap: Entry[] = [];
  private readonly live = new Map<string, { at: number; generation: number }>();
  private generation = 0;
  private timer: { handle: TimerHandle; at: number } | null = null;

  constructor(params: { clock: Clock; wake: (key: string) => void }) {
    this.clock = params.clock;
    this.wake = params.wake;
  }

  /** Arm `key` for `at` (replacing an earlier time); null disarms. A past time wakes at once. */
  arm(key: string, at: Date | null): void {
    if (at === null) {
      this.live.delete(key);
    } else {
      const entry = { at: at.getTime(), key, generation: ++this.generation };
      const current = this.live.get(key);
      if (current && current.at === entry.at) return;
      this.live.set(key, { at: entry.at, generation: entry.generation });
      this.push(entry);
    }
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) this.compact();
    this.rearm();
  }

  nextWakeOf(key: string): Date | null {
    const entry = this.live.get(key);
    return entry ? new Date(entry.at) : null;
  }

  size(): number {
    return this.live.size;
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer.handle);
    this.timer = null;
    this.heap = [];
    this.live.clear();
  }

  private isLive(entry: Entry): boolean {
    return this.live.get(entry.key)?.generation === entry.generation;
  }

  private rearm(): void {
    while (this.heap.length > 0 && !this.isLive(this.heap[0] as Entry)) this.pop();
    const first = this.heap[0];
    if (this.timer && (!first || this.timer.at !== first.at)) {
      this.clock.clearTimer(this.timer.handle);
      this.timer = null;
    }
    if (first && !this.timer) {
      const at = first.at;
      this.timer = { at, handle: this.clock.setTimer(new Date(at), () => this.fire()) };
    }
  }

  private fire(): void {
    this.timer = null;
    const now = this.clock.now().getTime();
    const due: string[] = [];
    while (this.heap.length > 0 && (this.heap[0] as Entry).at <= now) {
      const entry = this.pop();
      if (this.isLive(entry)) {
        this.live.delete(entry.key);
        due.push(entry.key);
      }
    }
    this.rearm();
    for (const key of due) this.wake(key);
  }

  private compact(): void {
    this.heap = [...this.live].map(([key, { at, generation }]) => ({ key, at, generation }));
    this.heap.sort((a, b) => a.at - b.at || a.generation - b.generation);
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.generation < b.generation);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i] as Entry, heap[parent] as Entry)) break;
      [heap[i], heap[parent]] = [heap[parent] as Entry, heap[i] as Entry];
      i = parent;
    }
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0] as Entry;
    const last = heap.pop() as Entry;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && this.less(heap[l] as Entry, heap[smallest] as Entry)) smallest = l;
        if (r < heap.length && this.less(heap[r] as Entry, heap[smallest] as Entry)) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Entry, heap[i] as Entry];
        i = smallest;
      }
    }
    return top;
  }
}
