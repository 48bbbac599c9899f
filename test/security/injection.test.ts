/**
 * An injection corpus pushed, end to end through the simulator, into every field of an incident that the
 * app renders somewhere: the issue title, the body's fields, section heading, steps and action items, a
 * severity label, every `/incident` command that takes text or a login, an unknown verb, and the title of
 * a pull request that references the incident. Then every text the app wrote is inspected: every comment
 * and comment edit, follow-up issue, report pull request, committed report file and commit message, taken
 * from the simulator's request log (so intermediate versions count too) and from the final state.
 *
 * Inputs are clamped to what GitHub accepts (titles: one line of at most 256 characters; bodies and
 * comments: at most 65,536 characters; labels: 50), so a failure here is a failure with a legal input.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import MarkdownIt from 'markdown-it';
import { readMarkerJson, type MarkerKind } from '../../src/domain/incident/markers.js';
import { HumanActions } from '../../src/simulator/actions.js';
import { SimulatorHarness } from '../../src/simulator/harness.js';
import { BOT_LOGIN, type RecordedRequest, type SimIssue, type SimRepo } from '../../src/simulator/state.js';
import { REPORTS_CONSENT } from '../helpers/consent.js';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** GitHub's limits: https://docs.github.com/en/rest/issues (a body is at most 65,536 characters, a title 256). */
const MAX_BODY = 65_536;
const MAX_TITLE = 256;
const MAX_LABEL = 50;

/** 70,000 characters, dense with what escaping expands (mentions, references, HTML), so length bounds show. */
const LONG_LINE = '@a #1 <i> '.repeat(7_000);

const CORPUS: ReadonlyArray<readonly [name: string, text: string]> = [
  ['handlebars expression', "{{constructor.constructor('return process')()}}"],
  ['handlebars block', '{{#each this}}x{{/each}}'],
  ['__proto__', '__proto__'],
  ['prototype JSON', '{"__proto__":{"polluted":1}}'],
  ['constructor', 'constructor'],
  ['status marker', '<!-- incident-responder:status {"x":1} -->'],
  ['overdue marker', '<!-- incident-responder:overdue {"keys":["a"]} -->'],
  ['follow-up marker', '<!-- incident-responder:follow-up {"incident":"acme/shop#1","item":"x"} -->'],
  ['report marker', '<!-- incident-responder:report {"incident":"acme/shop#1"} -->'],
  ['user mention', '@alice'],
  ['team mention', '@acme/oncall'],
  ['@everyone', '@everyone'],
  ['details and script', '</details><script>alert(1)</script>'],
  ['details close', '</details>'],
  ['issue reference', '#123'],
  ['cross-repository reference', 'acme/other#5'],
  ['GH- reference', 'GH-12'],
  ['70,000-character line', LONG_LINE],
  ['backticks', 'a `code` b ``two`` c `unclosed'],
  ['code fence', '```\n/incident resolved\n```'],
  ['table pipes', '| table | pipe |'],
  ['javascript link', '[link](javascript:alert(1))'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['markdown image', '![x](https://evil.example/x.png)'],
  ['newline-heavy', 'first\n\n\n\nsecond\r\n\r\nthird\n- [ ] injected `1 min`\n\n## Injected heading\n\n\n\nlast'],
  ['RTL override', 'evil\u202etxt.exe'],
  ['null byte', 'before\u0000after'],
];

// ---------------------------------------------------------------------------------------------------------
// Inputs as GitHub would take them.

/** A title as GitHub keeps it: one line, at most 256 characters. */
const asTitle = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, MAX_TITLE);
const asLabel = (text: string): string => `severity: ${text}`.replace(/[\r\n,]+/g, ' ').slice(0, MAX_LABEL);
/** A comment `prefix + text`, cut so the whole comment fits GitHub's limit. */
const asComment = (prefix: string, text: string): string => `${prefix}${text}`.slice(0, MAX_BODY);

/** The incident body with `text` in every field the parser reads; each use cut so the body fits 65,536. */
function incidentBody(text: string): string {
  const parts = (t: string): string[] => [
    `**Severity:** ${t}`,
    `**Summary:** ${t}`,
    `**Impact:** ${t}`,
    '',
    `## ${t}`,
    '',
    `- [ ] \`30 min\` ${t}`,
    `- [ ] For High incidents, ${t}`,
    '',
    '## Action items',
    '',
    `- [ ] ${t}`,
    '',
  ];
  const uses = parts('\u0001').join('\n').split('\u0001').length - 1;
  const skeleton = parts('').join('\n').length;
  const each = Math.floor((MAX_BODY - skeleton) / uses);
  return parts(text.slice(0, each)).join('\n');
}

