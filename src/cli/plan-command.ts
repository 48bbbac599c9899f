import { parseConfig } from '../config/load.js';
import { incidentSettingsOf } from '../config/incident-settings.js';
import { parseDuration } from '../config/durations.js';
import { bodyOfFile } from '../config/template-body.js';
import type { Intent } from '../domain/incident/intents.js';
import { planIncident } from '../plan/plan-incident.js';
import { settle } from '../plan/settle.js';
import { EXIT_FINDINGS, EXIT_OK, readInput, UsageError, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

export const PLAN_HELP = `Usage: incident-responder plan FILE [--config FILE] [--at DURATION] [--json]

Show what the app would do, without doing it, for a new incident whose body is FILE (an issue body,
a markdown template or an issue form .yml), DURATION after it was opened (default 0m; e.g. 30m, 2h):
the labels it would add, the overdue warning it would post and its status comment. Nothing is read
from or written to GitHub: this is the app's own plan, run as a dry run.

Options:
  --config FILE   .github/incident.yml to apply (default: the built-in defaults)
  --at DURATION   how long after the incident was opened (default 0m)
  --json          print the intents as JSON
`;

/** A fixed opening time: the plan depends on elapsed time, not on the day (business hours aside). */
const OPENED = new Date('2026-01-05T10:00:00Z');

function describe(intent: Intent): string {
  switch (intent.kind) {
    case 'add-label':
      return `add the label "${intent.label}"`;
    case 'remove-label':
      return `remove the label "${intent.label}"`;
    case 'post-warning':
      return `post an overdue warning:\n\n${indent(intent.body)}`;
    case 'upsert-status':
      return `${intent.commentId === null ? 'post' : 'update'} the status comment:\n\n${indent(intent.body.replace(/^<!-- incident-responder:status .* -->\n/, ''))}`;
    case 'create-follow-ups':
      return `open ${intent.items.length} follow-up issue(s) in ${intent.target.owner}/${intent.target.repo}: ${intent.items.map((i) => JSON.stringify(i.text)).join(', ')}`;
    default:
      return intent.kind;
  }
}

const indent = (text: string) => text.trimEnd().replace(/^/gm, '    ');

export async function planCommand(params: {
  io: CliIo;
  file: string;
  configFile: string | undefined;
  at: string | undefined;
  json: boolean;
}): Promise<number> {
  const { io } = params;
  const { config, problems } = await loadCliConfig(io, params.configFile);
  for (const problem of problems) io.stderr(`${problem}\n`);
  const minutes = params.at === undefined ? 0 : parseDuration(params.at);
  if (minutes === null) throw new UsageError(`--at ${params.at}: not a duration such as 30m or 2h`);
  const body = bodyOfFile(params.file, await readInput(io, params.file));
  const settings = incidentSettingsOf(parseConfig(config));
  const issue = {
    number: 1,
    id: 1,
    title: 'Incident',
    body,
    state: 'open' as const,
    labels: [...settings.incidentLabels.slice(0, 1)],
    assignees: [],
    author: 'you',
    createdAt: OPENED.toISOString(),
    closedAt: null,
    htmlUrl: 'https://github.com/owner/repo/issues/1',
  };
  const now = new Date(OPENED.getTime() + minutes * 60_000);
  const loaded = {
    ref: { owner: 'owner', repo: 'repo', number: 1 },
    issue,
    botLogin: 'incident-responder[bot]',
    status: null,
    comments: [],
    commentScope: 'all' as const,
    permission: null,
    acceptedByReaction: new Set<number>(),
  };
  const plan = planIncident({
    loaded,
    trigger: { kind: 'issue', opened: minutes === 0, at: OPENED, bodyFrom: null, earlierEdits: [] },
    settings,
    now,
  });
  const outcomes = new Map(plan.intents.map((i) => [i, { ok: true as const }]));
  const intents = [...plan.intents, ...settle({ plan, outcomes }).intents];
  if (params.json)
    io.stdout(`${JSON.stringify({ at: now.toISOString(), opened: OPENED.toISOString(), intents }, null, 2)}\n`);
  else io.stdout(`${intents.map((i, n) => `${n + 1}. ${describe(i)}`).join('\n\n')}\n`);
  return problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
