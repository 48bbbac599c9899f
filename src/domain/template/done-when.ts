import { DEFAULT_VOCABULARY } from './languages/index.js';
import type { Vocabulary } from './languages/vocabulary.js';
import { roleEventOf } from './role-grammar.js';
import type { Step } from './types.js';

/**
 * Steps done by what responders do on GitHub, not only by ticking their box: "take the lead
 * (`/incident lead @you`)" is done when someone ran `/incident lead`, "set the severity" when a severity
 * label or command set it, "post the first status update" when one was posted. The body is never
 * written: the box stays the responder's, the status comment says who did it.
 *
 * Which event completes a step comes from, in order:
 * 1. the step's own text `done when: EVENT` (a template's explicit form; `done when: never` = the box only);
 * 2. the config's `steps.done_when` rules (a phrase the step contains -> an event);
 * 3. the built-in rules (unless `steps.builtin_done_when: false`): the `/incident` commands the step
 *    names (all of them must have run), else the role grammar of the enabled languages (a verb such as
 *    "appoint" and a role noun such as "incident commander", role-grammar.ts), else BUILTIN_PHRASES.
 */
export const DONE_EVENTS = [
  'lead',
  'scribe',
  'comms',
  'severity',
  'status',
  'public',
  'acknowledged',
  'mitigated',
  'resolved',
  'impact',
  'summary',
  'follow-up',
  'report',
] as const;
export type DoneEvent = (typeof DONE_EVENTS)[number];

/** A rule's target: an event, or `never` (the box alone decides). */
export type DoneTarget = DoneEvent | 'never';

export interface DoneRule {
  /** A phrase the step's text contains (case-insensitive; hyphens and spaces alike; from a word's start). */
  match: string;
  when: DoneTarget;
}

export interface DoneWhenSettings {
  rules: readonly DoneRule[];
  builtin: boolean;
  /** The command prefix (`/incident`), to find the commands a step names. */
  prefix: string;
  /** The enabled languages, for the role grammar (role-grammar.ts); all built-in ones when absent. */
  vocabulary?: Vocabulary;
}

/** The first time each event happened, who caused it and how (shown as "done by `/incident lead @bob`"). */
export interface DoneFact {
  at: string;
  by: string | null;
  /** What happened, short: the command line, `label severity: high`, `follow-up acme/shop#3`. */
  via: string;
}

/** A fact's `via` is stored in the status comment's metadata: bounded. */
export const MAX_FACT_VIA = 80;

export const boundVia = (via: string): string =>
  via.length > MAX_FACT_VIA ? `${via.slice(0, MAX_FACT_VIA - 1)}…` : via;

/** The verbs whose accepted command is an event, and which. */
export const COMMAND_EVENTS: Readonly<Record<string, DoneEvent>> = {
  lead: 'lead',
  scribe: 'scribe',
  comms: 'comms',
  severity: 'severity',
  status: 'status',
  public: 'public',
  ack: 'acknowledged',
  mitigated: 'mitigated',
  resolved: 'resolved',
  impact: 'impact',
  summary: 'summary',
  action: 'follow-up',
};

/** Phrases of the built-in rules, tried in order; the first a step contains decides. */
export const BUILTIN_PHRASES: readonly DoneRule[] = [
  { match: 'incident commander', when: 'lead' },
  { match: 'take the lead', when: 'lead' },
  { match: 'assign a lead', when: 'lead' },
  { match: 'name a lead', when: 'lead' },
  { match: 'pick a lead', when: 'lead' },
  { match: 'name a scribe', when: 'scribe' },
  { match: 'set the severity', when: 'severity' },
  { match: 'set a severity', when: 'severity' },
  { match: 'set severity', when: 'severity' },
  { match: 'severity label', when: 'severity' },
  // Before the status phrases: "the first public status update" is the public one.
  { match: 'first public update', when: 'public' },
  { match: 'public update', when: 'public' },
  { match: 'public status update', when: 'public' },
  { match: 'first status update', when: 'status' },
  { match: 'post a status update', when: 'status' },
  { match: 'acknowledge', when: 'acknowledged' },
  { match: 'mitigate', when: 'mitigated' },
  { match: 'resolve', when: 'resolved' },
  { match: 'follow up issue', when: 'follow-up' },
  { match: 'incident report', when: 'report' },
  { match: 'postmortem', when: 'report' },
  { match: 'post mortem', when: 'report' },
];

/** Lower case, one space between words, hyphens and underscores as spaces: what phrases are matched on. */
function fold(text: string): string {
  let out = '';
  let space = true;
  for (const ch of text.toLowerCase()) {
    const blank =
      ch === ' ' ||
      ch === '\t' ||
      ch === '\n' ||
      ch === '-' ||
      ch === '_' ||
      ch === '(' ||
      ch === ')' ||
      ch === ',' ||
      ch === '.' ||
      ch === ':' ||
      ch === '`';
    if (blank) {
      if (!space) out += ' ';
      space = true;
    } else {
      out += ch;
      space = false;
    }
  }
  return out.trimEnd();
}

