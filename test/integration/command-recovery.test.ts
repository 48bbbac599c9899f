import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readMarkerJson } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { BOT_LOGIN, SimulatedGitHub, type SimRepo, type WebhookEvent } from '../../src/simulator/state.js';
import { startGitHubServer } from '../bench/github-server.js';
import {
  killServer as kill,
  sendWebhook as send,
  sleep,
  startServer as start,
  until,
  type ServerProcess,
} from '../helpers/server-process.js';

/**
 * Issue 24, "What to build" 4: one process without Redis, killed with SIGKILL while the commands it had
 * answered 200 for were still queued (GitHub will not redeliver them). The real server process, against
 * the simulator over HTTP. After a restart the start-up sweep finds the command comments that have
 * neither the app's 👍 nor its reply and runs them, oldest first, once each: racing a redelivered webhook
 * of the same comment, and again after a second restart. A comment older than the window is not run;
 * an incident not updated within the window costs no listing of its comments. The control restarts with
 * the recovery off (COMMAND_RECOVERY_WINDOW=off) and sees every command lost.
 */
jest.setTimeout(150_000);

const DAY_MS = 24 * 3_600_000;
const running: ServerProcess[] = [];
let github: { url: string; close: () => Promise<void> } | undefined;

async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await start({ githubUrl: (github as { url: string }).url, env });
  running.push(server);
  return server;
}

const commentId = (event: WebhookEvent): number => (event.payload as { comment: { id: number } }).comment.id;

/** The app's 👍 and replies on each comment (of issue 2, the incident the commands were typed in). */
function answers(repo: SimRepo, ids: readonly number[]) {
  const issue = repo.issues.find((i) => i.number === 2);
  return ids.map((id) => {
    const comment = issue?.comments.find((c) => c.id === id);
    return {
      plusOnes: comment?.reactions.filter((r) => r.user === BOT_LOGIN && r.content === '+1').length ?? 0,
      replies:
        issue?.comments.filter(
          (c) =>
            c.user === BOT_LOGIN &&
            (readMarkerJson(c.body, 'reply') as { comment?: unknown } | undefined)?.comment === id,
        ).length ?? 0,
    };
  });
}

/** The comments the status comment records as accepted (its metadata). */
const accepted = (repo: SimRepo): Record<string, string> =>
  (readMarkerJson(statusOf(repo, 2)[0]?.body, 'status') as { accepted?: Record<string, string> } | undefined)
    ?.accepted ?? {};

