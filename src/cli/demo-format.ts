import { BOT_LOGIN } from '../simulator/state.js';
import type { SimulationResult } from '../simulator/scenario.js';

/**
 * The demo's output: a simulated incident told as a responder would live it. The timeline says in words
 * what the app did (not which endpoint it called), then come the texts people read on GitHub: each
 * overdue warning, the status comment as it ends, and the incident report. Plain text for a terminal;
 * `simulate --json` is the form for tools.
 */
interface Action {
  method: string;
  path: string;
  body: unknown;
}

interface SnapshotIssue {
  number: number;
  title: string;
  comments: Array<{ author: string; body: string }>;
}

const RULE = '─'.repeat(72);
const REACTIONS: Record<string, string> = { '+1': '👍', '-1': '👎', eyes: '👀', confused: '😕', rocket: '🚀' };

const field = (body: unknown, key: string): unknown => (body as Record<string, unknown> | null)?.[key];
const text = (body: unknown, key: string): string => {
  const value = field(body, key);
  return typeof value === 'string' ? value : '';
};
const markerKind = (body: unknown): string | undefined =>
  /<!-- incident-responder:([a-z-]+)/.exec(text(body, 'body'))?.[1];

/** What GitHub shows of a comment: hidden records dropped, Markdown escapes undone, blank runs folded. */
export function readable(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1')
    .replace(/\u200B/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The first line of a comment, for the timeline: plain, without Markdown emphasis. */
const firstLine = (markdown: string): string => readable(markdown).split('\n')[0]?.replace(/\*\*/g, '') ?? '';

/** One app write in words; undefined for the plumbing of a bigger step (the git calls behind a pull request). */
export function describeAction(action: Action): string | undefined {
  const { method, path, body } = action;
  const repo = /^\/repos\/([^/]+\/[^/]+)\//.exec(path)?.[1] ?? '';
  if (/\/git\/(?:trees|refs|blobs)$/.test(path) || path === '/graphql') return undefined;
  if (/\/git\/commits$/.test(path)) return `committed "${text(body, 'message').split('\n')[0]}" to a branch in ${repo}`;
  if (method === 'POST' && /\/issues\/\d+\/comments$/.test(path)) {
    const kind = markerKind(body);
    if (kind === 'status') return 'posted the status comment';
    if (kind === 'overdue') return `posted an overdue warning: ${firstLine(text(body, 'body'))}`;
    return `replied: ${firstLine(text(body, 'body'))}`;
  }
  if (method === 'PATCH' && /\/issues\/comments\/\d+$/.test(path))
    return markerKind(body) === 'status' ? 'updated the status comment' : 'edited its comment';
  if (/\/reactions$/.test(path)) {
    const content = text(body, 'content');
    return `reacted ${REACTIONS[content] ?? content} to the command`;
  }
  if (/\/assignees$/.test(path)) return `assigned ${[field(body, 'assignees')].flat().join(', ')}`;
  if (/\/labels$/.test(path)) return `labelled it ${[field(body, 'labels')].flat().map(String).join(', ')}`;
  if (/\/requested_reviewers$/.test(path))
    return `asked ${[field(body, 'reviewers')].flat().join(', ')} to review the report`;
  if (method === 'POST' && /\/pulls$/.test(path))
    return `opened the report pull request in ${repo}: "${text(body, 'title')}"`;
  if (method === 'POST' && /\/issues$/.test(path))
    return `opened the follow-up issue in ${repo}: "${text(body, 'title')}"`;
  if (method === 'PATCH' && /\/issues\/\d+$/.test(path)) return 'updated an issue';
  return `${method} ${path}`;
}

/** The transcript's "app:" lines, in the order the writes were made, become their descriptions. */
function timeline(result: SimulationResult): string[] {
  const actions = [...result.actions];
  const lines: string[] = [];
  for (const line of result.transcript) {
    const match = /^(\S+) {2}(app: )?(.*)$/.exec(line);
    if (!match) continue;
    const [, offset = '', app, rest = ''] = match;
    const said = app ? describeAction(actions.shift() ?? { method: '', path: '', body: null }) : rest;
    if (said === undefined) continue;
    const entry = `  ${offset.padEnd(9)} ${app ? 'app   ' : ''}${said}`;
    // A burst of identical updates (several events in one second) reads as one.
    if (lines.at(-1) !== entry) lines.push(entry);
  }
  return lines;
}

function section(title: string, body: string): string[] {
  return ['', `${RULE}`, title, RULE, body];
}

export function formatDemo(params: { result: SimulationResult; scenario: string }): string {
  const { result } = params;
  const out: string[] = [
    `The incident in ${params.scenario}, played against a simulated GitHub on a virtual clock: no credentials,`,
    'no network, hours of incident in seconds. Times are from the moment the issue was opened',
    `(${result.start}).`,
    '',
    'Timeline',
    ...timeline(result),
  ];

  const issues = Object.entries(result.final).flatMap(([repo, data]) =>
    ((data as { issues?: SnapshotIssue[] }).issues ?? []).map((issue) => ({ repo, issue })),
  );
  for (const { repo, issue } of issues) {
    const ours = issue.comments.filter((c) => c.author === BOT_LOGIN);
    const warnings = ours.filter((c) => markerKind(c) === 'overdue');
    warnings.forEach((warning, i) =>
      out.push(
        ...section(`Overdue warning ${i + 1} of ${warnings.length} on ${repo}#${issue.number}`, readable(warning.body)),
      ),
    );
    const status = ours.find((c) => markerKind(c) === 'status');
    if (status)
      out.push(
        ...section(`The status comment on ${repo}#${issue.number} "${issue.title}", as it ends`, readable(status.body)),
      );
  }

  const reports = result.actions.filter((a) => /\/git\/trees$/.test(a.path));
  for (const tree of reports) {
    const files = [field(tree.body, 'tree')].flat() as Array<{ path?: string; content?: string }>;
    for (const file of files.filter((f) => typeof f?.content === 'string' && f.path?.endsWith('.md')))
      out.push(
        ...section(
          `The incident report, ${file.path} (the draft in the report pull request)`,
          file.content?.trim() ?? '',
        ),
      );
  }

  out.push(
    '',
    RULE,
    `${result.requests.writes} writes and ${result.requests.reads} reads to GitHub. Other scenarios: examples/*.yml with`,
    '`incident-responder simulate FILE` (docs/simulator.md). To run it for real: README, "Install".',
    '',
  );
  return out.join('\n');
}