/** Steps of 16 characters each (`- [ ] \`1 min\` s`): a body well under GitHub's limit. */
const MANY_STEPS = 1_500;

/** Every command whose argument the app reads, plus an unknown verb (`/incident TEXT`). */
const COMMANDS = [
  'summary',
  'impact',
  'status',
  'note',
  'action',
  'lead',
  'scribe',
  'comms',
  'severity',
  'start',
  '',
] as const;

// ---------------------------------------------------------------------------------------------------------
// The checker.

const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;
const MARKER_LINE = /^<!-- incident-responder:([a-z-]+)(?: (.*?))? -->\n/;

export interface Expectation {
  /** The marker the body must start with; null: no marker and no HTML comment at all. */
  marker: MarkerKind | null;
  /** Text the app puts right after its marker on purpose (a mention, a link to the incident). */
  intended?: RegExp;
  /** Raw HTML the app writes itself in this kind of body (the status comment's table and details). */
  html?: { inline: RegExp; block: RegExp };
  /** GitHub's limit for this kind of body; files have none worth checking here. */
  maxLength?: number;
}

const STATUS_HTML = { inline: /^<\/?(?:br|sub)>$/, block: /^(?:<details><summary>[^<>]*<\/summary>|<\/details>)$/ };

function around(text: string, index: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 30), index + 40));
}

