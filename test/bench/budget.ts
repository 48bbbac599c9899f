/**
 * The parts of `npm run bench` about GitHub's budget rather than CPU (issue 13), run in process on the
 * simulator and a virtual clock: what they measure is requests and GitHub-side time (when a warning
 * reaches GitHub after its deadline), which the machine's speed does not change. The real app runs (the
 * same Probot app, runtime and handlers); the simulator counts requests per installation as GitHub does
 * (a 304 to a conditional request is not counted) and, in the storm, enforces the secondary limits.
 */
import type { Probot } from 'probot';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type SimIssue, type SimRepo } from '../../src/simulator/state.js';
import { CONTENT_PER_MINUTE, WRITE_SPACING_MS } from '../../src/runtime/write-pacer.js';
import { percentile } from './stats.js';
// The passes load on first use (app/on-first-use.ts), which takes real time; `quiesce` below counts turns
// of the event loop on virtual time and would advance the clock past a storm whose passes are still
// loading. Loaded here, the first job finds them in the module cache.
import '../../src/app/incident-jobs.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday, 10:00 UTC
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---- the sweep: 50 repositories, 20 open incidents, 2,000 closed within the horizon -----------------

export const SWEEP_REPOS = 50;
export const SWEEP_OPEN = 20;
export const SWEEP_CLOSED = 2_000;

const SWEEP_BODY = [
  '## During the incident',
  '- [ ] `30 min` Acknowledge',
  '- [ ] `8 h` Post an update',
  '',
  '## After the incident',
  '- [ ] `10 days after resolution` Write the report',
].join('\n');

function counted(harness: SimulatorHarness): { counted: number; notModified: number } {
  return harness.github.totals();
}

async function sweepToTheEnd(harness: SimulatorHarness): Promise<number> {
  const sweeper = harness.runtime.sweeper;
  if (!sweeper) throw new Error('the sweep is off');
  let sweeps = 1;
  for (let result = await sweeper.sweepOnce(); !result.complete && sweeps < 50; sweeps++) {
    await harness.settle();
    result = await sweeper.sweepOnce();
  }
  await harness.settle();
  return sweeps;
}

/**
 * Cold: the first full sweep after a restart (every incident read once: the listing carries the issue,
 * the status comment is found on the first page), however many budget-limited sweeps it takes. Warm:
 * the next sweep, nothing having changed; steady: the one after (the same questions again: 304s).
 */
export async function measureSweep(): Promise<{
  cold: number;
  coldSweeps: number;
  warm: number;
  warm304: number;
  steady: number;
  steady304: number;
}> {
  const harness = await SimulatorHarness.create({ start: T0, sweep: true });
  // Counted, not enforced: setting up and sweeping 2,020 incidents twice within one virtual hour goes past
  // 5,000 requests, and the app would (rightly) slow down on the virtual clock, which only moves when told.
  harness.github.limits.limit = 1_000_000_000;
  const human = new HumanActions(harness.github);
  const repos = Array.from({ length: SWEEP_REPOS }, (_, i) => harness.github.addRepo(`acme/service-${i}`));
  for (const repo of repos) harness.github.setPermission('alice', `${repo.owner}/${repo.name}`, 'write');
  const day = 86_400_000;
  for (let i = 0; i < SWEEP_OPEN + SWEEP_CLOSED; i++) {
    const repo = repos[i % repos.length] as SimRepo;
    const { issue } = human.open(repo, { title: `Incident ${i}`, body: SWEEP_BODY, labels: ['incident'], by: 'alice' });
    const open = i < SWEEP_OPEN;
    // Closed within the 14-day horizon; open ones opened an hour ago.
    const created = open ? T0.getTime() - 3_600_000 : T0.getTime() - (2 + (i % 11)) * day;
    issue.created_at = iso(created);
    if (!open) {
      issue.state = 'closed';
      issue.state_reason = 'completed';
      issue.closed_at = iso(created + day / 2);
    }
    issue.updated_at = issue.closed_at ?? issue.created_at;
  }
  // The app sees every incident once (its status comments exist), then restarts: all memory lost.
  await sweepToTheEnd(harness);
  const before = counted(harness);
  // The restart's own sweep runs during boot; then it is finished.
  await harness.restart();
  const coldSweeps = await sweepToTheEnd(harness);
  const afterCold = counted(harness);
  await harness.runtime.sweeper?.sweepOnce();
  await harness.settle();
  const afterWarm = counted(harness);
  await harness.runtime.sweeper?.sweepOnce();
  await harness.settle();
  const afterSteady = counted(harness);
  harness.runtime.stop();
  return {
    cold: afterCold.counted - before.counted,
    coldSweeps: coldSweeps + 1,
    warm: afterWarm.counted - afterCold.counted,
    warm304: afterWarm.notModified - afterCold.notModified,
    steady: afterSteady.counted - afterWarm.counted,
    steady304: afterSteady.notModified - afterWarm.notModified,
  };
}

