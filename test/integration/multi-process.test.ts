import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { RedisCluster, type Instance } from '../helpers/redis-cluster.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import {
  T0,
  at,
  comments,
  expectOneTruth,
  roundRobin,
  scenario,
  setup,
  toEvery,
} from '../helpers/incident-scenario.js';

/**
 * Issue 14: two or three app instances sharing one Redis, against the simulator over HTTP. Whatever
 * the routing of webhooks, the incident ends with one status comment, one warning per overdue step, one
 * follow-up per item, one report pull request, and every accepted command in the status and the report.
 */
jest.setTimeout(120_000);

let redis: RedisServer;
let cluster: RedisCluster | undefined;

describeWithRedis(
  'several processes sharing Redis',
  () => {
    beforeAll(async () => {
      redis = await RedisServer.start();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    afterEach(async () => {
      await cluster?.close();
      cluster = undefined;
    });

    it('control: without Redis, two instances given every webhook duplicate the incident (what these checks catch)', async () => {
      cluster = await RedisCluster.create({ redis, start: T0, instances: 2, memory: true });
      const ctx = setup(cluster);
      await scenario(cluster, ctx, { route: toEvery });
      expect(comments(ctx.repo, 'status')).toHaveLength(2);
      expect(() => expectOneTruth(cluster as RedisCluster, ctx)).toThrow();
    });

    it('every webhook to every one of three instances', async () => {
      cluster = await RedisCluster.create({ redis, start: T0, instances: 3 });
      const ctx = setup(cluster);
      await scenario(cluster, ctx, { route: toEvery });
      expectOneTruth(cluster, ctx);
    });

    it('webhooks round-robin over three instances', async () => {
      cluster = await RedisCluster.create({ redis, start: T0, instances: 3 });
      const ctx = setup(cluster);
      await scenario(cluster, ctx, { route: roundRobin });
      expectOneTruth(cluster, ctx);
    });

    it('a rolling deploy: an instance started while another runs, then the old one stopped, a deadline in the overlap', async () => {
      cluster = await RedisCluster.create({ redis, start: T0, instances: 1 });
      const c = cluster;
      const ctx = setup(c);
      const old = c.instances[0] as Instance;
      await scenario(c, ctx, {
        route: roundRobin,
        between: async (step) => {
          if (step === 2) await c.addInstance();
          // The 30 min deadline passes while both run; the old one goes before the 1 hr one.
          if (step === 3) {
            await c.advanceTo(at(40));
            await c.stopInstance(old);
          }
        },
      });
      expectOneTruth(c, ctx);
    });

    it('two commands at the same moment on different instances: both recorded', async () => {
      cluster = await RedisCluster.create({ redis, start: T0, instances: 2 });
      const c = cluster;
      const ctx = setup(c);
      const [a, b] = c.instances as [Instance, Instance];
      await scenario(c, ctx, {
        route: roundRobin,
        sameMoment: async (summary, impact) => {
          await Promise.all([c.deliver(summary, [a]), c.deliver(impact, [b])]);
        },
      });
      expectOneTruth(c, ctx);
    });

    it('Redis killed and restarted mid-run: errors answered, readiness says so, nothing lost or done twice', async () => {
      cluster = await RedisCluster.create({ redis, start: T0, instances: 3 });
      const c = cluster;
      const ctx = setup(c);
      let sawNotReady = false;
      await scenario(c, ctx, {
        route: toEvery,
        between: async (step) => {
          if (step !== 3) return;
          // The action command was just handed to every instance; Redis dies before it settles.
          await redis.kill();
          await new Promise((resolve) => setTimeout(resolve, 200));
          sawNotReady = c.live().every((x) => !x.runtime.ready().ready && x.runtime.ready().problem !== undefined);
          // A webhook while Redis is down is answered with an error (GitHub keeps it for redelivery).
          const before = c.failed.length;
          await c.deliver(
            ctx.human.editBody(ctx.repo, 1, {
              body: `${ctx.repo.issues[0]?.body ?? ''}\nCustomers notified.`,
              by: 'alice',
            }),
          );
          expect(c.failed.length - before).toBe(c.live().length);
          await redis.restart();
          await c.waitReady();
          await c.redeliverFailed();
          await c.settle();
        },
      });
      expect(sawNotReady).toBe(true);
      expectOneTruth(c, ctx);
    });
  },
  describe,
  it,
);