/** What GitHub would show as text (outside code), from markdown-it's HTML: comments, code and tags removed. */
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<pre[\s\S]*?<\/pre>/g, '')
    .replace(/<code>[\s\S]*?<\/code>/g, '')
    .replace(/<[^<>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Mentions, references, forged markers, a template evaluated: checks shared by markdown and plain text. */
function liveText(text: string, where: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/@[a-z\d]/gi)) problems.push(`${where}: live mention ¦ ${around(text, m.index)}`);
  for (const m of text.matchAll(/#\d/g)) problems.push(`${where}: live issue reference ¦ ${around(text, m.index)}`);
  for (const m of text.matchAll(/\bGH-\d/gi)) problems.push(`${where}: live GH- reference ¦ ${around(text, m.index)}`);
  if (/\[object |function \w*\(|process\.(?:env|exit)/.test(text))
    problems.push(`${where}: looks like template code was evaluated`);
  return problems;
}

/** Problems of one markdown body the app wrote (a comment, an issue or pull request body, a report file). */
export function checkMarkdown(text: string, where: string, expected: Expectation): string[] {
  const problems: string[] = [];
  const max = expected.maxLength ?? MAX_BODY;
  if (text.length > max) problems.push(`${where}: over GitHub's ${max} characters ¦ ${text.length}`);
  // (c) markers: exactly the app's own, once, at the very start; no other HTML comment opens or closes.
  const opens = text.split('<!--').length - 1;
  const closes = (text.match(/--!?>/g) ?? []).length;
  let rest = text;
  if (expected.marker) {
    const m = MARKER_LINE.exec(text);
    if (!m) problems.push(`${where}: does not start with the app's marker`);
    else {
      if (m[1] !== expected.marker)
        problems.push(`${where}: starts with a ${m[1]} marker, expected ${expected.marker}`);
      if (m[2] !== undefined && readMarkerJson(text, expected.marker) === undefined)
        problems.push(`${where}: its marker's data is not JSON`);
      rest = text.slice(m[0].length);
    }
    if (opens !== 1 || closes !== 1)
      problems.push(`${where}: comment openings/closings other than the marker's one each ¦ ${opens}/${closes}`);
  } else if (opens !== 0 || closes !== 0) {
    problems.push(`${where}: has an HTML comment delimiter, expected none`);
  }
  if (expected.intended) {
    const m = expected.intended.exec(rest);
    if (m?.index === 0) rest = rest.slice(m[0].length);
    else problems.push(`${where}: the app's own opening (${expected.intended.source}) is missing`);
  }
  // (d) raw HTML: only what the app writes itself; no images; links only to GitHub.
  const walk = (tokens: ReturnType<typeof md.parse>): void => {
    for (const token of tokens) {
      if (token.type === 'html_inline' && !expected.html?.inline.test(token.content))
        problems.push(`${where}: raw HTML ¦ ${JSON.stringify(token.content.slice(0, 60))}`);
      if (token.type === 'html_block' && !expected.html?.block.test(token.content.trim()))
        problems.push(`${where}: raw HTML block ¦ ${JSON.stringify(token.content.slice(0, 60))}`);
      if (token.type === 'image') problems.push(`${where}: an image ¦ ${token.attrGet('src')}`);
      if (token.type === 'link_open' && !/^https:\/\/github\.com\//.test(token.attrGet('href') ?? ''))
        problems.push(`${where}: a link outside GitHub ¦ ${token.attrGet('href')}`);
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(rest, {}));
  const html = md.render(rest);
  for (const m of html.matchAll(/<(?:script|img|iframe|svg|style|object|embed|input)\b/gi))
    problems.push(`${where}: renders a dangerous element ¦ ${around(html, m.index)}`);
  if (/<\/details>\s*<script/i.test(html)) problems.push(`${where}: </details><script> survives`);
  // (a), (b): no mention or reference GitHub would act on, outside code.
  problems.push(...liveText(visibleText(html), where));
  // A table keeps its columns: every row has as many unescaped pipes as its header.
  let header: number | null = null;
  for (const line of rest.split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const pipes = (line.match(/(?<!\\)\|/g) ?? []).length;
    header ??= pipes;
    if (pipes !== header)
      problems.push(
        `${where}: a table row with more or fewer cells than its header ¦ ${pipes} vs ${header}: ${JSON.stringify(line.slice(0, 80))}`,
      );
  }
  return problems;
}

/** Problems of a plain-text field the app wrote (a pull request title, a commit message). */
export function checkPlain(text: string, where: string, max: number): string[] {
  const problems = liveText(text, where);
  if (text.length > max) problems.push(`${where}: over GitHub's ${max} characters ¦ ${text.length}`);
  if (text.includes('<!--') || /--!?>/.test(text)) problems.push(`${where}: has an HTML comment delimiter`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// The run: one simulated GitHub, one incident per corpus entry, all driven in lock step.

interface Incident {
  name: string;
  text: string;
  issue: SimIssue;
  title: string;
  /** Comment id -> the command comment's body. */
  commands: Map<number, string>;
}

interface Run {
  harness: SimulatorHarness;
  /** An incident whose body is MANY_STEPS one-character steps. */
  manySteps: SimIssue;
  shop: SimRepo;
  reports: SimRepo;
  incidents: Incident[];
  errors: unknown[];
  prototypeBefore: string[];
}

let run: Run;

beforeAll(async () => {
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const harness = await SimulatorHarness.create({ start: T0, sweep: false });
  const errors: unknown[] = [];
  const log = harness.probot.log;
  const error = log.error.bind(log);
  log.error = ((...args: Parameters<typeof log.error>) => {
    errors.push(args[0]);
    error(...args);
  }) as typeof log.error;

  const shop = harness.github.addRepo('acme/shop', 'private');
  const reports = harness.github.addRepo('acme/incident-reports', 'private');
  reports.files['.github/incident.yml'] = REPORTS_CONSENT;
  reports.files['README.md'] = 'Incident reports\n';
  shop.files['.github/incident.yml'] = 'reports:\n  repo: acme/incident-reports\n';
  for (const login of ['alice', 'bob']) {
    harness.github.setPermission(login, 'acme/shop', 'write');
    harness.github.setPermission(login, 'acme/incident-reports', 'write');
  }
  const human = new HumanActions(harness.github);

  const incidents: Incident[] = [];
  for (const [name, text] of CORPUS) {
    const title = asTitle(text);
    const { issue, event } = human.open(shop, {
      title,
      body: incidentBody(text),
      labels: ['incident', asLabel(text)],
      by: 'alice',
    });
    incidents.push({ name, text, issue, title, commands: new Map() });
    await harness.deliver(event);
  }
  const manySteps = human.open(shop, {
    title: 'Many steps',
    body: '- [ ] `1 min` s\n'.repeat(MANY_STEPS),
    labels: ['incident'],
    by: 'alice',
  });
  await harness.deliver(manySteps.event);
  await harness.settle();

  await harness.advanceTo(at(1));
  const say = async (incident: Incident, body: string): Promise<void> => {
    const webhook = human.comment(shop, incident.issue.number, { body, by: 'alice' });
    incident.commands.set(incident.issue.comments.at(-1)?.id ?? -1, body);
    await harness.deliver(webhook);
  };
  for (const incident of incidents) await say(incident, '/incident lead @alice');
  for (const verb of COMMANDS) {
    for (const incident of incidents)
      await say(incident, asComment(verb ? `/incident ${verb} ` : '/incident ', incident.text));
    await harness.settle();
  }
  for (const incident of incidents) await say(incident, '/incident severity low');
  await harness.settle();

  await harness.advanceTo(at(2));
  for (const incident of incidents)
    human.referenceFromPull(shop, incident.issue.number, { title: asTitle(incident.text), by: 'bob' });

  // Body action items settle (2 min), the `30 min` steps go overdue, then every incident is resolved.
  await harness.advanceTo(at(35));
  await harness.advanceTo(at(45));
  for (const incident of incidents) await harness.deliver(human.close(shop, incident.issue.number, { by: 'alice' }));
  await harness.deliver(human.close(shop, manySteps.issue.number, { by: 'alice' }));
  await harness.settle();
  run = { harness, shop, reports, incidents, errors, prototypeBefore, manySteps: manySteps.issue };
}, 60_000);

// ---------------------------------------------------------------------------------------------------------
// What the app wrote.

interface Written {
  /** Where, for messages: `POST /repos/acme/shop/issues/3/comments`. */
  where: string;
  /** The incident's number in acme/shop, when known. */
  incident: number | null;
  kind: 'comment' | 'issue' | 'pull' | 'file' | 'commit';
  title?: string;
  text: string;
}

const byApp = (i: { user: string }): boolean => i.user === BOT_LOGIN;

function incidentOfMarker(body: string | undefined, kind: 'follow-up' | 'report'): number | null {
  const data = readMarkerJson(body, kind) as { incident?: string } | undefined;
  const m = /^acme\/shop#(\d+)$/.exec(data?.incident ?? '');
  return m ? Number(m[1]) : null;
}

function incidentOfFile(text: string): number | null {
  const m = /^incident: "acme\/shop#(\d+)"$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** Known write routes; any other write fails the run, so a new kind of write cannot escape the checks. */
const WRITE_ROUTES: ReadonlyArray<[RegExp, (r: RecordedRequest, b: Record<string, unknown>) => Written[]]> = [
  [
    /^\/repos\/acme\/shop\/issues\/(\d+)\/comments$/,
    (r, b) => [
      {
        where: `${r.method} ${r.path}`,
        incident: Number(/issues\/(\d+)/.exec(r.path)?.[1]),
        kind: 'comment',
        text: String(b.body),
      },
    ],
  ],
  [
    /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/,
    (r, b) => {
      const id = Number(/comments\/(\d+)/.exec(r.path)?.[1]);
      const issue = run.shop.issues.find((i) => i.comments.some((c) => c.id === id));
      return [
        { where: `${r.method} ${r.path}`, incident: issue?.number ?? null, kind: 'comment', text: String(b.body) },
      ];
    },
  ],
  [
    /^\/repos\/acme\/shop\/issues$/,
    (r, b) => [
      {
        where: `${r.method} ${r.path}`,
        incident: incidentOfMarker(String(b.body), 'follow-up'),
        kind: 'issue',
        title: String(b.title),
        text: String(b.body),
      },
    ],
  ],
  // The app updates an incident only to close it (`/incident resolved`); a body or title would be checked.
  [
    /^\/repos\/acme\/shop\/issues\/\d+$/,
    (r, b) =>
      typeof b.body === 'string' || typeof b.title === 'string'
        ? [
            {
              where: `${r.method} ${r.path}`,
              incident: Number(/issues\/(\d+)/.exec(r.path)?.[1]),
              kind: 'issue',
              title: String(b.title ?? ''),
              text: String(b.body ?? ''),
            },
          ]
        : [],
  ],
  [
    /^\/repos\/acme\/incident-reports\/pulls$/,
    (r, b) => [
      {
        where: `${r.method} ${r.path}`,
        incident: incidentOfMarker(String(b.body), 'report'),
        kind: 'pull',
        title: String(b.title),
        text: String(b.body),
      },
    ],
  ],
  [
    /^\/repos\/acme\/incident-reports\/pulls\/\d+$/,
    (r, b) => {
      const pull = run.reports.pulls.find((p) => p.number === Number(/pulls\/(\d+)/.exec(r.path)?.[1]));
      return [
        {
          where: `${r.method} ${r.path}`,
          incident: incidentOfMarker(pull?.body, 'report'),
          kind: 'pull',
          title: String(b.title ?? pull?.title),
          text: String(b.body ?? pull?.body),
        },
      ];
    },
  ],
  [
    /^\/repos\/acme\/incident-reports\/git\/trees$/,
    (r, b) =>
      ((b.tree as Array<{ path: string; content?: string }>) ?? [])
        .filter((e) => typeof e.content === 'string')
        .map((e) => ({
          where: `${r.method} ${r.path} ${e.path}`,
          incident: incidentOfFile(e.content ?? ''),
          kind: 'file' as const,
          text: e.content ?? '',
        })),
  ],
  [
    /^\/repos\/acme\/incident-reports\/git\/commits$/,
    (r, b) => {
      const files = run.reports.git?.trees.get(String(b.tree)) ?? {};
      const report = Object.entries(files).find(([path]) => path.startsWith('reports/'))?.[1] ?? '';
      return [
        { where: `${r.method} ${r.path}`, incident: incidentOfFile(report), kind: 'commit', text: String(b.message) },
      ];
    },
  ],
  [/^\/repos\/acme\/shop\/issues\/\d+\/(?:labels(?:\/.*)?|assignees|sub_issues)$/, () => []],
  [/^\/repos\/acme\/shop\/issues\/comments\/\d+\/reactions$/, () => []],
  [
    /^\/repos\/acme\/incident-reports\/(?:git\/refs(?:\/.*)?|issues\/\d+\/labels|pulls\/\d+\/requested_reviewers)$/,
    () => [],
  ],
  [/^\/graphql$|^\/app\/installations\/\d+\/access_tokens$/, () => []],
];

function writes(): { written: Written[]; unknown: string[] } {
  const written: Written[] = [];
  const unknown: string[] = [];
  for (const request of run.harness.github.requests) {
    if (request.method === 'GET') continue;
    const route = WRITE_ROUTES.find(([re]) => re.test(request.path));
    if (!route) unknown.push(`${request.method} ${request.path}`);
    else written.push(...route[1](request, (request.body ?? {}) as Record<string, unknown>));
  }
  return { written, unknown };
}

/** Logins the app may mention on purpose in an overdue warning: role holders, assignees, the author. */
function mentionable(issue: SimIssue): Set<string> {
  const status = issue.comments.find((c) => byApp(c) && c.body.startsWith('<!-- incident-responder:status'));
  const roles =
    (readMarkerJson(status?.body, 'status') as { roles?: Record<string, string | null> } | undefined)?.roles ?? {};
  return new Set(
    [...Object.values(roles).filter((r): r is string => typeof r === 'string'), ...issue.assignees, issue.user].map(
      (l) => l.toLowerCase(),
    ),
  );
}

/**
 * Problems grouped as `where: what`, with the first example and a count: one line per kind of problem
 * and place. `generic` also folds numbers in the place (every reply, every status version, ...).
 */
function summarise(problems: readonly string[], generic = false): string[] {
  const groups = new Map<string, { example: string; count: number }>();
  for (const problem of problems) {
    const [head = '', example = ''] = problem.split(' ¦ ');
    const key = generic ? head.replace(/\d+/g, 'N') : head;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { example, count: 1 });
  }
  return [...groups].map(
    ([key, g]) => `${key}${g.example ? ` ¦ e.g. ${g.example}` : ''}${g.count > 1 ? ` (×${g.count})` : ''}`,
  );
}

/** The marker's data makes sense for its kind and incident. */
function markerData(kind: MarkerKind, data: unknown, issue: SimIssue | undefined): string[] {
  const d = (data ?? {}) as Record<string, unknown>;
  const ref = `acme/shop#${issue?.number}`;
  switch (kind) {
    case 'status':
      return d.v === 1 && typeof d.roles === 'object' ? [] : ['its marker holds no metadata'];
    case 'overdue':
      return Array.isArray(d.keys) && d.keys.every((k) => typeof k === 'string')
        ? []
        : ['its marker holds no warning keys'];
    case 'reply': {
      const id = typeof d.comment === 'string' ? Number(d.comment.replace(/^(report|index)-/, '')) : d.comment;
      return issue?.comments.some((c) => c.id === id && !byApp(c))
        ? []
        : ['its marker names no command comment of the incident'];
    }
    case 'follow-up':
      return d.incident === ref && typeof d.item === 'string'
        ? []
        : [`its marker names ${String(d.incident)}, not ${ref}`];
    case 'report':
      return d.incident === ref ? [] : [`its marker names ${String(d.incident)}, not ${ref}`];
    case 'index':
      return typeof d.reports === 'number' ? [] : ['its marker holds no report count'];
    case 'maintenance':
      return data === null || data === undefined ? [] : ['its marker holds data it never carries'];
  }
}

const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every problem in what the app wrote, from the request log (every version) and the final state. */
function problemsOf(written: readonly Written[], incident: Incident | null): string[] {
  const problems: string[] = [];
  const ref = (n: number | null) => `acme/shop#${n ?? '?'}`;
  for (const w of written) {
    if (w.kind === 'comment') {
      // What the comment is, from what it says (not from its marker, which is what is being checked).
      const kind: MarkerKind =
        w.where.startsWith('PATCH') || /^.*\n### Incident status: /.test(w.text)
          ? 'status'
          : /^.*\n🔴 /.test(w.text)
            ? 'overdue'
            : 'reply';
      const issue = run.shop.issues.find((i) => i.number === w.incident);
      const allowed = issue ? mentionable(issue) : new Set<string>();
      problems.push(...markerData(kind, readMarkerJson(w.text, kind), issue).map((p) => `${w.where} (${kind}): ${p}`));
      // A reply pings the commenter (every command here is alice's); a warning pings role holders.
      const intended = kind === 'reply' ? /@alice / : kind === 'overdue' ? /🔴 (?:@[a-z\d-]+ )*/i : undefined;
      if (kind === 'overdue') {
        const mentions = [
          ...(/^🔴 ((?:@[a-z\d-]+ )*)/i.exec(w.text.slice(w.text.indexOf('\n') + 1))?.[1] ?? '').matchAll(
            /@([a-z\d-]+)/gi,
          ),
        ].map((m) => m[1] ?? '');
        for (const login of mentions)
          if (!LOGIN.test(login) || !allowed.has(login.toLowerCase()))
            problems.push(`${w.where}: the warning mentions someone holding no role in the incident ¦ @${login}`);
      }
      problems.push(
        ...checkMarkdown(w.text, `${w.where} (${kind})`, {
          marker: kind,
          intended,
          html: kind === 'status' ? STATUS_HTML : undefined,
        }),
      );
    } else if (w.kind === 'issue') {
      const intended = new RegExp(
        `Follow-up of incident ${escapeRe(ref(w.incident))} \\(https://github\\.com/acme/shop/issues/${w.incident}\\)`,
      );
      problems.push(
        ...markerData(
          'follow-up',
          readMarkerJson(w.text, 'follow-up'),
          run.shop.issues.find((i) => i.number === w.incident),
        ).map((p) => `${w.where}: ${p}`),
      );
      problems.push(...checkMarkdown(w.text, `${w.where} body`, { marker: 'follow-up', intended }));
      // An issue title is plain text: GitHub renders no markdown or HTML in it and notifies nobody it
      // names. The app keeps the item as typed (mentions removed); only GitHub's limits apply.
      if (w.title !== undefined && (w.title.length > MAX_TITLE || /[\r\n]/.test(w.title)))
        problems.push(`${w.where} title: over GitHub's ${MAX_TITLE} characters or several lines ¦ ${w.title.length}`);
    } else if (w.kind === 'pull') {
      const intended = new RegExp(
        `The incident report of \\[${escapeRe(ref(w.incident))}\\]\\(https://github\\.com/acme/shop/issues/${w.incident}\\)`,
      );
      problems.push(
        ...markerData(
          'report',
          readMarkerJson(w.text, 'report'),
          run.shop.issues.find((i) => i.number === w.incident),
        ).map((p) => `${w.where}: ${p}`),
      );
      problems.push(...checkMarkdown(w.text, `${w.where} body`, { marker: 'report', intended }));
      problems.push(...checkPlain(w.title ?? '', `${w.where} title`, MAX_TITLE));
    } else if (w.kind === 'file') {
      const end = w.text.indexOf('\n---\n', 4);
      if (!w.text.startsWith('---\n') || end === -1) problems.push(`${w.where}: no YAML front matter`);
      problems.push(
        ...checkMarkdown(w.text.slice(end + 5), `${w.where} (markdown after the front matter)`, {
          marker: null,
          maxLength: Infinity,
        }),
      );
    } else {
      problems.push(...checkPlain(w.text, `${w.where} message`, Number.MAX_SAFE_INTEGER));
    }
  }
  if (incident) {
    // The final state, in case something was written another way than the routes above.
    for (const c of incident.issue.comments.filter(byApp))
      if (!written.some((w) => w.text === c.body)) problems.push(`comment ${c.id}: not in the request log`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------

describe('the checker catches what it is meant to catch', () => {
  const status = (visible: string) => `<!-- incident-responder:status {"v":1} -->\n${visible}\n`;
  it.each([
    ['a live mention', status('hello @alice'), /live mention/],
    ['a live team mention', status('ping @acme/oncall'), /live mention/],
    ['a live issue reference', status('see #123'), /live issue reference/],
    ['a cross-repository reference', status('see acme/other#5'), /live issue reference/],
    ['a GH- reference', status('see GH-12'), /live GH- reference/],
    ['an entity that renders as a mention', status('&#64;alice'), /live mention/],
    ['a mention escaping a code span', status('`x` @alice `y`'), /live mention/],
    ['a forged marker', status('<!-- incident-responder:overdue {"keys":["a"]} -->'), /comment openings/],
    ['a stray comment closer', status('a --> b'), /comment openings/],
    ['no marker', 'just text', /does not start with the app's marker/],
    ['the wrong marker', '<!-- incident-responder:overdue {"keys":[]} -->\nx', /expected status/],
    ['a marker whose data is not JSON', '<!-- incident-responder:status {x -->\nx', /not JSON/],
    ['raw script', status('</details><script>alert(1)</script>'), /raw HTML/],
    ['raw img', status('x <img src=x onerror=alert(1)> y'), /raw HTML/],
    ['a markdown image', status('![x](https://evil.example/x.png)'), /an image/],
    ['a javascript-free but foreign link', status('[x](https://evil.example/)'), /a link outside GitHub/],
    ['a broken table row', status('| a | b |\n|---|---|\n| c | d | e |'), /table row/],
    ['an evaluated template', status('[object process]'), /evaluated/],
    ['an over-long body', status('x'.repeat(MAX_BODY)), /over GitHub's/],
  ])('%s', (_name, text, problem) => {
    expect(checkMarkdown(text, 'sample', { marker: 'status', html: STATUS_HTML }).join('\n')).toMatch(problem);
  });

  it('passes what the app writes on purpose', () => {
    const good = [
      '<!-- incident-responder:status {"v":1,"summary":"@alice #1 \\u003c!-- x --\\u003e"} -->',
      '### Incident status: 🔥 Active',
      '',
      'Lead: `alice` · \\@\u200balice \\#\u200b123 GH\u200b-12 acme/other\\#\u200b5 \\</details\\>\\<script\\> \\[x\\]\\(javascript:alert\\(1\\)\\) &lt;!-- x --&gt;',
      '',
      '| | Step | Due | State |',
      '|---|---|---|---|',
      '| ⬜ | a \\| b \\\\\\| c | 10:30 UTC<br><sub>30 min</sub> | open |',
      '',
      '<details><summary>1 step not applicable at this severity</summary>',
      '',
      '</details>',
      '',
      '- [acme/shop#\u200b2](https://github.com/acme/shop/issues/2) `@alice #1`',
    ].join('\n');
    expect(checkMarkdown(good, 'sample', { marker: 'status', html: STATUS_HTML })).toEqual([]);
    expect(
      checkMarkdown('<!-- incident-responder:reply {"comment":1} -->\n@alice ⚠️ no', 'sample', {
        marker: 'reply',
        intended: /@alice /,
      }),
    ).toEqual([]);
    expect(
      checkMarkdown('<!-- incident-responder:reply {"comment":1} -->\n@alice ⚠️ and @bob', 'sample', {
        marker: 'reply',
        intended: /@alice /,
      }).join(),
    ).toMatch(/live mention/);
    expect(checkMarkdown('no marker here', 'sample', { marker: null })).toEqual([]);
  });

  it('plain text: mentions, references, markers and length', () => {
    expect(checkPlain('Incident report: @\u200balice #\u200b1 GH\u200b-1', 't', MAX_TITLE)).toEqual([]);
    for (const bad of ['@alice', 'x #1', 'GH-1', '<!-- x', 'x -->'])
      expect(checkPlain(bad, 't', MAX_TITLE)).not.toEqual([]);
    expect(checkPlain('x'.repeat(MAX_TITLE + 1), 't', MAX_TITLE).join()).toMatch(/over GitHub's 256/);
  });
});

describe.each(CORPUS.map(([name], index) => [name, index] as const))('%s', (_name, index) => {
  const incident = (): Incident => run.incidents[index] as Incident;

  it('nothing crashed: a status comment, resolved with its report linked; every command got 👍 or a reply', () => {
    const { issue, commands } = incident();
    const status = issue.comments.filter((c) => byApp(c) && c.body.startsWith('<!-- incident-responder:status'));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain('✅ Resolved');
    expect(status[0]?.body).toMatch(/\*\*Incident report:\*\* \[acme\/incident-reports#\u200b\d+\]/);
    const unanswered = [...commands.entries()]
      .filter(([id]) => {
        const comment = issue.comments.find((c) => c.id === id);
        const reacted = comment?.reactions.some((r) => r.content === '+1' && r.user === BOT_LOGIN) ?? false;
        const replied = issue.comments.some(
          (c) => byApp(c) && (readMarkerJson(c.body, 'reply') as { comment?: number } | undefined)?.comment === id,
        );
        return !reacted && !replied;
      })
      .map(([, body]) => body.slice(0, 80));
    expect(unanswered).toEqual([]);
  });

  it('malformed logins are refused with a reply; well-formed ones become the role holder', () => {
    const { issue, commands, text } = incident();
    const argument = asComment('/incident lead ', text).slice('/incident lead '.length).split(/\r?\n/)[0]?.trim() ?? '';
    const valid = LOGIN.test(argument.replace(/^@/, ''));
    for (const verb of ['lead', 'scribe', 'comms']) {
      const command = asComment(`/incident ${verb} `, text);
      const id = [...commands.entries()].find(([, body]) => body === command)?.[0];
      expect(id).toBeDefined();
      const reply = issue.comments.find(
        (c) => byApp(c) && (readMarkerJson(c.body, 'reply') as { comment?: number } | undefined)?.comment === id,
      );
      if (valid) expect(reply).toBeUndefined();
      else expect(reply?.body).toMatch(/not a GitHub login|the person is missing/);
    }
    const status = issue.comments.find((c) => byApp(c) && c.body.startsWith('<!-- incident-responder:status'));
    const roles = (readMarkerJson(status?.body, 'status') as { roles: Record<string, string | null> }).roles;
    expect(Object.values(roles).filter((login) => login !== null && !LOGIN.test(login))).toEqual([]);
    expect(roles.lead).toBe(valid ? argument.replace(/^@/, '') : 'alice');
  });

  it('every text the app wrote for this incident: no mention, reference, forged marker or raw HTML; within GitHub limits', () => {
    const { written } = writes();
    const mine = written.filter((w) => w.incident === incident().issue.number);
    for (const kind of ['comment', 'issue', 'pull', 'file', 'commit'] as const)
      expect(mine.filter((w) => w.kind === kind).length).toBeGreaterThan(0);
    expect(summarise(problemsOf(mine, incident()))).toEqual([]);
  });

  it('the final follow-up issues and report pull request pass the same checks', () => {
    const number = incident().issue.number;
    const followUps = run.shop.issues.filter((i) => byApp(i) && incidentOfMarker(i.body, 'follow-up') === number);
    const pulls = run.reports.pulls.filter((p) => byApp(p) && incidentOfMarker(p.body, 'report') === number);
    expect(followUps.length).toBeGreaterThan(0);
    expect(pulls).toHaveLength(1);
    const written: Written[] = [
      ...followUps.map((i) => ({
        where: `issue #${i.number}`,
        incident: number,
        kind: 'issue' as const,
        title: i.title,
        text: i.body,
      })),
      ...pulls.map((p) => ({
        where: `pull #${p.number}`,
        incident: number,
        kind: 'pull' as const,
        title: p.title,
        text: p.body,
      })),
    ];
    expect(summarise(problemsOf(written, null))).toEqual([]);
  });

  it('the report: its front matter parses, and its title is the issue title with only the escaping undone', () => {
    const { issue, title } = incident();
    const pull = run.reports.pulls.find((p) => byApp(p) && incidentOfMarker(p.body, 'report') === issue.number);
    const files = run.harness.github.filesAt(run.reports, pull?.headSha ?? '');
    const report = Object.entries(files).find(([path]) => path.startsWith('reports/'))?.[1] ?? '';
    const end = report.indexOf('\n---\n', 4);
    expect(report.startsWith('---\n') && end > 0).toBe(true);
    const front = load(report.slice(4, end)) as Record<string, unknown>;
    expect(Object.keys(front)).toEqual([
      'title',
      'date',
      'incident',
      'incident_url',
      'severity',
      'status',
      'lead',
      'scribe',
      'comms',
      'summary',
      'impact',
      'impact_start',
      'detected',
      'acknowledged',
      'mitigated',
      'resolved',
      'duration',
      'time_to_acknowledge',
      'time_to_mitigate',
      'time_to_resolve',
      'checklist',
      'action_items',
    ]);
    expect(front.incident).toBe(`acme/shop#${issue.number}`);
    expect(front.severity).toBe('low');
    expect(front.status).toBe('draft');
    // Documented transformations: whitespace folded (a title is one line), and `<!--` / `-->` kept from
    // forming an HTML comment in the file; everything else is the title as typed.
    const expected = title.replace(/\s+/g, ' ').trim().replace(/<!--/g, '&lt;!--').replace(/--!?>/g, '--&gt;');
    expect(front.title).toBe(expected);
  });
});

describe('the whole run', () => {
  it('every write the app made is of a known kind and belongs to an incident checked here', () => {
    const { written, unknown } = writes();
    expect(unknown).toEqual([]);
    const checked = new Set([...run.incidents.map((i) => i.issue.number), run.manySteps.number]);
    expect(written.filter((w) => w.incident === null || !checked.has(w.incident)).map((w) => w.where)).toEqual([]);
    expect(written.length).toBeGreaterThan(run.incidents.length * 10);
  });

  it('Object.prototype gained nothing', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(run.prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('no job failed', () => {
    expect(run.errors).toEqual([]);
  });
});

describe('a legal body that renders long', () => {
  it(`${MANY_STEPS.toLocaleString('en')} one-character steps (a ${(MANY_STEPS * 16).toLocaleString('en')}-character body): every comment the app writes still fits GitHub's limit`, () => {
    const { written } = writes();
    const mine = written.filter((w) => w.incident === run.manySteps.number);
    expect(mine.filter((w) => w.kind === 'comment').length).toBeGreaterThan(0);
    expect(summarise(problemsOf(mine, null))).toEqual([]);
  });
});