const statusOf = (repo: SimRepo, number: number) =>
  repo.issues
    .find((i) => i.number === number)
    ?.comments.filter((c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status')) ?? [];

/**
 * An incident on a running server; five commands (one from someone without the permission) answered 200
 * and still queued behind a slow read when the server is killed with SIGKILL. Also on GitHub: a command
 * typed four days ago (never delivered), and an incident nobody touched for four days.
 */
async function killedWithQueuedCommands() {
  let offsetMs = 0;
  const sim = new SimulatedGitHub(() => new Date(Date.now() + offsetMs));
  github = await startGitHubServer(sim);
  const repo = sim.addRepo('acme/shop');
  repo.files['.github/incident.yml'] = 'follow_ups:\n  settle: 0m\n';
  sim.setPermission('alice', 'acme/shop', 'write');
  sim.setPermission('bob', 'acme/shop', 'read');
  const human = new HumanActions(sim);
  offsetMs = -4 * DAY_MS;
  human.open(repo, { title: 'Old incident', body: '- [ ] Mitigate\n', labels: ['incident'], by: 'alice' });
  human.comment(repo, 1, { body: '/incident note typed four days ago', by: 'alice' });
  offsetMs = 0;
  const first = await startServer();
  const { event: opened } = human.open(repo, {
    title: 'Checkout down',
    body: '- [ ] Mitigate\n',
    labels: ['incident'],
    by: 'alice',
  });
  expect(await send(first, opened)).toBe(200);
  expect(await until(() => statusOf(repo, 2).length === 1 && statusOf(repo, 1).length === 1, 30_000)).toBe(true);
  // The old incident's status comment moved its updated_at, as on GitHub: nobody touched it for four days
  // means that comment too was four days old.
  const old = repo.issues.find((i) => i.number === 1);
  if (old) old.updated_at = new Date(Date.now() - 4 * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  offsetMs = -4 * DAY_MS;
  const tooOld = human.comment(repo, 2, { body: '/incident note also four days old', by: 'alice' });
  offsetMs = 0;
  // The first command's pass waits on a slow read of its comment; the others queue behind it.
  sim.faults.push({ method: 'GET', path: /\/issues\/comments\/\d+$/, status: 200, times: 1, delayMs: 60_000 });
  const commands = [
    human.comment(repo, 2, { body: '/incident note Paged the payments team', by: 'alice' }),
    human.comment(repo, 2, { body: '/incident action Rotate the payment keys', by: 'alice' }),
    human.comment(repo, 2, { body: '/incident severity high', by: 'bob' }),
    human.comment(repo, 2, { body: '/incident summary Card payments fail at checkout', by: 'alice' }),
    human.comment(repo, 2, { body: '/incident note Rolled back the gateway', by: 'alice' }),
  ];
  for (const event of commands) expect(await send(first, event)).toBe(200);
  expect(await until(() => sim.faults[0]?.times === 0, 10_000)).toBe(true);
  await sleep(200);
  await kill(first);
  const ids = commands.map(commentId);
  // Nothing of them was done before the kill.
  expect(answers(repo, ids)).toEqual(ids.map(() => ({ plusOnes: 0, replies: 0 })));
  return { sim, repo, human, commands, ids, tooOld: commentId(tooOld) };
}

/**
 * Requests for the comments of `number` since a time more than two days back: the start-up sweep's listing.
 * `after` is an index into the simulator's request log, not a time: its times have whole seconds, as
 * GitHub's do, so a request in the same second as a restart read as earlier than it (a flaky failure).
 */
const recoveryListings = (sim: SimulatedGitHub, number: number, after: number) =>
  sim.requests.slice(after).filter((r) => {
    if (r.method !== 'GET' || !r.path.endsWith(`/issues/${number}/comments`)) return false;
    const since = new URLSearchParams(r.query ?? '').get('since');
    return since !== null && Date.parse(since) < Date.now() - 2 * DAY_MS;
  });

/** Writes to repositories after the request numbered `after` (an installation token is no write). */
const writesAfter = (sim: SimulatedGitHub, after: number) =>
  sim.requests
    .slice(after)
    .filter((r) => r.method !== 'GET' && !r.path.startsWith('/app/'))
    .map((r) => `${r.method} ${r.path}`);

/** What every command came to: accepted ones 👍 once, bob's answered once, and their record in the status comment. */
function expectEachOnce(world: Awaited<ReturnType<typeof killedWithQueuedCommands>>) {
  const { repo, ids } = world;
  expect(answers(repo, ids)).toEqual([
    { plusOnes: 1, replies: 0 },
    { plusOnes: 1, replies: 0 },
    { plusOnes: 0, replies: 1 },
    { plusOnes: 1, replies: 0 },
    { plusOnes: 1, replies: 0 },
  ]);
  const status = statusOf(repo, 2);
  expect(status).toHaveLength(1);
  const body = status[0]?.body ?? '';
  // Recorded once each (the status comment's record of accepted comments), bob's refused one not.
  expect(Object.keys(accepted(repo)).sort()).toEqual([0, 1, 3, 4].map((n) => String(ids[n])).sort());
  expect(body).toContain('**Summary:** Card payments fail at checkout');
  expect(body).toContain('Rotate the payment keys');
  expect(repo.issues.filter((i) => i.user === BOT_LOGIN && i.title.includes('Rotate the payment keys'))).toHaveLength(
    1,
  );
  // Bob cannot run commands: refused, not run.
  expect(repo.issues.find((i) => i.number === 2)?.labels.filter((l) => /high/i.test(l))).toEqual([]);
  // Older than the window: not run, not answered.
  expect(answers(repo, [world.tooOld])).toEqual([{ plusOnes: 0, replies: 0 }]);
  expect(body).not.toContain('also four days old');
  expect(statusOf(repo, 1)[0]?.body ?? '').not.toContain('typed four days ago');
}

describe('one process without Redis, SIGKILL with commands queued: none lost, none twice', () => {
  afterEach(async () => {
    for (const server of running.splice(0)) await kill(server);
    await github?.close();
    github = undefined;
  });

  it('control: restarted with the recovery off, the queued commands are lost', async () => {
    expect(existsSync('lib/server.js')).toBe(true);
    const world = await killedWithQueuedCommands();
    const restarted = world.sim.requests.length;
    await startServer({ COMMAND_RECOVERY_WINDOW: 'off' });
    // The start-up sweep has looked at the incident (its refresh pass read the status comment).
    expect(
      await until(() => world.sim.requests.slice(restarted).some((r) => r.path.endsWith('/issues/2/comments')), 30_000),
    ).toBe(true);
    await sleep(2_000);
    expect(() => expectEachOnce(world)).toThrow();
    expect(answers(world.repo, world.ids).every((a) => a.plusOnes === 0 && a.replies === 0)).toBe(true);
  });

  it('the start-up sweep runs each unhandled command once, oldest first, racing a redelivery; a second restart adds nothing', async () => {
    expect(existsSync('lib/server.js')).toBe(true);
    const world = await killedWithQueuedCommands();
    const { sim, repo, ids } = world;
    const restarted = sim.requests.length;
    const second = await startServer();
    // GitHub redelivers the oldest command's webhook (someone pressed "Redeliver") as the sweep starts.
    expect(await send(second, world.commands[0] as WebhookEvent)).toBe(200);
    expect(await until(() => answers(repo, ids).every((a) => a.plusOnes + a.replies > 0), 30_000)).toBe(true);
    const alices = [0, 1, 3, 4].map((n) => String(ids[n]));
    expect(await until(() => alices.every((id) => id in accepted(repo)), 30_000)).toBe(true);
    await sleep(1_500);
    expectEachOnce(world);
    // Oldest first: the 👍 were given in the order the comments were typed.
    const reacted = sim.requests
      .slice(restarted)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/reactions'))
      .map((r) => Number(/comments\/(\d+)\/reactions/.exec(r.path)?.[1]));
    expect(reacted).toEqual([...new Set(reacted)].sort((a, b) => a - b));
    // Within GitHub's budget: one listing of the window for the incident updated within it, none for the
    // incident untouched for four days.
    expect(recoveryListings(sim, 2, restarted)).toHaveLength(1);
    expect(recoveryListings(sim, 1, restarted)).toHaveLength(0);

    // A second restart (another SIGKILL): everything is recorded, so nothing is run or written again.
    await kill(second);
    const third = sim.requests.length;
    await startServer();
    // Waits for the start-up sweep to have looked (how many listings it took is not what this checks).
    expect(await until(() => recoveryListings(sim, 2, third).length >= 1, 30_000)).toBe(true);
    await sleep(2_000);
    expect(writesAfter(sim, third)).toEqual([]);
    expectEachOnce(world);
  });
});