/** Whether `phrase` occurs in `text` starting at a word's start ("mitigate" matches "Mitigated", not "unmitigated"). */
export function containsPhrase(text: string, phrase: string): boolean {
  const p = fold(phrase);
  return p !== '' && ` ${fold(text)}`.includes(` ${p}`);
}

/** `done when: lead` in a step's text: the template's explicit form. Linear: one indexOf, then a word. */
export function explicitTarget(text: string): DoneTarget | null | 'unknown' {
  const lower = text.toLowerCase();
  const at = lower.indexOf('done when:');
  if (at < 0) return null;
  const word = /^\s*([a-z-]+)/.exec(lower.slice(at + 'done when:'.length, at + 'done when:'.length + 40))?.[1] ?? '';
  if (word === 'never') return 'never';
  return (DONE_EVENTS as readonly string[]).includes(word) ? (word as DoneEvent) : 'unknown';
}

/** The `/incident VERB` commands a step's text names that are events, in order, without repeats. */
export function namedCommandEvents(text: string, prefix: string): DoneEvent[] {
  const lower = text.toLowerCase();
  const p = prefix.toLowerCase();
  const out: DoneEvent[] = [];
  let from = 0;
  for (;;) {
    const at = lower.indexOf(p, from);
    if (at < 0) break;
    from = at + p.length;
    const verb = /^ ([a-z]+)/.exec(lower.slice(from, from + 20))?.[1];
    const event = verb === undefined ? undefined : COMMAND_EVENTS[verb];
    if (event && !out.includes(event)) out.push(event);
  }
  return out;
}

/** Per settings object (one per loaded config): step text -> its events. Every pass asks again for the same steps. */
const MEMO_LIMIT = 4_096;
const memo = new WeakMap<DoneWhenSettings, Map<string, DoneEvent[]>>();

/** The events that complete a step (all of them must have happened), or [] when only its box does. */
export function doneEventsOf(params: { text: string; settings: DoneWhenSettings }): DoneEvent[] {
  let known = memo.get(params.settings);
  if (!known) memo.set(params.settings, (known = new Map()));
  const hit = known.get(params.text);
  if (hit) return hit;
  const events = computeDoneEvents(params);
  if (known.size >= MEMO_LIMIT) known.clear();
  known.set(params.text, events);
  return events;
}

function computeDoneEvents(params: { text: string; settings: DoneWhenSettings }): DoneEvent[] {
  const { text, settings } = params;
  const explicit = explicitTarget(text);
  if (explicit === 'never' || explicit === 'unknown') return [];
  if (explicit !== null) return [explicit];
  for (const rule of settings.rules)
    if (containsPhrase(text, rule.match)) return rule.when === 'never' ? [] : [rule.when];
  if (!settings.builtin) return [];
  const named = namedCommandEvents(text, settings.prefix);
  if (named.length > 0) return named;
  const role = roleEventOf({ text, vocabulary: settings.vocabulary ?? DEFAULT_VOCABULARY });
  if (role) return [role];
  const phrase = BUILTIN_PHRASES.find((rule) => containsPhrase(text, rule.match));
  return phrase && phrase.when !== 'never' ? [phrase.when] : [];
}

/** Per step: the fact that completed it (the latest of the events it needs), for steps not ticked and not recurring. */
export function completedByEvents(params: {
  steps: readonly Step[];
  facts: Readonly<Partial<Record<DoneEvent, DoneFact>>>;
  settings: DoneWhenSettings;
}): Record<string, DoneFact> {
  const out: Record<string, DoneFact> = {};
  for (const step of params.steps) {
    // A recurring step is never done once and for all: status updates restart it instead.
    if (step.checked || step.deadline?.everyMinutes != null) continue;
    const events = doneEventsOf({ text: step.text, settings: params.settings });
    if (events.length === 0) continue;
    const facts = events.map((e) => params.facts[e]);
    if (facts.some((f) => f === undefined)) continue;
    const latest = (facts as DoneFact[]).reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a));
    // A step naming several commands shows them all; the time is when the last one ran.
    out[step.id] =
      facts.length === 1 ? latest : { ...latest, via: boundVia((facts as DoneFact[]).map((f) => f.via).join(', ')) };
  }
  return out;
}

/** Records an event's first occurrence; later ones change nothing (the step was done then). */
export function recordFact(
  facts: Readonly<Partial<Record<DoneEvent, DoneFact>>>,
  event: DoneEvent,
  fact: DoneFact,
): Partial<Record<DoneEvent, DoneFact>> {
  return facts[event] ? facts : { ...facts, [event]: { ...fact, via: boundVia(fact.via) } };
}
