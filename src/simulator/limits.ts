/**
 * GitHub's rate limits as the simulator enforces them, per installation (the simulator serves one).
 * Primary: 5,000 requests an hour, in a window that resets an hour after it began; every answered
 * request counts except a 304 to a conditional request (and token requests, which the app's own JWT
 * limit covers). Every response carries the `x-ratelimit-*` headers GitHub sends.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 * Secondary (opt-in: `secondary = true`, as tests that write in bursts on virtual time would trip it):
 * at most 80 content-generating requests a minute and 500 an hour, answered 403 with `retry-after`.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export const PRIMARY_LIMIT_PER_HOUR = 5_000;
export const CONTENT_PER_MINUTE = 80;
export const CONTENT_PER_HOUR = 500;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const isTokenRequest = (path: string): boolean => /\/access_tokens$/.test(path);
// What creates something (comments, issues, labels, reactions): GitHub does not publish the exact list.
const isContent = (method: string, path: string): boolean =>
  (method === 'POST' || method === 'PUT') && !isTokenRequest(path) && path !== '/graphql';

export interface Refusal {
  status: number;
  message: string;
  headers: Record<string, string>;
}

export class SimLimits {
  /** Enforce the primary limit (on by default). */
  primary = true;
  /** Enforce the secondary content-creation limits. */
  secondary = false;
  limit = PRIMARY_LIMIT_PER_HOUR;
  /** Requests counted against the primary limit, and 304s answered (not counted), since the start. */
  counted = 0;
  notModified = 0;
  private windowStart: number | null = null;
  private used = 0;
  private content: number[] = [];

  constructor(private readonly now: () => Date) {}

  /** Null to serve the request, else the refusal GitHub would send. */
  admit(params: { method: string; path: string; conditional: boolean }): Refusal | null {
    const now = this.roll();
    if (isTokenRequest(params.path)) return null;
    if (this.primary && this.used >= this.limit && !params.conditional) {
      return {
        status: 403,
        message: 'API rate limit exceeded for installation.',
        headers: {
          ...this.headers(),
          'retry-after': String(Math.ceil(((this.windowStart ?? now) + HOUR_MS - now) / 1000)),
        },
      };
    }
    if (this.secondary && isContent(params.method, params.path)) {
      this.content = this.content.filter((t) => t > now - HOUR_MS);
      const lastMinute = this.content.filter((t) => t > now - MINUTE_MS);
      const full =
        lastMinute.length >= CONTENT_PER_MINUTE
          ? (lastMinute[0] as number) + MINUTE_MS
          : this.content.length >= CONTENT_PER_HOUR
            ? (this.content[0] as number) + HOUR_MS
            : null;
      if (full !== null)
        return {
          status: 403,
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          headers: { ...this.headers(), 'retry-after': String(Math.max(1, Math.ceil((full - now) / 1000))) },
        };
      this.content.push(now);
    }
    return null;
  }

  /** After the answer: a 304 is free, anything else counts. */
  settle(params: { status: number; method: string; path: string }): void {
    if (isTokenRequest(params.path)) return;
    if (params.status === 304) {
      this.notModified += 1;
      return;
    }
    this.roll();
    this.used += 1;
    this.counted += 1;
  }

  headers(): Record<string, string> {
    const now = this.roll();
    const reset = Math.ceil(((this.windowStart ?? now) + HOUR_MS) / 1000);
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - this.used)),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    };
  }

  private roll(): number {
    const now = this.now().getTime();
    if (this.windowStart === null || now >= this.windowStart + HOUR_MS) {
      this.windowStart = now;
      this.used = 0;
    }
    return now;
  }
}
