import type { Intent, IntentOrigin } from '../incident/intents.js';
import type { IncidentMetadata } from '../incident/metadata.js';
import type { CommandSettings } from '../incident/settings.js';
import type { SeverityLevel } from '../template/severity.js';
import type { TimelineEntry } from '../incident/timeline-entry.js';
import { MAX_COMMAND_TEXT } from '../shared/text-limits.js';

/**
 * One `/incident` verb: its usage and help, how its arguments parse, what it records in the incident's
 * metadata, what it writes to GitHub (as intents) and its timeline entry. Every verb is one module in
 * this folder, listed once in registry.ts.
 */
export type Role = 'lead' | 'scribe' | 'comms';
export const ROLES: readonly Role[] = ['lead', 'scribe', 'comms'];

/** The shape every command has; each verb module declares its own (see registry.ts for the union). */
export interface BaseCommand {
  verb: string;
}

/** The issue as the commands of one comment change it, so each sees the previous one's effects. */
export interface IssueState {
  state: 'open' | 'closed';
  labels: readonly string[];
  assignees: readonly string[];
}

export interface EffectParams<C> {
  command: C;
  issue: IssueState;
  /** The metadata before and after this command's record. */
  before: IncidentMetadata;
  after: IncidentMetadata;
  settings: CommandSettings;
  origin: IntentOrigin;
  commentId: number;
  line: number;
}

export interface Effects {
  intents: Intent[];
  issue: IssueState;
  /** Action items to open as follow-up issues. */
  actionItems?: Array<{ id: string; text: string }>;
  reportRequested?: boolean;
}

/** A step as commands name it: by the number the status comment shows, or by a piece of its text. */
export interface NumberedStep {
  id: string;
  number: number;
  text: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds modules of every command shape
export interface VerbModule<C extends BaseCommand = any> {
  verb: C['verb'];
  /** Other words for the verb (`sev`, `acknowledge`). */
  aliases?: readonly string[];
  /** Arguments as shown in usage lines: `LEVEL`, `@user`, `TEXT`. */
  args: string;
  help: string;
  /** The metadata field the command sets: the newest command for a field wins, whatever the order of delivery. */
  field?: string;
  parse(params: { rest: string; prefix: string; levels: readonly SeverityLevel[] }): C | { error: string };
  /** Ties the command to the incident's checklist (a step named by number or text), or says why it cannot. */
  bind?(params: { command: C; steps: readonly NumberedStep[] }): C | { error: string };
  record?(params: {
    metadata: IncidentMetadata;
    command: C;
    at: string;
    actor?: string;
    settings: Pick<CommandSettings, 'resolveCloses'>;
  }): IncidentMetadata;
  effects?(params: EffectParams<C>): Effects;
  timeline?(params: { command: C; at: string; actor: string }): TimelineEntry | null;
}

/** Typing help: a module for one verb, checked against that verb's command shape. */
export function defineVerb<C extends BaseCommand>(module: VerbModule<C>): VerbModule<C> {
  return module;
}

/** Adds the label unless the issue has it (any case). */
export function addLabel(issue: IssueState, label: string | undefined, origin: IntentOrigin): Effects {
  if (!label || issue.labels.some((l) => l.toLowerCase() === label.toLowerCase())) return { intents: [], issue };
  return { intents: [{ kind: 'add-label', label, origin }], issue: { ...issue, labels: [...issue.labels, label] } };
}

export function noArguments<V extends string>(verb: V) {
  return ({ rest }: { rest: string }): { verb: V } | { error: string } =>
    rest === '' ? { verb } : { error: `\`${verb}\` takes no arguments` };
}

export function textArgument<V extends string>(verb: V) {
  return ({ rest }: { rest: string }): { verb: V; text: string } | { error: string } => {
    if (rest === '') return { error: 'the text is missing' };
    if (rest.length > MAX_COMMAND_TEXT) return { error: `the text is longer than ${MAX_COMMAND_TEXT} characters` };
    return { verb, text: rest };
  };
}
