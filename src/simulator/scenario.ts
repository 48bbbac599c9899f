import { z } from 'zod';
import { bodyOfFile } from '../config/template-body.js';
import { parseDuration } from '../config/durations.js';
import { HumanActions } from './actions.js';
import type { AppOptions, PassRecord } from '../app/create-app.js';
import { SimulatorHarness } from './harness.js';
import { BOT_LOGIN, type Permission, type SimRepo, type WebhookEvent } from './state.js';

/**
 * A scenario: a repository, people, a config and a timeline of what people do. The runner plays it
 * against the real app on virtual time and reports every write the app made and the final state.
 */
const offset = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const minutes = typeof value === 'number' ? value / 60 : parseDuration(value);
  if (minutes === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an offset such as 90s, 15m, 6h, 3d or 1h30m` });
    return z.NEVER;
  }
  return Math.round(minutes * 60_000);
});

const by = z.string().min(1);
const eventSchema = z
  .strictObject({
    at: offset,
    issue: z.number().int().positive().optional(),
    by: by.optional(),
    open: z
      .strictObject({
        title: z.string(),
        body: z.string().optional(),
        body_file: z.string().optional(),
        labels: z.array(z.string()).default([]),
        by: by.optional(),
      })
      .optional(),
    tick: z.string().optional(),
    untick: z.string().optional(),
    edit_body: z.strictObject({ append: z.string().optional(), replace: z.string().optional() }).optional(),
    comment: z.string().optional(),
    label: z.string().optional(),
    unlabel: z.string().optional(),
    assign: z.string().optional(),
    close: z.union([z.literal(true), z.strictObject({ by: by.optional() })]).optional(),
    reopen: z.union([z.literal(true), z.strictObject({ by: by.optional() })]).optional(),
    redeliver: z.literal('last').optional(),
    merge: z.strictObject({ repo: z.string(), number: z.number().int().positive() }).optional(),
    reference_pull: z.string().optional(),
    /** A commit pushed to the default branch that sets these files (path -> text): GitHub's `push` webhook. */
    push: z.strictObject({ files: z.record(z.string(), z.string()), by: by.optional() }).optional(),
    restart: z.literal(true).optional(),
    wait: z.literal(true).optional(),
  })
  .refine(
    (e) =>
      [
        'open',
        'tick',
        'untick',
        'edit_body',
        'comment',
        'label',
        'unlabel',
        'assign',
        'close',
        'reopen',
        'redeliver',
        'merge',
        'reference_pull',
        'push',
        'restart',
        'wait',
      ].filter((k) => (e as Record<string, unknown>)[k] !== undefined).length === 1,
    {
      message:
        'each event needs exactly one of open, tick, untick, edit_body, comment, label, unlabel, assign, close, reopen, redeliver, merge, reference_pull, push, restart, wait',
    },
  );

const visibility = z.enum(['public', 'private', 'internal']);

export const scenarioSchema = z.strictObject({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, { message: 'must be "owner/name"' }),
  visibility: visibility.default('private'),
  repos: z
    .record(
      z.string(),
      z.strictObject({ visibility: visibility.default('private'), installed: z.boolean().default(true) }),
    )
    .default({}),
  start: z.string().datetime({ offset: true }),
  users: z.record(z.string(), z.enum(['none', 'read', 'triage', 'write', 'maintain', 'admin'])).default({}),
  config: z.string().optional(),
  files: z.record(z.string(), z.string()).default({}),
  events: z.array(eventSchema).min(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
type ScenarioEvent = Scenario['events'][number];

export interface SimulationResult {
  start: string;
  actions: Array<{ at: string; method: string; path: string; body: unknown }>;
  /** `--dry-run`: every pass that would have written, with the intents it would have executed. */
  dry_run?: Array<{ at: string } & PassRecord>;
  requests: { total: number; reads: number; writes: number };
  final: Record<string, unknown>;
  transcript: string[];
}

/** Token requests are the app authenticating, not something it did to GitHub. */
const isTokenRequest = (path: string): boolean => /^\/app\/installations\/\d+\/access_tokens$/.test(path);

function describeWrite(method: string, path: string, body: unknown): string {
  const text = typeof (body as { body?: unknown } | null)?.body === 'string' ? (body as { body: string }).body : '';
  const kind = /incident-responder:([a-z-]+)/.exec(text)?.[1];
  return `${method} ${path}${kind ? ` (${kind})` : ''}`;
}

function offsetText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const text = `${d > 0 ? `${d}d` : ''}${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${seconds > 0 ? `${seconds}s` : ''}`;
  return `+${text || '0s'}`;
}

export async function runScenario(params: {
  scenario: Scenario;
  readFile: (path: string) => Promise<string>;
  /** Shadow mode: the app writes nothing; the passes that would have are listed in `dry_run`. */
  dryRun?: boolean;
  metrics?: AppOptions['metrics'];
  /** Each incident pass, as its log line says it. */
  onPass?: (record: PassRecord) => void;
}): Promise<SimulationResult> {
  const { scenario } = params;
  const start = new Date(scenario.start);
  const passes: Array<{ at: string } & PassRecord> = [];
  const transcript: string[] = [];
  // Passes run only once events arrive (after create); the clock is the harness's.
  let clock: { now(): Date } = { now: () => start };
  const harness = await SimulatorHarness.create({
    start,
    dryRun: params.dryRun,
    metrics: params.metrics,
    onPass: (record) => {
      params.onPass?.(record);
      if (params.dryRun && record.intents.length > 0) {
        passes.push({ at: clock.now().toISOString(), ...record });
        const offsetMs = clock.now().getTime() - start.getTime();
        transcript.push(
          `${offsetText(offsetMs)}  app (dry run) would: ${record.intents.map((i) => i.kind).join(', ')} on #${record.issue}`,
        );
      }
    },
  });
  clock = harness.clock;
  const sim = harness.github;
  const human = new HumanActions(sim);
  const main = sim.addRepo(scenario.repo, scenario.visibility);
  for (const [name, repo] of Object.entries(scenario.repos))
    sim.addRepo(name, repo.visibility).installed = repo.installed;
  for (const [login, permission] of Object.entries(scenario.users)) {
    for (const repo of sim.repos.values())
      sim.setPermission(login, `${repo.owner}/${repo.name}`, permission as Permission);
  }
  if (scenario.config !== undefined) main.files['.github/incident.yml'] = scenario.config;
  for (const [key, text] of Object.entries(scenario.files)) {
    const [repoName = '', path = ''] = key.split(/:(.*)/s);
    const repo = sim.repo(...(repoName.split('/') as [string, string]));
    if (!repo) throw new Error(`files: "${key}" names a repository the scenario does not have`);
    repo.files[path] = text;
  }

  let seen = 0;
  const flushWrites = (): void => {
    for (const request of sim.requests.slice(seen)) {
      if (request.method !== 'GET' && !isTokenRequest(request.path)) {
        const offsetMs = Date.parse(request.at) - start.getTime();
        transcript.push(`${offsetText(offsetMs)}  app: ${describeWrite(request.method, request.path, request.body)}`);
      }
    }
    seen = sim.requests.length;
  };

  let current: number | null = null;
  let last: WebhookEvent | null = null;
  const events = [...scenario.events].sort((a, b) => a.at - b.at);
  for (const event of events) {
    await harness.advanceTo(new Date(start.getTime() + event.at));
    flushWrites();
    const actor = event.by ?? event.open?.by ?? event.push?.by ?? Object.keys(scenario.users)[0] ?? main.owner;
    const number = event.issue ?? current;
    const needIssue = (): number => {
      if (number === null)
        throw new Error(`the event at ${offsetText(event.at)} needs an issue: open one first or give "issue"`);
      return number;
    };
    const { webhook, text } = await apply({
      event,
      main,
      human,
      harness,
      actor,
      needIssue,
      readFile: params.readFile,
      last,
    });
    if (webhook?.name === 'issues' && webhook.payload.action === 'opened')
      current = (webhook.payload.issue as { number: number }).number;
    transcript.push(`${offsetText(event.at)}  ${text}`);
    if (webhook) {
      last = webhook;
      await harness.deliver(webhook);
    }
    await harness.settle();
    flushWrites();
  }
  harness.runtime.stop();

  const writes = sim.requests.filter((r) => r.method !== 'GET' && !isTokenRequest(r.path));
  return {
    start: scenario.start,
    actions: writes.map((r) => ({ at: r.at, method: r.method, path: r.path, body: r.body })),
    ...(params.dryRun ? { dry_run: passes } : {}),
    requests: {
      total: sim.requests.length,
      reads: sim.requests.filter((r) => r.method === 'GET').length,
      writes: writes.length,
    },
    final: sim.snapshot(),
    transcript,
  };
}

