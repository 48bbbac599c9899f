import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SharedWritePacer } from '../../src/runtime/shared-write-pacer.js';
import { WritePacer, type WriteKind } from '../../src/runtime/write-pacer.js';
import { systemClock } from '../../src/runtime/clock.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';

/**
 * Issue 24: GitHub's write guidance kept across processes through Redis (two pacers on two connections
 * stand for two processes), warnings before status edits across them, and pacing that survives Redis
 * failing. Spacing is shortened to 100 ms so the test runs in seconds.
 */
jest.setTimeout(30_000);

const SPACING = 100;
let redis: RedisServer;
const connections: Redis[] = [];

function pacer(params: { prefix: string; perMinute?: number }): SharedWritePacer {
  const connection = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connections.push(connection);
  return new SharedWritePacer({
    redis: connection,
    prefix: params.prefix,
    fallback: new WritePacer({ clock: systemClock(), spacingMs: SPACING }),
    spacingMs: SPACING,
    perMinute: params.perMinute,
  });
}

const ready = async (): Promise<void> => {
  for (const c of connections) if (c.status !== 'ready') await new Promise((resolve) => c.once('ready', resolve));
};

describeWithRedis(
  'write pacing shared through Redis',
  () => {
    beforeAll(async () => {
      redis = await RedisServer.start();
    });
    afterAll(async () => {
      for (const c of connections) c.disconnect();
      await redis?.stop();
    });

    it('two processes: writes of one installation a spacing apart; other installations do not wait', async () => {
      const prefix = randomUUID();
      const [a, b] = [pacer({ prefix }), pacer({ prefix })];
      await ready();
      const granted: number[] = [];
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? a : b).acquire('1', 'normal').then(() => granted.push(Date.now())),
        ),
      );
      granted.sort((x, y) => x - y);
      // Granted on Redis's clock a spacing apart; seen here within a poll's latency of that (a loaded
      // machine delays one observation more than the next), so the gaps are checked loosely, the total
      // strictly below.
      for (let i = 1; i < granted.length; i++)
        expect((granted[i] as number) - (granted[i - 1] as number)).toBeGreaterThanOrEqual(SPACING / 4);
      // Control: alone, a pacer per process would let both processes write at once.
      const otherStarted = Date.now();
      await Promise.all([a.acquire('2', 'normal'), b.acquire('3', 'normal')]);
      expect(Date.now() - otherStarted).toBeLessThan(SPACING);
      expect(granted.length).toBe(6);
      expect(Date.now() - started).toBeGreaterThanOrEqual(5 * SPACING - 5);
    });

    it('a warning waiting in one process goes before status edits waiting in another', async () => {
      const prefix = randomUUID();
      const [a, b] = [pacer({ prefix }), pacer({ prefix })];
      await ready();
      const order: string[] = [];
      const go = (p: SharedWritePacer, kind: WriteKind, name: string) =>
        p.acquire('1', kind).then(() => order.push(name));
      const first = go(a, 'normal', 'first');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const statuses = [go(a, 'status', 'status-1'), go(a, 'status', 'status-2')];
      await new Promise((resolve) => setTimeout(resolve, 20));
      const warning = go(b, 'urgent', 'warning');
      await Promise.all([first, ...statuses, warning]);
      expect(order.join(' ')).toBe('first warning status-1 status-2');
      expect(order).toEqual(['first', 'warning', 'status-1', 'status-2']);
    });

    it('content-creating writes stay within the per-minute limit across processes', async () => {
      const prefix = randomUUID();
      const [a, b] = [pacer({ prefix, perMinute: 3 }), pacer({ prefix, perMinute: 3 })];
      await ready();
      await Promise.all([a.acquire('1', 'normal'), b.acquire('1', 'normal'), a.acquire('1', 'normal')]);
      // The fourth creating write would be the fourth in a minute: it waits; an edit does not count.
      let fourth = false;
      void b.acquire('1', 'normal', true).then(() => (fourth = true));
      await b.acquire('1', 'urgent', false);
      await new Promise((resolve) => setTimeout(resolve, 3 * SPACING));
      expect(fourth).toBe(false);
    });

    it('Redis gone: writes are still paced, by the process itself, and nothing stalls', async () => {
      const prefix = randomUUID();
      const a = pacer({ prefix });
      await ready();
      await redis.kill();
      try {
        const granted: number[] = [];
        const started = Date.now();
        await Promise.all(
          Array.from({ length: 3 }, () => a.acquire('1', 'normal').then(() => granted.push(Date.now()))),
        );
        expect(Date.now() - started).toBeLessThan(3_000);
        granted.sort((x, y) => x - y);
        for (let i = 1; i < granted.length; i++)
          expect((granted[i] as number) - (granted[i - 1] as number)).toBeGreaterThanOrEqual(SPACING - 5);
      } finally {
        await redis.restart();
      }
      // Back: shared again, without a restart of the pacer.
      for (let i = 0; i < 100 && connections.some((c) => c.status !== 'ready'); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await a.acquire('1', 'normal');
      expect(await (connections.at(-1) as Redis).exists(`${prefix}:pace:1:state`)).toBe(1);
    });
  },
  describe,
  it,
);
