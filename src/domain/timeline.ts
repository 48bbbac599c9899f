import { parseCommands } from './commands.js';
import type { SeverityLevel } from './severity.js';
import type { Step } from './types.js';

/**
 * The incident's timeline, rebuilt from GitHub: the events (labels, closing, reopening,
 * pull requests that reference it), its comments (commands people ran, the app's warnings) and the
 * tick times the app recorded. Ordered by time; ties keep their source order.
 */
export interface TimelineEntry {
  at: string;
  kind:
    | 'opened'
    | 'impact-start'
    | 'severity'
    | 'role'
    | 'status'
    | 'note'
    | 'action'
    | 'step'
    | 'overdue'
    | 'pull-request'
    | 'acknowledged'
    | 'mitigated'
    | 'resolved'
    | 'reopened';
  /** Plain text; escaped when rendered. */
  text: string;
  actor: string | null;
}

export interface HistoryEvent {
  event: string;
  at: string;
  actor: string | null;
  label?: string;
  /** For cross-references from pull requests. */
  source?: { number: number; title: string; url: string; isPullRequest: boolean; repo: string };
}

export interface HistoryComment {
  at: string;
  author: string;
  body: string;
  isApp: boolean;
}

export function buildTimeline(params: {
  openedAt: string;
  openedBy: string;
  impactStart: string | null;
  events: readonly HistoryEvent[];
  comments: readonly HistoryComment[];
  steps: readonly Step[];
  checkedAt: Readonly<Record<string, string>>;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  levels: readonly SeverityLevel[];
  prefix: string;
}): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  entries.push({ at: params.openedAt, kind: 'opened', text: 'Incident issue opened', actor: params.openedBy });
  if (params.impactStart) entries.push({ at: params.impactStart, kind: 'impact-start', text: 'Impact started', actor: null });
  const levelByLabel = new Map(params.levels.map((l) => [l.label.toLowerCase(), l.name]));
  const seenPulls = new Set<string>();
  for (const event of params.events) {
    const label = event.label?.toLowerCase();
    if (event.event === 'labeled' && label && levelByLabel.has(label)) entries.push({ at: event.at, kind: 'severity', text: `Severity set to ${levelByLabel.get(label)}`, actor: event.actor });
    else if (event.event === 'labeled' && label === 'mitigated') entries.push({ at: event.at, kind: 'mitigated', text: 'Mitigated', actor: event.actor });
    else if (event.event === 'closed') entries.push({ at: event.at, kind: 'resolved', text: 'Resolved (issue closed)', actor: event.actor });
    else if (event.event === 'reopened') entries.push({ at: event.at, kind: 'reopened', text: 'Reopened', actor: event.actor });
    else if (event.event === 'cross-referenced' && event.source?.isPullRequest) {
      const key = `${event.source.repo}#${event.source.number}`;
      if (seenPulls.has(key)) continue;
      seenPulls.add(key);
      entries.push({ at: event.at, kind: 'pull-request', text: `Pull request ${key} referenced this incident: ${event.source.title}`, actor: event.actor });
    }
  }
  for (const comment of params.comments) {
    if (comment.isApp) {
      if (comment.body.includes('incident-responder:overdue')) {
        const names = [...comment.body.matchAll(/^- \*\*(.+?)\*\*:/gm)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1'));
        entries.push({ at: comment.at, kind: 'overdue', text: `Overdue warning: ${names.join('; ')}`, actor: null });
      }
      continue;
    }
    for (const line of parseCommands({ body: comment.body, prefix: params.prefix, levels: params.levels })) {
      if (!line.ok) continue;
      const c = line.command;
      const actor = comment.author;
      if (c.verb === 'status') entries.push({ at: comment.at, kind: 'status', text: `Status update: ${c.text}`, actor });
      else if (c.verb === 'note') entries.push({ at: comment.at, kind: 'note', text: c.text, actor });
      else if (c.verb === 'action') entries.push({ at: comment.at, kind: 'action', text: `Action item: ${c.text}`, actor });
      else if (c.verb === 'lead' || c.verb === 'scribe' || c.verb === 'comms') entries.push({ at: comment.at, kind: 'role', text: `${c.login} is the ${c.verb === 'comms' ? 'communications lead' : c.verb}`, actor });
      else if (c.verb === 'severity' && !params.events.some((e) => e.event === 'labeled' && e.at === comment.at)) entries.push({ at: comment.at, kind: 'severity', text: `Severity set to ${c.level}`, actor });
    }
  }
  if (params.acknowledgedAt) entries.push({ at: params.acknowledgedAt, kind: 'acknowledged', text: 'Acknowledged', actor: null });
  if (params.mitigatedAt && !entries.some((e) => e.kind === 'mitigated')) entries.push({ at: params.mitigatedAt, kind: 'mitigated', text: 'Mitigated', actor: null });
  const stepText = new Map(params.steps.map((s) => [s.id, s.text]));
  for (const [id, at] of Object.entries(params.checkedAt)) {
    const text = stepText.get(id);
    if (text) entries.push({ at, kind: 'step', text: `Done: ${text}`, actor: null });
  }
  return entries.map((e, i) => ({ e, i, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map(({ e }) => e);
}

/** Minutes from `from` to `to`, or null when either is missing or the order is wrong. */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 60_000) : null;
}