// ---- the storm: 500 deadlines in one minute across 10 installations -------------------------------

export const STORM_INSTALLATIONS = 10;
export const STORM_DEADLINES = 500;
const STORM_STEP_MINUTES = 20;
const STORM_BODY = [
  '## During the incident',
  `- [ ] \`${STORM_STEP_MINUTES} min\` Acknowledge`,
  '- [ ] `4 h` Post an update',
  '- [ ] `6 h` Tidy up',
].join('\n');

/**
 * Lets the in-process app run until it waits on a timer, delivering the webhooks its writes cause. Jobs
 * held back for a burst to pause wait in real time (src/runtime/job-queue.ts), not on the virtual clock.
 */
async function quiesce(harness: SimulatorHarness): Promise<void> {
  for (let idle = 0; idle < 30;) {
    await new Promise((resolve) => setImmediate(resolve));
    const next = harness.github.outbox.shift();
    if (next) {
      idle = 0;
      void harness.probot.receive({ id: next.id, name: next.name, payload: next.payload } as Parameters<
        Probot['receive']
      >[0]);
    } else if (harness.runtime.queue.holding()) {
      idle = 0;
      await new Promise((resolve) => setTimeout(resolve, 1));
    } else {
      idle += 1;
    }
  }
}

async function runUntil(harness: SimulatorHarness, end: number): Promise<void> {
  await quiesce(harness);
  await harness.clock.advanceTo(new Date(end), () => quiesce(harness));
}

const isWarning = (r: { method: string; body: unknown }): boolean =>
  r.method === 'POST' &&
  typeof (r.body as { body?: unknown } | null)?.body === 'string' &&
  (r.body as { body: string }).body.includes('incident-responder:overdue');

/**
 * 10 installations, 50 incidents each, whose first step falls due within the same minute; writes paced
 * by GitHub's guidance, the simulator enforcing the secondary limits. A warning's latency is from its
 * deadline to its POST reaching GitHub. Meanwhile an eleventh installation, idle, gets one tick: how
 * long until its status comment shows it.
 */
