import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ProbotOctokit } from 'probot';
import { productionOctokit } from '../../src/github/octokit-class.js';
import type { Fault } from '../../src/simulator/state.js';
import { RedisCluster } from '../helpers/redis-cluster.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { T0, at, comments, expectOneTruth, roundRobin, scenario, setup } from '../helpers/incident-scenario.js';
import { BOT_LOGIN } from '../../src/simulator/state.js';

/**
 * Issue 24: faults from GitHub, served over HTTP by the simulator, with the production Octokit's retry
 * policy (plugin-retry's waits shortened). Each case starts from the fault and asserts the promise: one
 * status comment, each overdue step warned once, each command applied and recorded once, each follow-up
 * and the report once; in one process without Redis and in two sharing Redis. The control runs the
 * first case with Probot's default retry (every 5xx resent in place) and sees the duplicate.
 */
jest.setTimeout(120_000);

/** plugin-retry waits (n + 1)² × this: milliseconds here instead of seconds. */
const fast = { retry: { retryAfterBaseValue: 20 } };
const production = productionOctokit().defaults((options: Record<string, unknown>) => ({ ...options, ...fast }));
/** Probot's default: a POST whose answer is lost is sent again before anything can look. */
const blindRetry = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  ...fast,
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
    name: 'slow answers (1.5 s each for reads of the issue)',
    faults: [{ method: 'GET', path: /\/issues\/1$/, status: 200, times: 4, delayMs: 1_500 }],
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

        it('a command whose comment is deleted before it is handled: applied and recorded once, not retried', async () => {
          cluster = await RedisCluster.create({
            redis,
            start: T0,
            instances: 1,
            memory: backend === 'memory',
            octokit: production,
          });
          const c = cluster;
          const { repo, human } = setup(c);
          await c.deliver(
            human.open(repo, {
              title: 'Down',
              body: 'Steps:\n- [ ] `1 hr` Mitigate\n',
              labels: ['incident'],
              by: 'alice',
            }).event,
          );
          await c.advanceTo(at(1));
          const command = human.comment(repo, 1, {
            body: '/incident action Rotate the payment keys @bob',
            by: 'alice',
          });
          human.deleteComment(repo, 1, { id: (command.payload as { comment: { id: number } }).comment.id });
          await c.deliver(command);
          await c.advanceTo(at(2));
          expect(repo.issues.filter((i) => i.user === BOT_LOGIN).map((i) => i.title)).toEqual([
            'Rotate the payment keys',
          ]);
          expect(comments(repo, 'status')).toHaveLength(1);
          expect(comments(repo, 'status')[0]?.body).toContain('Rotate the payment keys');
          // Tried once: a 404 is an answer, not a fault to retry.
          expect(c.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reactions'))).toHaveLength(1);
          expect(c.failed).toHaveLength(0);
        });

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
