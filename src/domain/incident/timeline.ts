import { moduleOf } from '../commands/registry.js';
import type { Command } from '../commands/registry.js';
import type { SeverityLevel } from '../template/severity.js';
import type { TimelineEntry } from './timeline-entry.js';
import type { Step } from '../template/types.js';
import type { Visibility } from '../trust/visibility.js';

export type { TimelineEntry } from './timeline-entry.js';

/**
 * The incident's timeline, from records: the events (labels, closing, reopening, pull requests
 * that reference it), the commands the app accepted (as they read when accepted), the warnings it posted
 * (the step ids in their markers) and the tick times it recorded. Never from rendered text. Ordered by
 * time; ties keep their source order. Every entry names who caused it: a label the app added for a
 * command is the command's entry, credited to the person who ran it.
 */
export interface HistoryEvent {
  event: string;
  at: string;
  actor: string | null;
  label?: string;
  /** For cross-references from pull requests. */
  source?: {
    number: number;
    title: string;
    url: string;
    isPullRequest: boolean;
    repo: string;
    visibility?: Visibility | null;
  };
}

export interface AcceptedCommand {
  at: string;
  actor: string;
  command: Command;
}

export interface MilestoneLabels {
  acknowledged: readonly string[];
  mitigated: readonly string[];
}

export function buildTimeline(params: {
  openedAt: string;
  openedBy: string;
  impactStart: string | null;
  events: readonly HistoryEvent[];
  commands: readonly AcceptedCommand[];
  /** Accepted command comments edited since: their text is not shown (it is not what was accepted). */
  editedCommands?: ReadonlyArray<{ at: string; actor: string }>;
  warnings: ReadonlyArray<{ at: string; keys: readonly string[] }>;
  steps: readonly Step[];
  checkedAt: Readonly<Record<string, string>>;
  /** Step id -> who ticked its box, when the app saw the edit. */
  tickedBy?: Readonly<Record<string, string>>;
  /** Step id -> the event that completed it (domain/template/done-when.ts): credited to whoever caused it. */
  doneBy?: Readonly<Record<string, { at: string; by: string | null; via: string }>>;
  /** Done-when events (who acknowledged, mitigated), for moments without an entry of their own. */
  facts?: Readonly<Record<string, { at: string; by: string | null; via: string }>>;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  levels: readonly SeverityLevel[];
  milestones: MilestoneLabels;
  /** The app's login: its own label and close events are credited through the command or body that caused them. */
  botLogin: string | null;
}): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  entries.push({ at: params.openedAt, kind: 'opened', text: 'Incident issue opened', actor: params.openedBy });
  if (params.impactStart)
    entries.push({ at: params.impactStart, kind: 'impact-start', text: 'Impact started', actor: null });

  const fromCommands: TimelineEntry[] = [];
  for (const { at, actor, command } of params.commands) {
    const entry = moduleOf(command).timeline?.({ command: command as never, at, actor });
    if (entry) fromCommands.push(entry);
  }
  const commandKinds = new Set(fromCommands.map((e) => e.kind));
  const byApp = (e: HistoryEvent) => params.botLogin !== null && e.actor === params.botLogin;
  // What the app did for a reason it has no command entry for (a severity read from the body) is credited to the author.
  // ... or to whoever the record says caused it (the done-when facts), when it knows.
  const creditOf = (e: HistoryEvent, kind: TimelineEntry['kind']): string | null | undefined =>
    byApp(e) ? (commandKinds.has(kind) ? undefined : (params.facts?.[kind]?.by ?? params.openedBy)) : e.actor;

  const levelByLabel = new Map(params.levels.map((l) => [l.label.toLowerCase(), l.name]));
  const lower = (labels: readonly string[]) => new Set(labels.map((l) => l.toLowerCase()));
  const mitigatedLabels = lower(params.milestones.mitigated);
  const acknowledgedLabels = lower(params.milestones.acknowledged);
  const seenPulls = new Set<string>();
  const add = (e: HistoryEvent, kind: TimelineEntry['kind'], text: string) => {
    const actor = creditOf(e, kind);
    if (actor !== undefined) entries.push({ at: e.at, kind, text, actor });
  };
  for (const event of params.events) {
    const label = event.label?.toLowerCase();
    if (event.event === 'labeled' && label && levelByLabel.has(label))
      add(event, 'severity', `Severity set to ${levelByLabel.get(label)}`);
    else if (event.event === 'labeled' && label && mitigatedLabels.has(label)) add(event, 'mitigated', 'Mitigated');
    else if (event.event === 'labeled' && label && acknowledgedLabels.has(label))
      add(event, 'acknowledged', 'Acknowledged');
    else if (event.event === 'closed') add(event, 'resolved', 'Resolved (issue closed)');
    else if (event.event === 'reopened')
      entries.push({ at: event.at, kind: 'reopened', text: 'Reopened', actor: event.actor });
    else if (event.event === 'cross-referenced' && event.source?.isPullRequest) {
      const key = `${event.source.repo}#${event.source.number}`;
      if (seenPulls.has(key)) continue;
      seenPulls.add(key);
      entries.push({
        at: event.at,
        kind: 'pull-request',
        text: `Pull request ${key} referenced this incident: ${event.source.title}`,
        actor: event.actor,
      });
    }
  }
  const stepText = new Map(params.steps.map((s) => [s.id, s.text]));
  for (const warning of params.warnings) {
    const names = warning.keys
      .map(
        (key) =>
          stepText.get(key.split('#')[0] ?? '') ??
          (key.startsWith('status-update-cadence') ? 'Post a status update' : null),
      )
      .filter((n): n is string => n !== null);
    if (names.length > 0)
      entries.push({
        at: warning.at,
        kind: 'overdue',
        text: `Overdue warning: ${[...new Set(names)].join('; ')}`,
        actor: null,
      });
  }
  entries.push(...fromCommands);
  for (const edited of params.editedCommands ?? []) {
    entries.push({
      at: edited.at,
      kind: 'edited-command',
      text: 'A command comment was edited after the app accepted it; its commands are left out',
      actor: edited.actor,
    });
  }
  const has = (kind: TimelineEntry['kind']) => entries.some((e) => e.kind === kind);
  if (params.acknowledgedAt && !has('acknowledged'))
    entries.push({
      at: params.acknowledgedAt,
      kind: 'acknowledged',
      text: 'Acknowledged',
      actor: params.facts?.acknowledged?.by ?? null,
    });
  if (params.mitigatedAt && !has('mitigated'))
    entries.push({
      at: params.mitigatedAt,
      kind: 'mitigated',
      text: 'Mitigated',
      actor: params.facts?.mitigated?.by ?? null,
    });
  for (const [id, at] of Object.entries(params.checkedAt)) {
    const text = stepText.get(id);
    if (text) entries.push({ at, kind: 'step', text: `Done: ${text}`, actor: params.tickedBy?.[id] ?? null });
  }
  // Steps done by what someone did: credited to them, with what it was.
  for (const [id, fact] of Object.entries(params.doneBy ?? {})) {
    const text = stepText.get(id);
    if (text && params.checkedAt[id] === undefined)
      entries.push({ at: fact.at, kind: 'step', text: `Done: ${text} (by ${fact.via})`, actor: fact.by });
  }
  return entries
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ e }) => e);
}

/** Minutes from `from` to `to`, or null when either is missing or the order is wrong. */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 60_000) : null;
}