export async function measureStorm(): Promise<{
  p50: number;
  p99: number;
  max: number;
  bound: number;
  warnings: number;
  otherTickMs: number;
  refused: number;
  warningsBehindStatus: number;
  statusCaughtUp: number;
}> {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false, pacing: true });
  harness.github.limits.secondary = true;
  const human = new HumanActions(harness.github);
  const perInstallation = STORM_DEADLINES / STORM_INSTALLATIONS;
  const deadlines = new Map<string, number>();
  const opened: Array<Parameters<Probot['receive']>[0]> = [];
  const stormStart = T0.getTime() + 10 * 60_000 + STORM_STEP_MINUTES * 60_000;
  const add = (
    installationId: number,
    count: number,
    createdAt: (n: number) => number,
  ): { repo: SimRepo; issues: SimIssue[] } => {
    const repo = harness.github.addRepo(`org-${installationId}/service`);
    repo.installationId = installationId;
    harness.github.setPermission('alice', `${repo.owner}/${repo.name}`, 'write');
    const issues: SimIssue[] = [];
    for (let n = 0; n < count; n++) {
      const { issue } = human.open(repo, { title: `Alert ${n}`, body: STORM_BODY, labels: ['incident'], by: 'alice' });
      issue.created_at = iso(createdAt(n));
      issue.updated_at = issue.created_at;
      deadlines.set(`${repo.owner}/${repo.name}#${issue.number}`, createdAt(n) + STORM_STEP_MINUTES * 60_000);
      opened.push(harness.github.issueEvent(repo, issue, 'opened', 'alice') as Parameters<Probot['receive']>[0]);
      issues.push(issue);
    }
    return { repo, issues };
  };
  // 500 deadlines in one minute: spread over its 60 seconds, every installation alike
  // (BENCH_STORM_SPREAD_MS=0: all in the same second, the worst case for the queue).
  const spreadMs = Number(process.env.BENCH_STORM_SPREAD_MS ?? 60_000);
  for (let installation = 1; installation <= STORM_INSTALLATIONS; installation++)
    add(
      installation,
      perInstallation,
      (n) => stormStart - STORM_STEP_MINUTES * 60_000 + Math.floor((n * spreadMs) / perInstallation),
    );
  const idle = add(STORM_INSTALLATIONS + 1, 1, () => T0.getTime());
  // Every installation's token first: authenticating signs a JWT with Web Crypto, in real time, which
  // quiesce's count of event-loop turns on virtual time does not wait for. Without this the clock could
  // run past the whole storm while the first jobs waited for their tokens (0 warnings measured, now and
  // then, in full runs).
  for (let installation = 1; installation <= STORM_INSTALLATIONS + 1; installation++)
    await ((await harness.probot.auth(installation)) as { auth: (options: object) => Promise<unknown> }).auth({
      type: 'installation',
    });
  for (const event of opened) void harness.probot.receive(event);
  // Every incident opened (status comments written at a second apart per installation), well before the storm.
  await runUntil(harness, stormStart - 60_000);
  const from = harness.github.requests.length;
  // The idle installation's tick, 15 s into the storm.
  const tickAt = stormStart + 15_000;
  await runUntil(harness, tickAt);
  const idleIssue = idle.issues[0] as SimIssue;
  const tickFrom = harness.github.requests.length;
  void harness.probot.receive(
    human.setChecked(idle.repo, idleIssue.number, { text: 'Acknowledge', checked: true, by: 'alice' }) as Parameters<
      Probot['receive']
    >[0],
  );
  await runUntil(harness, stormStart + 15 * 60_000);
  harness.runtime.stop();

  const requests = harness.github.requests.slice(from);
  const latencies: number[] = [];
  for (const r of requests) {
    if (!isWarning(r)) continue;
    const match = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(r.path);
    const deadline = match ? deadlines.get(`${match[1]}#${match[2]}`) : undefined;
    if (deadline !== undefined) latencies.push(Date.parse(r.at) - deadline);
  }
  const tickWrite = harness.github.requests
    .slice(tickFrom)
    .find((r) => r.method === 'PATCH' && r.path.startsWith(`/repos/${idle.repo.owner}/${idle.repo.name}/`));
  // No warning behind a status edit: within an installation, a status edit never went while one of its warnings was due and not yet posted.
  let behind = 0;
  const posted = new Map<string, number>();
  for (const r of requests) if (isWarning(r)) posted.set(r.path, Date.parse(r.at));
  for (const r of requests) {
    if (r.method !== 'PATCH' || !/\/issues\/comments\/\d+$/.test(r.path)) continue;
    const owner = r.path.split('/')[2];
    const at = Date.parse(r.at);
    for (const [path, warnedAt] of posted) {
      if (path.split('/')[2] !== owner) continue;
      const match = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
      const deadline = match ? (deadlines.get(`${match[1]}#${match[2]}`) ?? 0) : 0;
      // Due at least a second (one write's spacing) before this edit, posted after it.
      if (deadline + WRITE_SPACING_MS < at && warnedAt > at) behind += 1;
    }
  }
  // Every status comment caught up: written after its incident's warning, within the run.
  const statusOf = new Map<string, string>();
  for (const issue of harness.github.repos.values())
    for (const i of issue.issues)
      for (const c of i.comments)
        if (c.user === BOT_LOGIN && c.body.includes('incident-responder:status'))
          statusOf.set(`${issue.owner}/${issue.name}#${i.number}`, c.updated_at);
  let caughtUp = 0;
  for (const [path, warnedAt] of posted) {
    const match = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    const updated = match ? statusOf.get(`${match[1]}#${match[2]}`) : undefined;
    if (updated && Date.parse(updated) >= warnedAt) caughtUp += 1;
  }
  // What GitHub's guidance allows the busiest installation: one write a second, 80 content-creating a minute.
  const bound = perInstallation * Math.max(WRITE_SPACING_MS, 60_000 / CONTENT_PER_MINUTE);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    bound,
    warnings: latencies.length,
    otherTickMs: tickWrite ? Date.parse(tickWrite.at) - tickAt : Number.POSITIVE_INFINITY,
    refused: requests.filter((r) => r.status === 403 || r.status === 429).length,
    warningsBehindStatus: behind,
    statusCaughtUp: caughtUp,
  };
}

