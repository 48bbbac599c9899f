import { ack } from './ack.js';
import { action } from './action.js';
import { affects } from './affects.js';
import { comms } from './comms.js';
import { help } from './help.js';
import { impact } from './impact.js';
import { lead } from './lead.js';
import { mitigated } from './mitigated.js';
import { note } from './note.js';
import { publicUpdate } from './public.js';
import { report } from './report.js';
import { resolved } from './resolved.js';
import { scribe } from './scribe.js';
import { severity } from './severity.js';
import { skip } from './skip.js';
import { snooze } from './snooze.js';
import { start } from './start.js';
import { stats } from './stats.js';
import { status } from './status.js';
import { summary } from './summary.js';
import type { VerbModule } from './verb.js';

/** Every verb, in the order `help` lists them. Adding a verb: its module, and one line here. */
const MODULES = [
  help,
  severity,
  summary,
  impact,
  lead,
  scribe,
  comms,
  status,
  publicUpdate,
  affects,
  note,
  action,
  ack,
  mitigated,
  resolved,
  start,
  report,
  skip,
  snooze,
  stats,
] as const;

type CommandOfModule<M> = M extends VerbModule<infer C> ? C : never;
/** Every command the app knows: the union of what each module's `parse` returns. */
export type Command = CommandOfModule<(typeof MODULES)[number]>;
export type Verb = Command['verb'];

export const VERB_MODULES: readonly VerbModule[] = MODULES;

const byWord = new Map<string, VerbModule>();
for (const module of VERB_MODULES) {
  byWord.set(module.verb, module);
  for (const alias of module.aliases ?? []) byWord.set(alias, module);
}

export const VERBS: readonly string[] = VERB_MODULES.map((m) => m.verb);

/** The module of a verb or alias (any case), or undefined. */
export function verbModule(word: string): VerbModule | undefined {
  return byWord.get(word.toLowerCase());
}

export function moduleOf(command: Command): VerbModule {
  const module = byWord.get(command.verb);
  if (!module) throw new Error(`no module for the verb ${command.verb}`);
  return module;
}
