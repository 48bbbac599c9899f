import { afterAll, afterEach, beforeAll, expect, it, jest, describe } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { BOT_LOGIN, SimulatedGitHub, type SimRepo } from '../../src/simulator/state.js';
import { startGitHubServer } from '../bench/github-server.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { killServer, sendWebhook, sleep, startServer, until, type ServerProcess } from '../helpers/server-process.js';

/**
 * Issue 24, "What to build" 6: with Redis, the process holding an incident's job is killed with SIGKILL
 * in the middle of the job (its pass waits on a slow read from GitHub); another process must finish the
 * work within 30 s. Measured from the kill until the command is applied and recorded (the app's 👍 on it
 * and its record in the status comment), over several runs; the figures go to docs/deployment.md. The
 * control kills the holder with no other process running: nothing finishes the job within the bound.
 */
jest.setTimeout(240_000);

const TAKEOVER_BOUND_MS = 30_000;
const RUNS = 4;
/** Each run kills at another moment of the renewal cycles (BullMQ's lock every 5 s, the lease every 3.3 s). */
const KILL_OFFSET_MS = 1_300;

let redis: RedisServer;
const running: ServerProcess[] = [];
let github: { url: string; close: () => Promise<void> } | undefined;

/** The command comment handled: the app's 👍 on it and its record in the status comment. */
function done(repo: SimRepo, id: number): boolean {
  const issue = repo.issues.find((i) => i.number === 1);
  const reacted = issue?.comments.find((c) => c.id === id)?.reactions.some((r) => r.user === BOT_LOGIN) ?? false;
  const status = issue?.comments.find((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'));
  const accepted = (readMarkerJson(status?.body, 'status') as { accepted?: Record<string, string> } | undefined)
    ?.accepted;
  return reacted && accepted !== undefined && String(id) in accepted;
}

/** One process on Redis in the middle of a command's job (its read of the comment takes 45 s). */
async function holdingAJob(prefix: string) {
  const sim = new SimulatedGitHub(() => new Date());
  github = await startGitHubServer(sim);
  const env = { REDIS_URL: redis.url, REDIS_PREFIX: prefix };
  const repo = sim.addRepo('acme/shop');
  sim.setPermission('alice', 'acme/shop', 'write');
  const human = new HumanActions(sim);
  const holder = await startServer({ githubUrl: github.url, env });
  running.push(holder);
  const { event: opened } = human.open(repo, {
    title: 'Checkout down',
    body: '- [ ] Mitigate\n',
    labels: ['incident'],
    by: 'alice',
  });
  expect(await sendWebhook(holder, opened)).toBe(200);
  expect(
    await until(
      () => repo.issues[0]?.comments.some((c) => c.body.includes('incident-responder:status')) ?? false,
      15_000,
    ),
  ).toBe(true);
  sim.faults.push({ method: 'GET', path: /\/issues\/comments\/\d+$/, status: 200, times: 1, delayMs: 45_000 });
  const command = human.comment(repo, 1, { body: '/incident note Paged the payments team', by: 'alice' });
  expect(await sendWebhook(holder, command)).toBe(200);
  // The job is in hand: its pass is waiting on GitHub.
  expect(await until(() => sim.faults[0]?.times === 0, 10_000)).toBe(true);
  await sleep(300);
  const id = (command.payload as { comment: { id: number } }).comment.id;
  expect(done(repo, id)).toBe(false);
  return { repo, holder, id, env };
}

describeWithRedis(
  'kill -9 of the process holding a job, with Redis: another process finishes it',
  () => {
    beforeAll(async () => {
      expect(existsSync('lib/server.js')).toBe(true);
      redis = await RedisServer.start();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    afterEach(async () => {
      for (const server of running.splice(0)) await killServer(server);
      await github?.close();
      github = undefined;
    });

    it('control: with no other process, the killed job is not finished within the bound', async () => {
      const { repo, holder, id } = await holdingAJob('takeover-control');
      await killServer(holder);
      expect(await until(() => done(repo, id), TAKEOVER_BOUND_MS)).toBe(false);
    });

    it(`another process finishes the job within ${TAKEOVER_BOUND_MS / 1_000} s of the kill (${RUNS} runs)`, async () => {
      const measured: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const { repo, holder, id, env } = await holdingAJob(`takeover-${run}`);
        running.push(await startServer({ githubUrl: (github as { url: string }).url, env }));
        await sleep((run - 1) * KILL_OFFSET_MS);
        const killed = Date.now();
        await killServer(holder);
        const finished = await until(() => done(repo, id), 2 * TAKEOVER_BOUND_MS);
        measured.push(Date.now() - killed);
        expect(finished).toBe(true);
        for (const server of running.splice(0)) await killServer(server);
        await github?.close();
        github = undefined;
      }
      process.stderr.write(`takeover after kill -9, ms: ${measured.join(', ')}\n`);
      for (const ms of measured) expect(ms).toBeLessThanOrEqual(TAKEOVER_BOUND_MS);
    });
  },
  describe,
  it,
);
