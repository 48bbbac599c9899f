import type { Intent, IntentOrigin } from '../intents.js';
import type { IncidentMetadata } from '../metadata.js';
import type { CommandSettings } from '../settings.js';
import type { SeverityLevel } from '../severity.js';
import type { TimelineEntry } from '../timeline-entry.js';

/**
 * One `/incident` verb: its usage and help, how its arguments parse, what it records in the incident's
 * metadata, what it writes to GitHub (as intents) and its timeline entry. Every verb is one module in
 * this folder, listed once in registry.ts.
 */
export type Role = 'lead' | 'scribe' | 'comms';
export const ROLES: readonly Role[] = ['lead', 'scribe', 'comms'];

type TextVerb = 'summary' | 'impact' | 'status' | 'note' | 'action';
type BareVerb = 'help' | 'ack' | 'mitigated' | 'resolved' | 'report';

/** One member per verb, so a module's command type is exactly its verb's. */
export type Command =
  | { [V in BareVerb]: { verb: V } }[BareVerb]
  | { verb: 'severity'; level: string }
  | { [V in TextVerb]: { verb: V; text: string } }[TextVerb]
  | { [R in Role]: { verb: R; login: string } }[Role]
  | { verb: 'start'; at: string }
  /** `step` is what the line said (a number or text); `stepId` and `stepText` once bound to the checklist. */
  | { verb: 'skip'; step: string; reason: string | null; stepId?: string; stepText?: string }
  | { verb: 'snooze'; step: string; minutes: number; stepId?: string; stepText?: string };

export type Verb = Command['verb'];
export type CommandOf<V extends Verb> = Extract<Command, { verb: V }>;

/** Texts are stored in the status comment; GitHub comments are at most 65,536 characters in all. */
export const MAX_COMMAND_TEXT = 1_000;

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

export interface VerbModule<C extends Command = Command> {
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
  record?(params: { metadata: IncidentMetadata; command: C; at: string; actor?: string; settings: Pick<CommandSettings, 'resolveCloses'> }): IncidentMetadata;
  effects?(params: EffectParams<C>): Effects;
  timeline?(params: { command: C; at: string; actor: string }): TimelineEntry | null;
}

/** Typing help: a module for one verb, checked against that verb's command shape. */
export function defineVerb<V extends Verb>(module: VerbModule<CommandOf<V>>): VerbModule<CommandOf<V>> {
  return module;
}

/** Adds the label unless the issue has it (any case). */
export function addLabel(issue: IssueState, label: string | undefined, origin: IntentOrigin): Effects {
  if (!label || issue.labels.some((l) => l.toLowerCase() === label.toLowerCase())) return { intents: [], issue };
  return { intents: [{ kind: 'add-label', label, origin }], issue: { ...issue, labels: [...issue.labels, label] } };
}

export function noArguments(verb: string) {
  return ({ rest }: { rest: string }) => (rest === '' ? ({ verb } as never) : { error: `\`${verb}\` takes no arguments` });
}

export function textArgument(verb: string) {
  return ({ rest }: { rest: string }) => {
    if (rest === '') return { error: 'the text is missing' };
    if (rest.length > MAX_COMMAND_TEXT) return { error: `the text is longer than ${MAX_COMMAND_TEXT} characters` };
    return { verb, text: rest } as never;
  };
}