async function apply(params: {
  event: ScenarioEvent;
  main: SimRepo;
  human: HumanActions;
  harness: SimulatorHarness;
  actor: string;
  needIssue: () => number;
  readFile: (path: string) => Promise<string>;
  last: WebhookEvent | null;
}): Promise<{ webhook: WebhookEvent | null; text: string }> {
  const { event, main, human, actor } = params;
  if (event.open) {
    // A template file becomes the body GitHub would create from it (front matter off, forms rendered).
    const file = event.open.body_file;
    const body = event.open.body ?? (file ? bodyOfFile(file, await params.readFile(file)).replace(/^\s*\n/, '') : '');
    const { issue, event: webhook } = human.open(main, {
      title: event.open.title,
      body,
      labels: event.open.labels,
      by: actor,
    });
    return { webhook, text: `${actor} opened #${issue.number} "${issue.title}"` };
  }
  if (event.tick !== undefined || event.untick !== undefined) {
    const checked = event.tick !== undefined;
    const text = (event.tick ?? event.untick) as string;
    return {
      webhook: human.setChecked(main, params.needIssue(), { text, checked, by: actor }),
      text: `${actor} ${checked ? 'ticked' : 'unticked'} "${text}"`,
    };
  }
  if (event.edit_body) {
    const number = params.needIssue();
    const current = params.harness.github.issue(main, number)?.body ?? '';
    const body = event.edit_body.replace ?? `${current}${event.edit_body.append ?? ''}`;
    return {
      webhook: human.editBody(main, number, { body, by: actor }),
      text: `${actor} edited the body of #${number}`,
    };
  }
  if (event.comment !== undefined)
    return {
      webhook: human.comment(main, params.needIssue(), { body: event.comment, by: actor }),
      text: `${actor} commented: ${event.comment.split('\n')[0]}`,
    };
  if (event.label !== undefined)
    return {
      webhook: human.label(main, params.needIssue(), { name: event.label, by: actor }),
      text: `${actor} added the label "${event.label}"`,
    };
  if (event.unlabel !== undefined)
    return {
      webhook: human.unlabel(main, params.needIssue(), { name: event.unlabel, by: actor }),
      text: `${actor} removed the label "${event.unlabel}"`,
    };
  if (event.assign !== undefined)
    return {
      webhook: human.assign(main, params.needIssue(), { login: event.assign, by: actor }),
      text: `${actor} assigned ${event.assign}`,
    };
  if (event.close) {
    const who = event.close === true ? actor : (event.close.by ?? actor);
    return {
      webhook: human.close(main, params.needIssue(), { by: who }),
      text: `${who} closed #${params.needIssue()}`,
    };
  }
  if (event.reopen) {
    const who = event.reopen === true ? actor : (event.reopen.by ?? actor);
    return {
      webhook: human.reopen(main, params.needIssue(), { by: who }),
      text: `${who} reopened #${params.needIssue()}`,
    };
  }
  if (event.redeliver) {
    if (!params.last) throw new Error('redeliver: last needs an earlier event');
    return {
      webhook: params.last,
      text: `GitHub redelivered ${params.last.name}.${String(params.last.payload.action)} (${params.last.id})`,
    };
  }
  if (event.merge) {
    const repo = params.harness.github.repo(...(event.merge.repo.split('/') as [string, string]));
    if (!repo) throw new Error(`merge: no repository ${event.merge.repo}`);
    return {
      webhook: human.merge(repo, event.merge.number, { by: actor }),
      text: `${actor} merged ${event.merge.repo}#${event.merge.number}`,
    };
  }
  if (event.reference_pull !== undefined) {
    human.referenceFromPull(main, params.needIssue(), { title: event.reference_pull, by: actor });
    return {
      webhook: null,
      text: `${actor} opened a pull request referencing #${params.needIssue()}: ${event.reference_pull}`,
    };
  }
  if (event.push) {
    const who = event.push.by ?? actor;
    return {
      webhook: human.push(main, { files: event.push.files, by: who }),
      text: `${who} pushed ${Object.keys(event.push.files).join(', ')} to ${main.default_branch}`,
    };
  }
  if (event.restart) {
    await params.harness.restart();
    return { webhook: null, text: 'the app restarted (everything in memory lost)' };
  }
  return { webhook: null, text: 'time passes' };
}

export function formatTranscript(result: SimulationResult): string {
  const issues = Object.entries(result.final).flatMap(([repo, data]) =>
    (
      (data as { issues: Array<{ number: number; title: string; state: string; comments: Array<{ author: string }> }> })
        .issues ?? []
    ).map(
      (i) =>
        `  ${repo}#${i.number} "${i.title}": ${i.state}, ${i.comments.filter((c) => c.author === BOT_LOGIN).length} app comment(s)`,
    ),
  );
  return [
    `Scenario from ${result.start}`,
    ...result.transcript,
    '',
    `Requests: ${result.requests.total} (${result.requests.reads} reads, ${result.requests.writes} writes)`,
    'Final:',
    ...issues,
    '',
  ].join('\n');
}
