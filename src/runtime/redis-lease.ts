import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Leases on one Redis: the single-instance lock pattern from Redis's documentation
 * (https://redis.io/docs/latest/commands/set/#patterns and https://redis.io/docs/latest/develop/use/patterns/distributed-locks/):
 * `SET key token NX PX ttl` to take, and renew or release only while the key still holds our token
 * (the token is the fence: a holder whose lease expired cannot extend or drop the next holder's).
 */
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

interface LeaseCommands {
  leaseRenew(key: string, token: string, ttlMs: number): Promise<number>;
  leaseRelease(key: string, token: string): Promise<number>;
}

export class RedisLeases {
  private readonly redis: Redis & LeaseCommands;
  private readonly prefix: string;

  constructor(params: { redis: Redis; prefix: string }) {
    params.redis.defineCommand('leaseRenew', { numberOfKeys: 1, lua: RENEW });
    params.redis.defineCommand('leaseRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = params.redis as Redis & LeaseCommands;
    this.prefix = params.prefix;
  }

  /** Takes `name` for `ttlMs` unless someone holds it; the token, or null. */
  async acquire(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(this.keyOf(name), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  /** Extends our lease; false when it expired and may be someone else's now. */
  async renew(name: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.leaseRenew(this.keyOf(name), token, ttlMs)) === 1;
  }

  async release(name: string, token: string): Promise<void> {
    await this.redis.leaseRelease(this.keyOf(name), token);
  }

  /**
   * Runs `fn` while holding `name`, renewing it every third of `ttlMs` so a long job keeps it and a
   * dead process loses it within `ttlMs`. `ran` is false when someone else holds it (fn not called).
   */
  async hold<T>(params: {
    name: string;
    ttlMs: number;
    fn: () => Promise<T>;
    onLost?: () => void;
  }): Promise<{ ran: false } | { ran: true; value: T }> {
    const token = await this.acquire(params.name, params.ttlMs);
    if (token === null) return { ran: false };
    let lost = false;
    const timer = setInterval(
      () => {
        this.renew(params.name, token, params.ttlMs).then(
          (ok) => {
            if (!ok && !lost) {
              lost = true;
              params.onLost?.();
            }
          },
          // Redis unreachable: the lease may expire; the next renewal tells.
          () => undefined,
        );
      },
      Math.max(10, Math.floor(params.ttlMs / 3)),
    );
    timer.unref();
    try {
      return { ran: true, value: await params.fn() };
    } finally {
      clearInterval(timer);
      await this.release(params.name, token).catch(() => undefined);
    }
  }

  private keyOf(name: string): string {
    return `${this.prefix}:lease:${name}`;
  }
}
