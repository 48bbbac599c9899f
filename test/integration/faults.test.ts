import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { ProbotOctokit } from 'probot';
import { productionOctokit } from '../../src/github/octokit-class.js';
import type { Fault } from '../../src/simulator/state.js';
import { RedisCluster } from '../helpers/redis-cluster.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import {
  COMMANDS,
  T0,
  at,
  comments,
  expectOneTruth,
  roundRobin,
  scenario,
  setup,
} from '../helpers/incident-scenario.js';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { BOT_LOGIN } from '../../src/simulator/state.js';

/**
 * Issue 24: faults from GitHub, served over HTTP by the simulator, with the production Octokit's retry
 * policy (plugin-retry's waits shortened). Each case starts from the fault and asserts the promise: one
 * status comment, each overdue step warned once, each command applied and recorded once, each follow-up
 * and the report once; in one process without Redis and in two sharing Redis. The control runs the
 * first case with Probot's default retry (every 5xx resent in place) and sees the duplicate.
 */
jest.setTimeout(120_000);

/** Retries wait (n + 1)² × this: milliseconds here instead of seconds. */
const production = productionOctokit().defaults((options: Record<string, unknown>) => ({
  ...options,
  requestRetries: { backoffUnitMs: 20 },
}));
/** Probot's default (plugin-retry): a POST whose answer is lost is sent again before anything can look. */
const blindRetry = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { retryAfterBaseValue: 20 },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));

const lost = (fault: Omit<Fault, 'status' | 'times' | 'when'> & { times?: number }): Fault => ({
  status: 502,
  times: 1,
  when: 'after',
  ...fault,
});

