/**
 * `npm run bench`: the speed and memory targets of issue 6, measured over real HTTP on loopback.
 * Signed webhooks go into Probot's own server running incident-responder (or, for the baseline, a
 * no-op Probot app) in a child process; the app's API calls go to the GitHub simulator served over
 * HTTP from this process. `--json` prints one JSON object last. docs/performance.md records figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../config/load.js';
import { parseOptionsOf } from '../config/parse-options.js';
import { parseIncident } from '../domain/checklist.js';
import { HumanActions } from '../simulator/actions.js';
import { SimulatedGitHub, type SimRepo, type WebhookEvent } from '../simulator/state.js';
import type { BenchAppMode, BenchRequest, BenchStats } from './app-process.js';
import { startGitHubServer } from './github-server.js';
import { median, percentile, round } from './stats.js';

const SECRET = 'bench-secret';
/** GitHub's limit on an issue body: https://docs.github.com/en/rest/issues/issues#create-an-issue */
const MAX_BODY_CHARS = 65_536;
const INCIDENTS = 200;
const STEPS = 20;
const MEASURED_ROUNDS = 5;
const IN_FLIGHT = 32;
const MEMORY_INCIDENTS = 10_000;
const WARNINGS = 6;
/** plugin-throttling spaces notification-triggering writes 3 s apart; warnings further apart measure the app, not the queue. */
const WARNING_SPACING_MS = 4_000;

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

// ---- the app process ------------------------------------------------------------------------

interface AppProcess {
  port: number;
  ask(message: BenchRequest): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

async function startApp(params: { mode: BenchAppMode; githubUrl: string; privateKey: string; throttle: boolean }): Promise<AppProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./app-process.js', import.meta.url)), [], {
    // BENCH_CPU_PROFILE=DIR writes a V8 CPU profile of the app process there (open it in Chrome DevTools).
    execArgv: ['--expose-gc', ...(process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [])],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      BENCH_MODE: params.mode,
      BENCH_THROTTLE: params.throttle ? 'on' : 'off',
      BENCH_PRIVATE_KEY: params.privateKey,
      BENCH_WEBHOOK_SECRET: SECRET,
      BENCH_GITHUB_URL: params.githubUrl,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  let ready: (port: number) => void = () => undefined;
  const started = new Promise<number>((resolve) => (ready = resolve));
  child.on('message', (message: Record<string, unknown>) => {
    if (message.type === 'ready') return ready(Number(message.port));
    const index = waiting.findIndex((w) => w.type === message.type);
    if (index >= 0) waiting.splice(index, 1)[0]?.resolve(message);
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      process.stderr.write(`bench: the ${params.mode} process exited with ${code}\n`);
      process.exit(2);
    }
  });
  const port = await started;
  return {
    port,
    ask: (message) =>
      new Promise((resolve) => {
        waiting.push({ type: message.type, resolve });
        child.send(message);
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' } satisfies BenchRequest);
      }),
  };
}

// ---- webhooks ------------------------------------------------------------------------------

/** POSTs one signed webhook as GitHub does; resolves with the status and the time to the response. */
function post(port: number, event: WebhookEvent): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(event.payload);
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/github/webhooks',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-github-event': event.name,
          'x-github-delivery': event.id,
          'x-hub-signature-256': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends events with a bounded number in flight; returns the acknowledgement times. */
async function sendAll(port: number, events: readonly WebhookEvent[], inFlight = IN_FLIGHT): Promise<number[]> {
  const acks: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next++] as WebhookEvent;
      const { status, ms } = await post(port, event);
      if (status >= 300) throw new Error(`webhook ${event.name} answered ${status}`);
      acks.push(ms);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return acks;
}

// ---- scenarios -----------------------------------------------------------------------------

function checklist(steps: number): string {
  const lines = ['**Severity:** High', '', '## Response', ''];
  for (let i = 0; i < steps; i++) lines.push(`- [ ] \`${(i + 1) * 15} min\` Step ${i + 1}: do the thing number ${i + 1}`);
  lines.push('', '## After the incident', '', '- [ ] `2 days after resolution` Write the report');
  return lines.join('\n');
}

function openIncidents(params: { sim: SimulatedGitHub; human: HumanActions; repos: SimRepo[]; perRepo: number; body: (i: number) => string; createdAt?: (i: number) => Date }): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  let i = 0;
  for (const repo of params.repos) {
    for (let n = 0; n < params.perRepo; n++, i++) {
      const { issue, event } = params.human.open(repo, { title: `Incident ${i}`, body: params.body(i), labels: ['incident'], by: 'alice' });
      if (params.createdAt) {
        issue.created_at = params.createdAt(i).toISOString().replace(/\.\d{3}Z$/, 'Z');
        issue.updated_at = issue.created_at;
        events.push(params.sim.issueEvent(repo, issue, 'opened', 'alice'));
      } else {
        events.push(event);
      }
    }
  }
  return events;
}

