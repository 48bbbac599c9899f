import type { Clock, TimerHandle } from './clock.js';
import { mostUrgentIndex } from './most-urgent.js';

/**
 * GitHub's guidance for writes, per installation, named where they are kept:
 * - "wait at least one second between each request" that is a POST, PATCH, PUT or DELETE
 *   https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
 * - "no more than 80 content-generating requests per minute and no more than 500 content-generating
 *   requests per hour" https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 * Every write is spaced; every POST or PUT (comments, issues, sub-issues, labels, reactions, pull
 * requests: whatever creates something) counts as content-generating, a little conservative, never
 * over; edits (PATCH: the status comment) and deletions do not. With a second between writes the
 * minute allows 60, so the 80 binds only with `spacingMs` turned down; it is kept to say which rule is which.
 */
export const WRITE_SPACING_MS = 1_000;
export const CONTENT_PER_MINUTE = 80;
export const CONTENT_PER_HOUR = 500;

/** What a write is for; the more urgent goes first when several wait for the same installation. */
export type WriteKind = 'urgent' | 'normal' | 'status';
const RANK: Record<WriteKind, number> = { urgent: 0, normal: 1, status: 2 };

/** What paces writes: this process's WritePacer, or the one shared through Redis (shared-write-pacer.ts). */
export interface WritePacing {
  acquire(installation: string, kind: WriteKind, creates?: boolean): Promise<void>;
  waiting(installation: string, kind?: WriteKind): number;
}

interface Waiter {
  rank: number;
  creates: boolean;
  seq: number;
  grant: () => void;
}

interface Installation {
  waiters: Waiter[];
  last: number | null;
  /** Grant times within the last hour, oldest first. */
  granted: number[];
  timer: TimerHandle | null;
}

/**
 * Spaces one installation's writes by GitHub's rules and lets the most urgent write waiting go next:
 * an overdue warning or a command's reply before a status edit (issue 13). Installations never wait on
 * each other. On the injected clock, so the benchmark and the simulator run it on virtual time.
 */
export class WritePacer implements WritePacing {
  private readonly clock: Clock;
  private readonly spacingMs: number;
  private readonly perMinute: number;
  private readonly perHour: number;
  private readonly installations = new Map<string, Installation>();
  private seq = 0;

  constructor(params: { clock: Clock; spacingMs?: number; perMinute?: number; perHour?: number }) {
    this.clock = params.clock;
    this.spacingMs = params.spacingMs ?? WRITE_SPACING_MS;
    this.perMinute = params.perMinute ?? CONTENT_PER_MINUTE;
    this.perHour = params.perHour ?? CONTENT_PER_HOUR;
  }

  /** Resolves when this installation may make its next write; `creates`: it counts against the content limits. */
  acquire(installation: string, kind: WriteKind, creates = true): Promise<void> {
    let state = this.installations.get(installation);
    if (!state) {
      state = { waiters: [], last: null, granted: [], timer: null };
      this.installations.set(installation, state);
    }
    const current = state;
    return new Promise((resolve) => {
      current.waiters.push({ rank: RANK[kind], seq: this.seq++, creates, grant: resolve });
      this.next(installation, current);
    });
  }

  /** Writes of this installation waiting, of this kind or more urgent. */
  waiting(installation: string, kind: WriteKind = 'urgent'): number {
    return this.installations.get(installation)?.waiters.filter((w) => w.rank <= RANK[kind]).length ?? 0;
  }

  /** The earliest time the next write may go (a creating one also within the content limits). */
  private earliest(state: Installation, now: number, creates: boolean): number {
    state.granted = state.granted.filter((t) => t > now - 3_600_000);
    let at = state.last === null ? now : Math.max(now, state.last + this.spacingMs);
    if (!creates) return at;
    const lastMinute = state.granted.filter((t) => t > now - 60_000);
    if (lastMinute.length >= this.perMinute)
      at = Math.max(at, (lastMinute[lastMinute.length - this.perMinute] as number) + 60_000);
    if (state.granted.length >= this.perHour)
      at = Math.max(at, (state.granted[state.granted.length - this.perHour] as number) + 3_600_000);
    return at;
  }

  private next(installation: string, state: Installation): void {
    if (state.timer || state.waiters.length === 0) return;
    const now = this.clock.now().getTime();
    const best = this.mostUrgent(state);
    const at = this.earliest(state, now, (state.waiters[best] as Waiter).creates);
    if (at > now) {
      state.timer = this.clock.setTimer(new Date(at), () => {
        state.timer = null;
        this.next(installation, state);
      });
      return;
    }
    const [waiter] = state.waiters.splice(best, 1);
    state.last = now;
    if (waiter?.creates) state.granted.push(now);
    waiter?.grant();
    if (state.waiters.length > 0) this.next(installation, state);
  }

  private mostUrgent(state: Installation): number {
    return mostUrgentIndex(state.waiters, (w) => ({ rank: w.rank, seq: w.seq }));
  }
}