const CASES: Array<{ name: string; faults: Fault[]; redis?: boolean }> = [
  {
    name: 'the status comment applied, its answer lost (502)',
    faults: [lost({ method: 'POST', path: /\/issues\/1\/comments$/, body: /incident-responder:status/ })],
    redis: true,
  },
  {
    name: 'the status comment applied, the connection reset',
    faults: [lost({ method: 'POST', path: /\/issues\/1\/comments$/, body: /incident-responder:status/, reset: true })],
  },
  {
    name: 'an overdue warning applied, its answer lost (502, then a reset)',
    faults: [
      lost({ method: 'POST', path: /\/issues\/1\/comments$/, body: /incident-responder:overdue/ }),
      lost({ method: 'POST', path: /\/issues\/1\/comments$/, body: /incident-responder:overdue/, reset: true }),
    ],
    redis: true,
  },
  {
    name: 'follow-up issues applied, their answers lost',
    faults: [lost({ method: 'POST', path: /\/repos\/acme\/shop\/issues$/, times: 2 })],
    redis: true,
  },
  {
    name: "a command's 👍 applied, the connection reset",
    faults: [lost({ method: 'POST', path: /\/reactions$/, reset: true, times: 2 })],
  },
  {
    name: 'the report pull request applied, its answer lost',
    faults: [lost({ method: 'POST', path: /\/pulls$/ })],
    redis: true,
  },
  {
    name: 'writes refused with 502 before GitHub applied them',
    faults: [{ method: 'POST', path: /\/issues\/1\/comments$/, status: 502, times: 3 }],
  },
  {
    name: 'a secondary rate limit with retry-after',
    faults: [
      {
        method: 'POST',
        path: /\/issues\/1\/comments$/,
        status: 403,
        times: 2,
        headers: { 'retry-after': '1' },
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    ],
  },
  {
    // Reads a process alone still makes: it knows the issue from its events and its own status writes.
    name: 'slow answers (1.5 s each for reads of the issue or of a comment by id)',
    faults: [{ method: 'GET', path: /\/issues\/(1|comments\/\d+)$/, status: 200, times: 3, delayMs: 1_500 }],
  },
];

let redis: RedisServer;
let cluster: RedisCluster | undefined;

async function play(params: { faults: Fault[]; redis: boolean; octokit?: typeof ProbotOctokit }) {
  cluster = await RedisCluster.create({
    redis,
    start: T0,
    instances: params.redis ? 2 : 1,
    memory: !params.redis,
    octokit: params.octokit ?? production,
  });
  const ctx = setup(cluster);
  cluster.sim.faults.push(...params.faults.map((f) => ({ ...f })));
  await scenario(cluster, ctx, { route: roundRobin });
  return { c: cluster, ctx };
}

/** One incident (a step due in an hour) opened at T0 through `to`, a minute old: where the command cases start. */
async function openedIncident(c: RedisCluster, to?: Parameters<RedisCluster['deliver']>[1]) {
  const ctx = setup(c);
  await c.deliver(
    ctx.human.open(ctx.repo, {
      title: 'Down',
      body: 'Steps:\n- [ ] `1 hr` Mitigate\n',
      labels: ['incident'],
      by: 'alice',
    }).event,
    to,
  );
  await c.advanceTo(at(1));
  return ctx;
}

/** The 👍 on the note typed while Redis hung: the command was accepted. */
const noted = (ctx: ReturnType<typeof setup>) =>
  ctx.repo.issues[0]?.comments.find((x) => x.body.startsWith('/incident note'))?.reactions;

/** Redis hangs (SIGSTOP) while the action command arrives; after 6 s it answers again. */
async function hangRedis(c: RedisCluster, ctx: ReturnType<typeof setup>) {
  const seen: { failedFast: boolean; notReady: boolean } = { failedFast: false, notReady: false };
  await scenario(c, ctx, {
    route: roundRobin,
    between: async (step) => {
      if (step !== 2) return;
      redis.pause();
      try {
        const started = Date.now();
        const before = c.failed.length;
        await c.deliver(
          ctx.human.comment(ctx.repo, 1, { body: '/incident note Paged the payments team', by: 'alice' }),
          [c.roundRobin()],
        );
        // Answered with an error (GitHub redelivers), within GitHub's 10 s and before Probot's 9 s "202".
        // The control is the clock: without a command timeout the answer waits out the whole hang (6 s).
        seen.failedFast = c.failed.length - before === 1 && Date.now() - started < 5_000;
        const probed = await Promise.all(c.live().map((x) => x.runtime.probe()));
        seen.notReady = probed.every((h) => !h.ready);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      } finally {
        redis.resume();
      }
      await c.waitReady();
      await c.redeliverFailed();
      await c.settle();
    },
  });
  return seen;
}

describeWithRedis(
  'faults from GitHub: nothing lost, nothing twice',
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

    for (const backend of ['memory', 'redis'] as const)
      describe(backend === 'memory' ? 'one process, no Redis' : 'two processes sharing Redis', () => {
        it('control: with a blind retry, a lost answer makes a second status comment', async () => {
          const { c, ctx } = await play({
            faults: (CASES[0] as { faults: Fault[] }).faults,
            redis: backend === 'redis',
            octokit: blindRetry,
          });
          expect(comments(ctx.repo, 'status')).toHaveLength(2);
          expect(() => expectOneTruth(c, ctx)).toThrow();
        });

        it('a command whose comment is deleted before it is handled: not run, said in the status comment, not retried', async () => {
          cluster = await RedisCluster.create({
            redis,
            start: T0,
            instances: 1,
            memory: backend === 'memory',
            octokit: production,
          });
          const c = cluster;
          const { repo, human } = await openedIncident(c);
          const command = human.comment(repo, 1, {
            body: '/incident action Rotate the payment keys @bob',
            by: 'alice',
          });
          human.deleteComment(repo, 1, { id: (command.payload as { comment: { id: number } }).comment.id });
          await c.deliver(command);
          await c.advanceTo(at(2));
          // GitHub no longer has the comment, and a queued copy is not trusted (issue #25): not run.
          expect(repo.issues.filter((i) => i.user === BOT_LOGIN).map((i) => i.title)).toEqual([]);
          expect(comments(repo, 'status')).toHaveLength(1);
          expect(comments(repo, 'status')[0]?.body).toContain('was deleted before it was handled');
          // Read once: a 404 is an answer, not a fault to retry.
          expect(c.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reactions'))).toHaveLength(0);
          expect(c.failed).toHaveLength(0);
        });

        if (backend === 'redis') {
          it('Redis hangs: webhooks answered 5xx at once, readiness says so; resumed: nothing lost or twice', async () => {
            cluster = await RedisCluster.create({ redis, start: T0, instances: 2, octokit: production });
            const ctx = setup(cluster);
            const seen = await hangRedis(cluster, ctx);
            expect(seen).toEqual({ failedFast: true, notReady: true });
            expectOneTruth(cluster, ctx);
            expect(noted(ctx)).toEqual([{ content: '+1', user: BOT_LOGIN }]);
          });

          for (const sameDelivery of [true, false])
            it(
              sameDelivery
                ? 'an enqueue that timed out while Redis hung is applied when it resumes; the redelivery adds nothing'
                : 'control: a redelivery under another delivery id (a job id not derived from it) runs a second job for the comment',
              async () => {
                cluster = await RedisCluster.create({ redis, start: T0, instances: 2, octokit: production });
                const c = cluster;
                const { repo, human } = await openedIncident(c, [c.roundRobin()]);
                const command = human.comment(repo, 1, { body: COMMANDS.action, by: 'alice' });
                const id = (command.payload as { comment: { id: number } }).comment.id;
                redis.pause();
                try {
                  await c.deliver(command, [c.roundRobin()]);
                  // Answered with an error: GitHub keeps the delivery for redelivery.
                  expect(c.failed).toHaveLength(1);
                } finally {
                  redis.resume();
                }
                await c.waitReady();
                // The add sent before the timeout reaches Redis once it resumes: the command runs before any redelivery.
                const reacted = () =>
                  repo.issues[0]?.comments.find((x) => x.id === id)?.reactions.filter((r) => r.user === BOT_LOGIN) ??
                  [];
                for (let i = 0; i < 300 && reacted().length === 0; i++)
                  await new Promise((resolve) => setTimeout(resolve, 50));
                expect(reacted()).toHaveLength(1);
                await c.settle();
                if (!sameDelivery) c.failed.splice(0, 1, { ...command, id: `${command.id}-again` });
                await c.redeliverFailed();
                await c.settle();
                // Applied and recorded once, one follow-up, whichever job ran it.
                expect(reacted()).toHaveLength(1);
                const status = comments(repo, 'status');
                expect(status).toHaveLength(1);
                const accepted = (readMarkerJson(status[0]?.body, 'status') as { accepted: Record<string, string> })
                  .accepted;
                expect(Object.keys(accepted)).toEqual([String(id)]);
                expect(repo.issues.filter((i) => i.user === BOT_LOGIN)).toHaveLength(1);
                // Passes that read the command comment: one, the late job's; the redelivery's job ran none.
                const passes = c.sim.requests.filter(
                  (r) => r.method === 'GET' && r.path.endsWith(`/issues/comments/${id}`),
                ).length;
                if (sameDelivery) expect(passes).toBe(1);
                else expect(passes).toBe(2);
              },
            );

          for (const { fault, recovery } of [
            { fault: 'flushed', recovery: true },
            { fault: 'restarted empty', recovery: true },
            { fault: 'flushed', recovery: false },
          ] as const)
            it(
              recovery
                ? `a command queued in Redis, not yet run, when Redis is ${fault}: the sweep on the news runs it, once`
                : `control: Redis ${fault} with command recovery off (COMMAND_RECOVERY_WINDOW=off): the queued command is lost`,
              async () => {
                cluster = await RedisCluster.create({
                  redis,
                  start: T0,
                  instances: 1,
                  octokit: production,
                  sweepEveryMinutes: 24 * 60,
                  ...(recovery ? {} : { commandRecoveryMinutes: 0 }),
                });
                const c = cluster;
                const { repo, human } = await openedIncident(c);
                // The workers are gone (a deploy); a process that only answers webhooks queues the command.
                const front = await c.addInstance({ worker: false });
                await c.stopInstance(c.instances[0] as (typeof c.instances)[number]);
                const command = human.comment(repo, 1, { body: COMMANDS.action, by: 'alice' });
                const id = (command.payload as { comment: { id: number } }).comment.id;
                await c.deliver(command, [front]);
                expect(c.failed).toHaveLength(0);
                const shared = front.shared as NonNullable<typeof front.shared>;
                expect(await shared.pending()).toBe(1);
                if (fault === 'flushed') {
                  const admin = new Redis(redis.url);
                  await admin.flushall();
                  admin.disconnect();
                } else {
                  await redis.restartEmpty();
                  await c.waitReady();
                }
                // The process learns of it (the reconnection, or its check every 5 s) and sweeps.
                for (let i = 0; i < 400 && (await shared.pending().catch(() => 0)) === 0; i++)
                  await new Promise((resolve) => setTimeout(resolve, 25));
                await front.runtime.sweeper?.idle();
                // Workers again: they run what Redis holds now.
                await c.addInstance();
                await c.settle();
                const reacted = () =>
                  repo.issues[0]?.comments.find((x) => x.id === id)?.reactions.filter((r) => r.user === BOT_LOGIN) ??
                  [];
                const followUps = () => repo.issues.filter((i) => i.user === BOT_LOGIN);
                const acceptedIds = () =>
                  Object.keys(
                    (
                      readMarkerJson(comments(repo, 'status')[0]?.body, 'status') as {
                        accepted: Record<string, string>;
                      }
                    ).accepted,
                  );
                if (!recovery) {
                  expect(reacted()).toHaveLength(0);
                  expect(followUps()).toHaveLength(0);
                  expect(acceptedIds()).toEqual([]);
                  return;
                }
                expect(reacted()).toHaveLength(1);
                expect(followUps()).toHaveLength(1);
                expect(acceptedIds()).toEqual([String(id)]);
                // Emptied again: the command is on record, so the next recovery runs nothing twice.
                const admin = new Redis(redis.url);
                await admin.flushall();
                admin.disconnect();
                for (let i = 0; i < 400 && (await shared.pending().catch(() => 0)) === 0; i++)
                  await new Promise((resolve) => setTimeout(resolve, 25));
                await Promise.all(c.live().map((x) => x.runtime.sweeper?.idle()));
                await c.settle();
                expect(reacted()).toHaveLength(1);
                expect(followUps()).toHaveLength(1);
                expect(comments(repo, 'status')).toHaveLength(1);
              },
            );

          for (const sweep of [true, false])
            it(
              sweep
                ? 'Redis restarted empty: the sweep run on its return re-arms the deadlines; each warned once'
                : 'control: without the sweep, the deadlines Redis lost are never warned',
              async () => {
                cluster = await RedisCluster.create({
                  redis,
                  start: T0,
                  instances: 2,
                  octokit: production,
                  ...(sweep ? { sweepEveryMinutes: 24 * 60 } : {}),
                });
                const c = cluster;
                const ctx = setup(c);
                await scenario(c, ctx, {
                  route: roundRobin,
                  between: async (step) => {
                    if (step !== 3) return;
                    await c.settle();
                    await redis.restartEmpty();
                    await c.waitReady();
                    // The recovery sweep is queued on the reconnection; give it a moment to list and arm.
                    for (let i = 0; i < 100; i++) {
                      const armed = await (c.live()[0]?.shared?.armed() ?? Promise.resolve([]));
                      if (armed.length > 0) break;
                      await new Promise((resolve) => setTimeout(resolve, 50));
                    }
                    await c.settle();
                  },
                });
                // Each warning within 60 s of its deadline (10:30 and 11:00), though Redis lost both wake-ups.
                const onTime = () => {
                  const posted = comments(ctx.repo, 'overdue').map((x) => Date.parse(x.created_at));
                  expect(posted).toHaveLength(2);
                  expect(posted[0]).toBeLessThanOrEqual(at(31).getTime());
                  expect(posted[1]).toBeLessThanOrEqual(at(61).getTime());
                };
                if (sweep) {
                  expectOneTruth(c, ctx);
                  onTime();
                } else expect(onTime).toThrow();
              },
            );
        }

        for (const { name, faults, redis: withRedis } of CASES)
          if (backend === 'memory' || withRedis)
            it(name, async () => {
              const { c, ctx } = await play({ faults, redis: backend === 'redis' });
              // Every fault was met: the case tested what it says.
              expect(c.sim.faults.map((f) => f.times)).toEqual(faults.map(() => 0));
              expectOneTruth(c, ctx);
            });
      });
  },
  describe,
  it,
);
