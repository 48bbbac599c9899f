import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  CONTENT_PER_HOUR,
  CONTENT_PER_MINUTE,
  WRITE_SPACING_MS,
  type WriteKind,
  type WritePacing,
} from './write-pacer.js';

/**
 * GitHub's write guidance (write-pacer.ts) kept across every process on one Redis (issue 24), replacing
 * the throttling plugin's Bottleneck groups on Redis (Bottleneck 2.19.5, unmaintained since 2019, stops
 * recovering after Redis 7 errors such as `ERR UNKNOWN_CLIENT`). Per installation, one Lua script, run
 * atomically by Redis on Redis's own clock (`TIME`, so processes' clocks need not agree):
 * - waiters are ranked by urgency, then arrival: an overdue warning or a command's reply in any process
 *   goes before a status edit waiting in another;
 * - the first waiter is granted once a second has passed since the installation's last write and, for a
 *   write that creates, the last minute and hour are under 80 and 500;
 * - a waiter is forgotten when it stops asking (its process died): it must ask again within `BEAT_MS`.
 * When Redis fails or does not answer in time, the write goes through this process's own pacer instead
 * (still spaced, warnings first, within this process): pacing degrades, writes never stall on Redis.
 */
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state, grants, waiters, beats = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token, rank, creates = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
local spacing, perMinute, perHour, beat = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
if not redis.call('ZSCORE', waiters, token) then
  redis.call('ZADD', waiters, rank * 1e13 + now, token)
end
redis.call('HSET', beats, token, now + beat)
local queue = redis.call('ZRANGE', waiters, 0, -1)
local head = nil
for _, member in ipairs(queue) do
  local alive = tonumber(redis.call('HGET', beats, member) or '0')
  if alive < now then
    redis.call('ZREM', waiters, member)
    redis.call('HDEL', beats, member)
  elseif head == nil then
    head = member
  end
end
redis.call('PEXPIRE', waiters, 3600000)
redis.call('PEXPIRE', beats, 3600000)
if head ~= token then return -1 end
local at = now
local last = tonumber(redis.call('HGET', state, 'last') or '-1')
if last >= 0 and last + spacing > at then at = last + spacing end
if creates then
  redis.call('ZREMRANGEBYSCORE', grants, '-inf', now - 3600000)
  local minute = redis.call('ZRANGEBYSCORE', grants, now - 60000, '+inf', 'WITHSCORES')
  local inMinute = #minute / 2
  if inMinute >= perMinute then
    local oldest = tonumber(minute[(inMinute - perMinute) * 2 + 2])
    if oldest + 60000 > at then at = oldest + 60000 end
  end
  local total = redis.call('ZCARD', grants)
  if total >= perHour then
    local oldest = redis.call('ZRANGE', grants, total - perHour, total - perHour, 'WITHSCORES')
    if tonumber(oldest[2]) + 3600000 > at then at = tonumber(oldest[2]) + 3600000 end
  end
end
if at > now then return at - now end
redis.call('HSET', state, 'last', now)
redis.call('PEXPIRE', state, 3600000)
if creates then
  redis.call('ZADD', grants, now, token)
  redis.call('PEXPIRE', grants, 3600000)
end
redis.call('ZREM', waiters, token)
redis.call('HDEL', beats, token)
return 0
`;

const RANK: Record<WriteKind, number> = { urgent: 0, normal: 1, status: 2 };
/** A waiter that has not asked again within this long is gone. */
const BEAT_MS = 2_000;
/** How often a waiter asks again: a write waits at most this much longer than it must. */
const POLL_MS = 50;
/** A Redis answer slower than this counts as a failure (a hung Redis must not hold writes). */
const ANSWER_MS = 1_000;

interface PaceCommand {
  incidentResponderPace(...args: Array<string | number>): Promise<number>;
}

export class SharedWritePacer implements WritePacing {
  private readonly redis: Redis & PaceCommand;
  private readonly prefix: string;
  private readonly fallback: WritePacing;
  private readonly onFallback: (error: unknown) => void;
  private readonly spacingMs: number;
  private readonly perMinute: number;
  private readonly perHour: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly waiters = new Map<string, Map<string, WriteKind>>();
  private seq = 0;

  constructor(params: {
    redis: Redis;
    prefix: string;
    /** This process's own pacer, used while Redis fails. */
    fallback: WritePacing;
    onFallback?: (error: unknown) => void;
    spacingMs?: number;
    perMinute?: number;
    perHour?: number;
    sleep?: (ms: number) => Promise<void>;
  }) {
    params.redis.defineCommand('incidentResponderPace', { numberOfKeys: 4, lua: PACE });
    this.redis = params.redis as Redis & PaceCommand;
    this.prefix = params.prefix;
    this.fallback = params.fallback;
    this.onFallback = params.onFallback ?? (() => undefined);
    this.spacingMs = params.spacingMs ?? WRITE_SPACING_MS;
    this.perMinute = params.perMinute ?? CONTENT_PER_MINUTE;
    this.perHour = params.perHour ?? CONTENT_PER_HOUR;
    this.sleep = params.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async acquire(installation: string, kind: WriteKind, creates = true): Promise<void> {
    // Waiters asking in the same millisecond are ordered by their token: this process's arrival order first.
    const token = `${String(this.seq++).padStart(12, '0')}:${randomUUID()}`;
    const mine = this.waiters.get(installation) ?? new Map<string, WriteKind>();
    this.waiters.set(installation, mine);
    mine.set(token, kind);
    try {
      for (;;) {
        let wait: number;
        try {
          wait = await this.ask({ installation, token, kind, creates });
        } catch (error) {
          this.onFallback(error);
          return await this.fallback.acquire(installation, kind, creates);
        }
        if (wait === 0) return;
        await this.sleep(wait < 0 ? POLL_MS : Math.min(wait, POLL_MS * 4));
      }
    } finally {
      mine.delete(token);
      if (mine.size === 0) this.waiters.delete(installation);
    }
  }

  /** Writes of this process waiting for this installation, of this kind or more urgent. */
  waiting(installation: string, kind: WriteKind = 'urgent'): number {
    let n = 0;
    for (const k of this.waiters.get(installation)?.values() ?? []) if (RANK[k] <= RANK[kind]) n += 1;
    return n + this.fallback.waiting(installation, kind);
  }

  private ask(params: { installation: string; token: string; kind: WriteKind; creates: boolean }): Promise<number> {
    const base = `${this.prefix}:pace:${params.installation}`;
    const answer = this.redis.incidentResponderPace(
      `${base}:state`,
      `${base}:grants`,
      `${base}:waiters`,
      `${base}:beats`,
      params.token,
      RANK[params.kind],
      params.creates ? '1' : '0',
      this.spacingMs,
      this.perMinute,
      this.perHour,
      BEAT_MS,
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ANSWER_MS} ms`)), ANSWER_MS);
    });
    return Promise.race([answer.then(Number), late]).finally(() => clearTimeout(timer));
  }
}