export { BOT_LOGIN };

// ---- one incident's lifecycle, counted (issue 27) ---------------------------------------------------

const LIFECYCLE_BODY = [
  '**Severity:** High',
  '',
  '## During the incident',
  '- [ ] `immediately` Take the lead',
  '- [ ] `15 min` Open a bridge',
  '- [ ] `30 min` Post the first update',
  '- [ ] `45 min` Page the owning team',
  '- [ ] `1 h` Check the dashboards',
  '- [ ] `1 h` Roll back the deploy',
  '- [ ] `2 h` Confirm recovery',
  '- [ ] `2 h` Tell support',
  '- [ ] `3 h` Update the status page',
  '- [ ] `3 h` Close the bridge',
  '',
  '## After the incident',
  '- [ ] `2 days after resolution` Write the report',
].join('\n');

const LIFECYCLE_COMMANDS = [
  '/incident lead @alice',
  '/incident summary Checkout returns 500s for a third of requests',
  '/incident status Rolling back the 10:05 deploy',
  '/incident mitigated',
  '/incident note Error rate back to normal',
];

type Counted = { counted: number; notModified: number };
const minus = (a: Counted, b: Counted): Counted => ({
  counted: a.counted - b.counted,
  notModified: a.notModified - b.notModified,
});

/**
 * The lifecycle of issue 27, on the simulator with the sweep on (every 15 minutes) and the real app:
 * open; 10 ticks, one every 12 minutes (two deadlines pass unticked: two warnings); 5 commands between
 * them; closed by a person (the report pull request follows); then a day idle. Every counted request of
 * the installation, by phase. `floor`: the writes GitHub saw plus the reads no cache can save (the
 * config once, each command's comment and its author's permission, the report's inputs once).
 */
