import type { Clock } from './clock.js';

/**
 * Each installation's primary rate limit as GitHub reports it on every response (`x-ratelimit-limit`,
 * `-remaining`, `-reset`; https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit).
 * Below `SLOW_DOWN_BELOW` of the limit the app spreads what is left until the reset (a pause before each
 * request) instead of running into the wall; below `LOW_BELOW`, status refreshes and the sweep wait for
 * the reset and only warnings, command replies and what commands do are written. Each change is logged
 * once.
 */
export const SLOW_DOWN_BELOW = 0.2;
export const LOW_BELOW = 0.1;

interface Reading {
  limit: number;
  remaining: number;
  resetAt: number;
  low: boolean;
}

interface BudgetLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

type Headers = Record<string, string | number | undefined>;

export class RateBudget {
  private readonly clock: Clock;
  private readonly log: BudgetLog | undefined;
  private readonly readings = new Map<string, Reading>();

  constructor(params: { clock: Clock; log?: BudgetLog }) {
    this.clock = params.clock;
    this.log = params.log;
  }

  /** Reads the headers of a response (a 304 or an error response too). */
  observe(installation: string, headers: Headers | undefined): void {
    const limit = Number(headers?.['x-ratelimit-limit']);
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    const reset = Number(headers?.['x-ratelimit-reset']);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset) || limit <= 0) return;
    const previous = this.readings.get(installation);
    const low = remaining < limit * LOW_BELOW;
    this.readings.set(installation, { limit, remaining, resetAt: reset * 1000, low });
    if (low && !previous?.low) {
      this.log?.warn(
        { installation, remaining, limit, resetAt: new Date(reset * 1000).toISOString() },
        'rate limit low: warnings and command replies go first, status refreshes and the sweep wait for the reset',
      );
    } else if (!low && previous?.low) {
      this.log?.info({ installation, remaining, limit }, 'rate limit recovered: status refreshes and the sweep resume');
    }
  }

  /** Below LOW_BELOW of the limit, until the reset: status refreshes wait. */
  isLow(installation: string): boolean {
    const reading = this.current(installation);
    return reading?.low ?? false;
  }

  /** When the installation's window resets, if known. */
  resetAt(installation: string): Date | null {
    const reading = this.current(installation);
    return reading ? new Date(reading.resetAt) : null;
  }

  /** How long to pause before the next request: what is left, spread evenly until the reset. */
  pauseMs(installation: string): number {
    const reading = this.current(installation);
    if (!reading || reading.remaining >= reading.limit * SLOW_DOWN_BELOW) return 0;
    const left = Math.max(0, reading.resetAt - this.clock.now().getTime());
    return Math.ceil(left / Math.max(1, reading.remaining));
  }

  private current(installation: string): Reading | undefined {
    const reading = this.readings.get(installation);
    if (reading && this.clock.now().getTime() >= reading.resetAt) {
      this.readings.delete(installation);
      return undefined;
    }
    return reading;
  }
}
