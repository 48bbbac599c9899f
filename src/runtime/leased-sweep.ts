import type { Clock, TimerHandle } from './clock.js';
import type { IncidentRuntime } from './runtime.js';
import type { Sweeper } from './sweep.js';
import { loggableError } from './loggable-error.js';

/**
 * The sweep when several processes share Redis: every process ticks, but only the one holding the
 * sweep lease sweeps (`Sweeper.sweepOnce`), so GitHub is swept once per interval, not once per
 * process. Sits beside Sweeper (its own timer instead of `Sweeper.start`).
 */
export class LeasedSweep {
  private timer: TimerHandle | null = null;
  private stopped = true;

  constructor(
    private readonly params: {
      clock: Clock;
      runtime: Pick<IncidentRuntime<unknown>, 'withSweepLease'>;
      sweeper: Sweeper;
      everyMinutes: number;
      log?: { warn(obj: object, msg: string): void };
    },
  ) {}

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.params.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** One tick: sweeps when this process takes the lease; false when another process has it. */
  async tickOnce(): Promise<boolean> {
    const everyMs = this.params.everyMinutes * 60_000;
    return this.params.runtime.withSweepLease({ everyMs, sweep: () => this.params.sweeper.sweepOnce() });
  }

  private async tick(): Promise<void> {
    try {
      await this.tickOnce();
    } catch (error) {
      this.params.log?.warn(loggableError(error), 'incident sweep failed; retrying at the next interval');
    }
    if (!this.stopped)
      this.timer = this.params.clock.setTimer(
        new Date(this.params.clock.now().getTime() + this.params.everyMinutes * 60_000),
        () => void this.tick(),
      );
  }
}