export async function measureLifecycle(): Promise<{
  requests: number;
  notModified: number;
  floor: number;
  phases: Record<string, number>;
}> {
  const harness = await SimulatorHarness.create({ start: T0, sweep: true });
  const repo = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] =
    'accepts_from: [acme/*]\nincoming:\n  reports:\n    path: reports/{date}-{slug}.md\n';
  reports.files['README.md'] = 'Incident reports\n';
  repo.files['.github/incident.yml'] = 'reports:\n  repo: acme/incident-reports\n';
  for (const r of ['acme/shop', 'acme/incident-reports']) harness.github.setPermission('alice', r, 'admin');
  const human = new HumanActions(harness.github);
  // Settle what booting did (the sweep's first pass over an empty repository).
  await harness.advanceTo(new Date(T0.getTime() + 1_000));
  const phases: Record<string, number> = {};
  let mark = harness.github.totals();
  const from = harness.github.requests.length;
  const phase = (name: string): void => {
    const now = harness.github.totals();
    phases[name] = (phases[name] ?? 0) + minus(now, mark).counted;
    mark = now;
  };
  const at = (minutes: number): number => T0.getTime() + minutes * 60_000;
  const { issue, event } = human.open(repo, {
    title: 'Checkout returns 500s',
    body: LIFECYCLE_BODY,
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  await harness.advanceTo(new Date(at(1)));
  phase('open');
  const steps = LIFECYCLE_BODY.split('\n')
    .filter((l) => l.startsWith('- [ ]') && !l.includes('after resolution'))
    .map((l) => l.replace(/^- \[ \] `[^`]+` /, ''));
  // Ticks every 12 minutes from minute 2 (the immediate and 15-minute steps pass unticked: warnings).
  for (const [n, text] of steps.entries()) {
    await harness.advanceTo(new Date(at(2 + n * 12) - 1));
    phase('wakes and sweeps');
    await harness.deliver(human.setChecked(repo, issue.number, { text, checked: true, by: 'alice' }));
    await harness.advanceTo(new Date(at(2 + n * 12) + 1_000));
    phase('ticks');
    const command = n % 2 === 0 ? LIFECYCLE_COMMANDS[n / 2] : undefined;
    if (command) {
      await harness.deliver(human.comment(repo, issue.number, { body: command, by: 'alice' }));
      await harness.advanceTo(new Date(at(2 + n * 12) + 60_000));
      phase('commands');
    }
  }
  const closedAt = harness.clock.now().getTime() + 60_000;
  await harness.advanceTo(new Date(closedAt - 1));
  phase('wakes and sweeps');
  await harness.deliver(human.close(repo, issue.number, { by: 'alice' }));
  await harness.advanceTo(new Date(closedAt + 5 * 60_000));
  phase('close and report');
  await harness.advanceTo(new Date(closedAt + 5 * 60_000 + 86_400_000));
  phase('a day idle');
  if (process.env.BENCH_REQUEST_MIX)
    process.stderr.write(
      `${issue.comments.map((c) => c.body.slice(-600)).join('\n----\n')}\n${reports.pulls.length} report pulls\n`,
    );
  harness.runtime.stop();
  const total = Object.values(phases).reduce((a, b) => a + b, 0);
  const requests = harness.github.requests.slice(from).filter((r) => !r.path.endsWith('/access_tokens'));
  const writes = requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql' && (r.status ?? 200) < 400).length;
  const reportReads = new Set(
    requests.filter((r) => r.method === 'GET' && r.path.startsWith('/repos/acme/incident-reports/')).map((r) => r.path),
  ).size;
  const floor = writes + 1 + 2 * LIFECYCLE_COMMANDS.length + reportReads;
  if (process.env.BENCH_REQUEST_MIX)
    for (const r of requests) process.stderr.write(`${r.at} ${r.method} ${r.path} ${r.status ?? ''}\n`);
  return {
    requests: total,
    notModified: minus(harness.github.totals(), { counted: 0, notModified: 0 }).notModified,
    floor,
    phases,
  };
}

/**
 * One command (`/incident lead`) on an incident with 2,500 comments: counted requests of its pass (the
 * comment by id, the commenter's permission, the assignment, the 👍, the status edit; no listing).
 */
export async function measureCommandOnLongIssue(): Promise<number> {
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const repo = harness.github.addRepo('acme/shop', 'private');
  harness.github.setPermission('alice', 'acme/shop', 'write');
  const human = new HumanActions(harness.github);
  const { issue, event } = human.open(repo, {
    title: 'Checkout returns 500s',
    body: LIFECYCLE_BODY,
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(event);
  await harness.settle();
  for (let i = 0; i < 2_500; i++) human.comment(repo, issue.number, { body: `update ${i}`, by: 'alice' });
  await harness.clock.advanceTo(new Date(T0.getTime() + 60_000), () => harness.settle());
  const before = harness.github.totals();
  await harness.deliver(human.comment(repo, issue.number, { body: '/incident lead @alice', by: 'alice' }));
  await harness.settle();
  const spent = harness.github.totals().counted - before.counted;
  harness.runtime.stop();
  return spent;
}
