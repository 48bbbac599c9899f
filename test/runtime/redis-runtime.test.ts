import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { VirtualClock } from '../../src/simulator/virtual-clock.js';
import { LeasedSweep } from '../../src/runtime/leased-sweep.js';
import { RedisLeases } from '../../src/runtime/redis-lease.js';
import { RedisRuntime } from '../../src/runtime/redis-runtime.js';
import { checkStartup } from '../../src/runtime/startup-check.js';
import type { Sweeper } from '../../src/runtime/sweep.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';

jest.setTimeout(60_000);

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('REDIS_URL and friends', () => {
  it.each([
    [{}, undefined, []],
    [
      { REDIS_URL: 'redis://127.0.0.1:6379' },
      { url: 'redis://127.0.0.1:6379', prefix: 'incident-responder', worker: true },
      [],
    ],
    [
      { REDIS_URL: 'redis://h:1', RUN_WORKER: 'false', REDIS_PREFIX: 'ir-prod' },
      { url: 'redis://h:1', prefix: 'ir-prod', worker: false },
      [],
    ],
    [{ RUN_WORKER: 'false' }, undefined, [/RUN_WORKER is "false" but REDIS_URL is not set/]],
    [{ REDIS_URL: 'http://user:secret@h' }, undefined, [/REDIS_URL is not a redis:\/\//]],
    [
      { REDIS_URL: 'redis://h', REDIS_PREFIX: 'a:b' },
      { url: 'redis://h', prefix: 'a:b', worker: true },
      [/REDIS_PREFIX may hold only/],
    ],
  ] as const)('%j', (env, redis, errors) => {
    const check = checkStartup(env);
    expect(check.redis).toEqual(redis);
    expect(check.errors).toHaveLength(errors.length);
    errors.forEach((pattern, i) => expect(check.errors[i]).toMatch(pattern));
    // A password in REDIS_URL never reaches a message.
    expect(check.errors.join('\n')).not.toContain('secret');
  });

  it('a worker needs REDIS_URL and no webhook secret', () => {
    expect(checkStartup({}, 'worker').errors).toEqual([
      'REDIS_URL is not set: `npm run worker` takes its jobs from Redis.',
    ]);
    expect(
      checkStartup({ NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY: 'k', REDIS_URL: 'redis://h' }, 'worker').errors,
    ).toEqual([]);
    expect(
      checkStartup({ NODE_ENV: 'production', APP_ID: '1', PRIVATE_KEY: 'k', REDIS_URL: 'redis://h' }, 'server').errors,
    ).toHaveLength(1);
  });
});

describeWithRedis(
  'the Redis runtime',
  () => {
    let redis: RedisServer;
    const open: Array<{ close(): Promise<void> }> = [];
    beforeAll(async () => {
      redis = await RedisServer.start();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    afterEach(async () => {
      for (const x of open.splice(0)) await x.close();
    });

    const runtimes = async (count: number, params: { clock?: VirtualClock } = {}) => {
      const prefix = `ir-unit-${randomUUID().slice(0, 8)}`;
      const clock = params.clock ?? new VirtualClock(new Date('2026-11-23T10:00:00Z'));
      const list = Array.from(
        { length: count },
        () =>
          new RedisRuntime<{ n: number }>({
            url: redis.url,
            clock,
            log: silent,
            prefix,
            leaseMs: 2_000,
            lockDurationMs: 2_000,
          }),
      );
      open.push(...list);
      for (const r of list) expect(await r.connected()).toBe(true);
      return list;
    };
    const settled = async (list: Array<RedisRuntime<{ n: number }>>) => {
      // Three quiet looks in a row: a job moving between BullMQ's lists can hide from one look.
      for (let i = 0, quiet = 0; i < 500; i++) {
        await Promise.all(list.map((r) => r.local.idle()));
        quiet = (await (list[0] as RedisRuntime<{ n: number }>).pending()) === 0 ? quiet + 1 : 0;
        if (quiet >= 3) return;
        await sleep(20);
      }
      throw new Error('not settled');
    };

    it('the index cooldown: of two processes claiming at once, one wins; a release lets the next claim in', async () => {
      const [a, b] = await runtimes(2);
      const claims = await Promise.all(
        [a, b].map((r) => (r as RedisRuntime<{ n: number }>).claimCooldown({ key: 'index:acme/reports', ms: 600_000 })),
      );
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      const lost = claims.find((c) => !c.claimed);
      expect(lost && !lost.claimed && lost.until.toISOString()).toBe('2026-11-23T10:10:00.000Z');
      // Another reports repository has its own cooldown (the control: the key is what is claimed).
      expect(await b?.claimCooldown({ key: 'index:acme/other', ms: 600_000 })).toEqual({ claimed: true });
      await a?.releaseCooldown('index:acme/reports');
      expect(await b?.claimCooldown({ key: 'index:acme/reports', ms: 600_000 })).toEqual({ claimed: true });
    });

    it('two jobs of one incident never run at once across processes; other incidents run side by side', async () => {
      const list = await runtimes(3);
      const running = new Map<string, number>();
      let worst = 0;
      let overlapOfDifferent = 0;
      const done: string[] = [];
      list.forEach((r) =>
        r.start(async (work) => {
          const key = `incident-${work.n % 2}`;
          running.set(key, (running.get(key) ?? 0) + 1);
          worst = Math.max(worst, running.get(key) ?? 0);
          if ((running.get('incident-0') ?? 0) > 0 && (running.get('incident-1') ?? 0) > 0) overlapOfDifferent += 1;
          await sleep(30);
          running.set(key, (running.get(key) ?? 0) - 1);
          done.push(key);
        }),
      );
      for (let n = 0; n < 12; n++)
        await (list[n % 3] as RedisRuntime<{ n: number }>).enqueue({ key: `incident-${n % 2}`, work: { n } });
      await settled(list);
      expect(done).toHaveLength(12);
      expect(worst).toBe(1);
      expect(overlapOfDifferent).toBeGreaterThan(0);
    });

    it('a delivery queued by every process runs once, and is remembered once it succeeded', async () => {
      const list = await runtimes(3);
      const runs: number[] = [];
      list.forEach((r) => r.start(async (work) => void runs.push(work.n)));
      await Promise.all(list.map((r) => r.enqueue({ key: 'a', work: { n: 1 }, delivery: 'delivery-1' })));
      await settled(list);
      expect(runs).toEqual([1]);
      expect(await list[1]?.seen('delivery-1')).toBe(false);
      await list[0]?.remember(['delivery-1']);
      expect(await list[2]?.seen('delivery-1')).toBe(true);
    });

    it('a deadline armed by every process wakes the incident once; re-arming replaces it', async () => {
      const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
      const list = await runtimes(3, { clock });
      const woken: number[] = [];
      list.forEach((r) => r.start(async (work) => void woken.push(work.n)));
      const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
      const first = at(30);
      for (const r of list) await r.arm({ key: 'a', at: first, work: { n: 30 } });
      expect(await list[0]?.armed()).toEqual([{ key: 'a', at: first }]);
      await list[1]?.arm({ key: 'a', at: at(60), work: { n: 60 } });
      expect((await list[2]?.armed())?.map((x) => x.at)).toEqual([at(60)]);
      await clock.advanceTo(at(45));
      expect(await list[0]?.promoteDue()).toBe(0);
      await clock.advanceTo(at(16));
      await Promise.all(list.map((r) => r.promoteDue()));
      await settled(list);
      expect(woken).toEqual([60]);
      await list[0]?.arm({ key: 'a', at: null, work: { n: 0 } });
      expect(await list[0]?.armed()).toEqual([]);
    });

    it('a same-second edit continuing one handled by another process stands for the issue; a value not ours lets none', async () => {
      const clock = new VirtualClock(new Date('2026-11-23T10:00:05Z'));
      const [a, b] = (await runtimes(2, { clock })) as [RedisRuntime<{ n: number }>, RedisRuntime<{ n: number }>];
      const T = Date.parse('2026-11-23T10:00:05Z');
      const edit = (from: string, to: string, at = T) => [{ at, bodyFrom: from, body: to }];
      expect(await a.newestUsable('acme/app#1', edit('A', 'B'))).toBe(true);
      // Same second, in the other process: it continues B, so it is newer; an edit from A is not.
      expect(await b.newestUsable('acme/app#1', edit('B', 'C'))).toBe(true);
      expect(await a.newestUsable('acme/app#1', edit('A', 'D'))).toBe(false);
      // The control: another incident's first edit is used; its same-second rival is not.
      expect(await a.newestUsable('acme/app#2', edit('X', 'Y'))).toBe(true);
      expect(await b.newestUsable('acme/app#2', [{ at: T, bodyFrom: null, body: 'Y' }])).toBe(false);
      // Someone with Redis access writes a value of their own: no payload of the coming second stands;
      // one from after it does, and the mark is ours again.
      const client = new Redis(redis.url);
      try {
        const keys = await client.keys('*:newest:*');
        expect(keys).toHaveLength(2);
        for (const key of keys) await client.set(key, 'soon');
        expect(await a.newestUsable('acme/app#1', edit('C', 'E', T + 60_000))).toBe(true);
        expect(await a.newestUsable('acme/app#2', edit('Y', 'Z'))).toBe(false);
        expect(await b.newestUsable('acme/app#2', edit('Z', 'W', T + 1_000))).toBe(false);
        expect(await b.newestUsable('acme/app#2', edit('W', 'V', T + 2_000))).toBe(true);
        for (const key of keys) expect(await client.get(key)).toMatch(/^\d+ /);
      } finally {
        client.disconnect();
      }
    });

    it('a config change published by one process reaches every process', async () => {
      const list = await runtimes(3);
      const seen: string[][] = list.map(() => []);
      list.forEach((r, i) =>
        r.onConfigChange((change) => seen[i]?.push(`${change.scope}:${change.owner}/${change.repo}`)),
      );
      await list[0]?.publishConfigChange({ scope: 'repo', owner: 'acme', repo: 'shop' });
      for (let i = 0; i < 100 && seen.some((s) => s.length === 0); i++) await sleep(10);
      expect(seen).toEqual([['repo:acme/shop'], ['repo:acme/shop'], ['repo:acme/shop']]);
    });

    it('the sweep runs in one process: the lease holder keeps it while it ticks; another takes over when it stops', async () => {
      const list = await runtimes(3);
      const clock = new VirtualClock(new Date('2026-11-23T10:00:00Z'));
      const sweeps: number[] = [];
      const loops = list.map(
        (runtime, i) =>
          new LeasedSweep({
            clock,
            runtime,
            sweeper: { sweepOnce: async () => void sweeps.push(i) } as unknown as Sweeper,
            everyMinutes: 0.02,
          }),
      );
      const first = await Promise.all(loops.map((l) => l.tickOnce()));
      expect(first.filter(Boolean)).toHaveLength(1);
      const leader = first.indexOf(true);
      // Ticks of the interval (1.2 s) later: the same process sweeps, the others do not.
      await sleep(1_200);
      expect(await Promise.all(loops.map((l) => l.tickOnce()))).toEqual(first);
      // The leader stops ticking (dies): after 1.5 intervals another process takes over, one only.
      await sleep(2_000);
      const others = await Promise.all(loops.filter((_, i) => i !== leader).map((l) => l.tickOnce()));
      expect(others.filter(Boolean)).toHaveLength(1);
      expect(sweeps).toHaveLength(3);
      expect(sweeps.slice(0, 2)).toEqual([leader, leader]);
      expect(sweeps[2]).not.toBe(leader);
    });

    it('leases: taken once, renewed and released only by their holder', async () => {
      const client = new Redis(redis.url);
      open.push({ close: async () => client.disconnect() });
      const leases = new RedisLeases({ redis: client, prefix: `ir-lease-${randomUUID().slice(0, 8)}` });
      const token = await leases.acquire('x', 1_000);
      expect(token).not.toBeNull();
      expect(await leases.acquire('x', 1_000)).toBeNull();
      expect(await leases.renew('x', 'not-the-token', 1_000)).toBe(false);
      await leases.release('x', 'not-the-token');
      expect(await leases.acquire('x', 1_000)).toBeNull();
      expect(await leases.renew('x', token as string, 1_000)).toBe(true);
      await leases.release('x', token as string);
      expect(await leases.acquire('x', 1_000)).not.toBeNull();
    });

    it('Redis down: enqueue fails at once, readiness says why; back up: ready again', async () => {
      const [runtime] = (await runtimes(1)) as [RedisRuntime<{ n: number }>];
      expect(runtime.ready()).toMatchObject({ ready: true, backend: 'redis' });
      await redis.kill();
      try {
        await sleep(200);
        expect(runtime.ready()).toMatchObject({ ready: false, problem: expect.stringMatching(/Redis is unreachable/) });
        const started = Date.now();
        await expect(runtime.enqueue({ key: 'a', work: { n: 1 } })).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        await redis.restart();
      }
      for (let i = 0; i < 300 && !runtime.ready().ready; i++) await sleep(20);
      expect(runtime.ready().ready).toBe(true);
    });

    it('Redis back with its data: not emptied; flushed or restarted empty: emptied, told to every process, before the sweep lists', async () => {
      const list = await runtimes(2);
      const events: Array<Array<{ emptied: boolean }>> = list.map(() => []);
      const order: string[] = [];
      list.forEach((runtime, i) => runtime.onRecovered(({ emptied }) => void events[i]?.push({ emptied })));
      // The app's listener (command recovery re-arms) is added before the sweep's: it runs first.
      (list[0] as RedisRuntime<{ n: number }>).onRecovered(({ emptied }) => void order.push(`told:${emptied}`));
      const stopSweep = (list[0] as RedisRuntime<{ n: number }>).startSweep({
        sweeper: {
          start: () => undefined,
          stop: () => undefined,
          idle: async () => undefined,
          relistAll: () => void order.push('relist'),
          sweepOnce: async () => void order.push('sweep'),
        } as unknown as Sweeper,
        everyMinutes: 60,
      });
      open.push({ close: async () => stopSweep() });
      const told = async (count: number) => {
        for (let i = 0; i < 400 && events.some((e) => e.length < count); i++) await sleep(25);
        return events.map((e) => e[count - 1]);
      };
      // Both processes read the epoch on connecting; the start-up sweep is over.
      await sleep(500);
      order.splice(0);
      // Killed and started again from its append-only file: it kept its data.
      await redis.kill();
      await redis.restart();
      expect(await told(1)).toEqual([{ emptied: false }, { emptied: false }]);
      for (let i = 0; i < 100 && !order.includes('sweep'); i++) await sleep(20);
      expect(order).toEqual(['told:false', 'sweep']);
      order.splice(0);
      // Flushed while connected: one process finds the epoch gone and sets a new one; the other sees it changed.
      const admin = new Redis(redis.url);
      await admin.flushall();
      admin.disconnect();
      expect(await told(2)).toEqual([{ emptied: true }, { emptied: true }]);
      for (let i = 0; i < 100 && !order.includes('sweep'); i++) await sleep(20);
      expect(order).toEqual(['told:true', 'relist', 'sweep']);
      // Restarted without its data.
      await redis.restartEmpty();
      expect(await told(3)).toEqual([{ emptied: true }, { emptied: true }]);
      // Nothing told twice (the reconnection and the watchdog agree).
      await sleep(5_500);
      expect(events.map((e) => e.length)).toEqual([3, 3]);
    });

    it('the write pacing is shared: two processes keep writes of one installation a second apart through Redis', async () => {
      const arrivals: number[] = [];
      const server: Server = createServer((req, res) => {
        if (req.method === 'POST' && req.url?.includes('/issues')) arrivals.push(Date.now());
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end('{"token":"t","expires_at":"2099-01-01T00:00:00Z","id":1}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString();
      // The pacer's keys are per installation: a fresh installation id per run.
      const installation = 1_000 + Math.floor(Math.random() * 1_000_000);
      // Two processes, as children that exit.
      const probe = fileURLToPath(new URL('../helpers/shared-throttle-probe.mjs', import.meta.url));
      const env = {
        ...process.env,
        PROBE_REDIS_URL: redis.url,
        PROBE_BASE_URL: baseUrl,
        PROBE_INSTALLATION: String(installation),
        PROBE_PRIVATE_KEY: privateKey,
      };
      const codes = await Promise.all(
        [0, 1].map(
          () =>
            new Promise<number | null>((resolve) =>
              spawn(process.execPath, [probe], { env, stdio: 'inherit' }).on('exit', resolve),
            ),
        ),
      );
      expect(codes).toEqual([0, 0]);
      expect(arrivals).toHaveLength(4);
      // The spacing is checked where it is decided: the grants Redis recorded, on Redis's own clock. The
      // arrival times at the server add each process's scheduling delay after its grant (a loaded CI
      // machine once measured 741 ms between grants a second apart). Pacers that do not share Redis record
      // nothing there.
      const client = new Redis(redis.url);
      open.push({ close: async () => void client.disconnect() });
      const grants = (await client.zrange(`probe:pace:${installation}:grants`, 0, -1, 'WITHSCORES'))
        .filter((_, i) => i % 2 === 1)
        .map(Number);
      expect(grants).toHaveLength(4);
      const gaps = grants.slice(1).map((t, i) => t - (grants[i] as number));
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
    });
  },
  describe,
  it,
);