function newSimulator(repoCount: number): { sim: SimulatedGitHub; human: HumanActions; repos: SimRepo[] } {
  const sim = new SimulatedGitHub(() => new Date());
  const repos = Array.from({ length: repoCount }, (_, i) => sim.addRepo(`acme/service-${i}`));
  for (const repo of repos) sim.setPermission('alice', `${repo.owner}/${repo.name}`, 'write');
  // Served over HTTP, the app's own writes do not come back as webhooks: drop them as they queue.
  sim.outbox = new Proxy([], { set: (target, key, value) => (key === 'length' ? Reflect.set(target, key, value) : true) });
  return { sim, human: new HumanActions(sim), repos };
}

const writesOf = (sim: SimulatedGitHub, from: number) => sim.requests.slice(from).filter((r) => r.method !== 'GET').length;

// ---- measurements --------------------------------------------------------------------------

function measureParse(): number {
  const options = parseOptionsOf(defaultConfig());
  const lines: string[] = ['**Severity:** High', ''];
  for (let i = 0; lines.join('\n').length < MAX_BODY_CHARS - 200; i++) {
    if (i % 25 === 0) lines.push('', `## Phase ${i / 25 + 1}`, '');
    lines.push(`- [ ] \`${(i % 12) + 1} hrs\` Step ${i}: check the **dashboards** and [runbook](https://example.com/${i}) for @team`);
  }
  const body = lines.join('\n').slice(0, MAX_BODY_CHARS);
  for (let i = 0; i < 5; i++) parseIncident({ body, options });
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    parseIncident({ body, options });
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measureThroughput(privateKey: string): Promise<Record<string, number>> {
  const { sim, human, repos } = newSimulator(4);
  const github = await startGitHubServer(sim);
  const opened = openIncidents({ sim, human, repos, perRepo: INCIDENTS / repos.length, body: () => checklist(STEPS) });
  const ticks = (round: number): WebhookEvent[] =>
    repos.flatMap((repo) => repo.issues.map((issue) => human.setChecked(repo, issue.number, { text: `Step ${round + 1}: do the thing number ${round + 1}`, checked: true, by: 'alice' })));

  const app = await startApp({ mode: 'app', githubUrl: github.url, privateKey, throttle: false });
  await sendAll(app.port, opened);
  await app.ask({ type: 'idle' });
  // Warm-up round: connections, JIT, caches.
  await sendAll(app.port, ticks(0));
  await app.ask({ type: 'idle' });

  // Each round ticks the next step of every incident; a round's ticks are made just before it is sent,
  // so the app reads each change as it happens.
  const requestsBefore = sim.requests.length;
  const started = performance.now();
  const acks: number[] = [];
  let events = 0;
  for (let r = 1; r <= MEASURED_ROUNDS; r++) {
    const round = ticks(r);
    events += round.length;
    acks.push(...(await sendAll(app.port, round)));
  }
  await app.ask({ type: 'idle' });
  const seconds = (performance.now() - started) / 1000;
  const requestsPerEvent = (sim.requests.length - requestsBefore) / events;

  // An edit outside the checklist: nothing visible changes, nothing is written.
  const writesBefore = sim.requests.length;
  const edits = repos.flatMap((repo) => repo.issues.map((issue) => human.editBody(repo, issue.number, { body: `Context: see the dashboard.\n\n${issue.body}`, by: 'alice' })));
  await sendAll(app.port, edits);
  await app.ask({ type: 'idle' });
  const unchangedWrites = writesOf(sim, writesBefore) / edits.length;
  await app.stop();

  // The same tick events into a no-op Probot app: the baseline.
  const noop = await startApp({ mode: 'noop', githubUrl: github.url, privateKey, throttle: false });
  await sendAll(noop.port, ticks(0));
  const noopEvents = Array.from({ length: MEASURED_ROUNDS }, (_, r) => ticks(r + 1 + MEASURED_ROUNDS)).flat();
  const noopStarted = performance.now();
  await sendAll(noop.port, noopEvents);
  const noopSeconds = (performance.now() - noopStarted) / 1000;
  await noop.stop();
  await github.close();
  return {
    events_per_s: events / seconds,
    noop_events_per_s: noopEvents.length / noopSeconds,
    requests_per_event: requestsPerEvent,
    writes_per_unchanged_event: unchangedWrites,
    ack_p99_ms: percentile(acks, 99),
  };
}

async function measureMemory(privateKey: string): Promise<{ rss: number; heap: number; idleRss: number; armed: number }> {
  const { sim, human, repos } = newSimulator(10);
  const github = await startGitHubServer(sim);
  const app = await startApp({ mode: 'app', githubUrl: github.url, privateKey, throttle: false });
  const { stats: idle } = (await app.ask({ type: 'stats' })) as { stats: BenchStats };
  const opened = openIncidents({ sim, human, repos, perRepo: MEMORY_INCIDENTS / repos.length, body: () => checklist(STEPS) });
  for (let i = 0; i < opened.length; i += 1_000) {
    await sendAll(app.port, opened.slice(i, i + 1_000));
    await app.ask({ type: 'idle' });
    sim.requests.length = 0;
  }
  const { stats } = (await app.ask({ type: 'stats' })) as { stats: BenchStats };
  await app.stop();
  await github.close();
  return { rss: stats.rssMb, heap: stats.heapUsedMb, idleRss: idle.rssMb, armed: stats.armed };
}

/** Deadline to warning comment, with retries and throttling on as in production. */
async function measureWarningLatency(privateKey: string): Promise<number> {
  const { sim, human, repos } = newSimulator(1);
  const github = await startGitHubServer(sim);
  const app = await startApp({ mode: 'app', githubUrl: github.url, privateKey, throttle: true });
  const posted = new Map<string, number>();
  const original = sim.requests.push.bind(sim.requests);
  sim.requests.push = (...items) => {
    for (const r of items) {
      const body = (r.body as { body?: unknown } | null)?.body;
      if (r.method === 'POST' && typeof body === 'string' && body.includes('incident-responder:overdue')) posted.set(r.path, Date.now());
    }
    return original(...items);
  };
  // Each incident's one-minute step falls due once all are open (their status comments, throttled,
  // take up to 3 s each), WARNING_SPACING_MS apart.
  // GitHub's times have whole seconds.
  const first = Math.ceil((Date.now() + WARNINGS * 3_000 + 5_000) / 1000) * 1000;
  const deadline = (i: number) => first + i * WARNING_SPACING_MS;
  const opened = openIncidents({ sim, human, repos, perRepo: WARNINGS, body: () => '- [ ] `1 min` Acknowledge', createdAt: (i) => new Date(deadline(i) - 60_000) });
  await sendAll(app.port, opened, 4);
  await app.ask({ type: 'idle' });
  const until = deadline(WARNINGS - 1) + 10_000;
  while (posted.size < WARNINGS && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  await app.stop();
  await github.close();
  const latencies = repos[0]?.issues.map((issue, i) => (posted.get(`/repos/acme/service-0/issues/${issue.number}/comments`) ?? Number.POSITIVE_INFINITY) - deadline(i)) ?? [];
  return percentile(latencies, 99);
}

// ---- main ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const say = (text: string) => (json ? undefined : process.stdout.write(`${text}\n`));
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

  // `--only parse|throughput|memory|warning` runs one part (the others report NaN), for profiling.
  const only = process.argv[process.argv.indexOf('--only') + 1];
  const runs = (part: string) => !process.argv.includes('--only') || only === part;

  say('parse: 65,536-character body…');
  const parse = runs('parse') ? measureParse() : Number.NaN;
  say(`throughput: ${INCIDENTS} incidents x ${MEASURED_ROUNDS} ticks, app and no-op…`);
  const throughput: Record<string, number> = runs('throughput') ? await measureThroughput(privateKey) : {};
  say(`memory: ${MEMORY_INCIDENTS.toLocaleString('en')} incidents armed…`);
  const memory = runs('memory') ? await measureMemory(privateKey) : { rss: Number.NaN, heap: Number.NaN, idleRss: Number.NaN, armed: 0 };
  say(`warning latency: ${WARNINGS} deadlines, throttling on…`);
  const warning = runs('warning') ? await measureWarningLatency(privateKey) : Number.NaN;

  const result = {
    parse_65k_ms: round(parse),
    events_per_s: round(throughput.events_per_s ?? Number.NaN, 1),
    noop_events_per_s: round(throughput.noop_events_per_s ?? Number.NaN, 1),
    requests_per_event: round(throughput.requests_per_event ?? Number.NaN),
    writes_per_unchanged_event: round(throughput.writes_per_unchanged_event ?? Number.NaN),
    ack_p99_ms: round(throughput.ack_p99_ms ?? Number.NaN),
    rss_mb_10k_incidents: round(memory.rss, 1),
    heap_mb_10k_incidents: round(memory.heap, 1),
    rss_mb_idle: round(memory.idleRss, 1),
    armed_incidents: memory.armed,
    warning_latency_ms: round(warning, 1),
    node: process.version,
  };
  const targets: Array<[string, boolean, string]> = [
    ['parse_65k_ms', result.parse_65k_ms < 20, '< 20'],
    ['events_per_s', result.events_per_s >= result.noop_events_per_s / 2, '>= half of noop_events_per_s'],
    ['requests_per_event', result.requests_per_event <= 3, '<= 3'],
    ['writes_per_unchanged_event', result.writes_per_unchanged_event === 0, '= 0'],
    ['ack_p99_ms', result.ack_p99_ms < 100, '< 100'],
    ['rss_mb_10k_incidents', result.rss_mb_10k_incidents < 300 && result.armed_incidents === MEMORY_INCIDENTS, `< 300 with ${MEMORY_INCIDENTS} armed`],
  ];
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result, targets_met: targets.every(([, ok]) => ok) })}\n`);
  } else {
    for (const [key, value] of Object.entries(result)) {
      const target = targets.find(([k]) => k === key);
      say(`${key.padEnd(28)} ${String(value).padStart(10)}   ${target ? `${target[1] ? 'ok  ' : 'MISS'} ${target[2]}` : ''}`);
    }
  }
  agent.destroy();
  process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});

