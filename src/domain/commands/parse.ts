import type { SeverityLevel } from '../template/severity.js';
import { VERBS, VERB_MODULES, verbModule } from './registry.js';
import type { Command } from './registry.js';

/**
 * `/incident VERB ...` lines of a comment -> commands, or a usage error per line. One command per
 * line; lines inside code blocks and quoted lines (`> /incident ...`, a reply quoting someone) do not
 * count, so quoting or documenting a command never runs it.
 */
export type ParsedLine = { line: number; raw: string } & (
  { ok: true; command: Command } | { ok: false; error: string }
);

export function usageOf(verb: string, prefix: string): string {
  const args = verbModule(verb)?.args ?? '';
  return `${prefix} ${verb}${args ? ` ${args}` : ''}`.trim();
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const INDENTED_CODE = /^(?: {4}|\t)/;

export function parseCommands(params: {
  body: string;
  prefix: string;
  levels: readonly SeverityLevel[];
}): ParsedLine[] {
  const out: ParsedLine[] = [];
  let fence: string | null = null;
  const lines = params.body.split(/\r\n|\r|\n/);
  const prefix = params.prefix.toLowerCase();
  lines.forEach((text, index) => {
    const fenceMark = FENCE.exec(text)?.[1];
    if (fenceMark) {
      if (fence === null) fence = fenceMark[0] ?? null;
      else if (fenceMark[0] === fence) fence = null;
      return;
    }
    if (fence !== null || INDENTED_CODE.test(text)) return;
    const line = text.trim();
    if (
      !line.toLowerCase().startsWith(prefix) ||
      (line.length > prefix.length && !/\s/.test(line[prefix.length] ?? ''))
    )
      return;
    const after = line.slice(prefix.length).trim();
    const word = after.split(/\s/, 1)[0] ?? '';
    const rest = after.slice(word.length).trim();
    out.push({
      line: index + 1,
      raw: line,
      ...parseLine({ word, rest, prefix: params.prefix, levels: params.levels }),
    });
  });
  return out;
}

function parseLine(params: {
  word: string;
  rest: string;
  prefix: string;
  levels: readonly SeverityLevel[];
}): { ok: true; command: Command } | { ok: false; error: string } {
  if (params.word === '')
    return { ok: false, error: `a command is missing after \`${params.prefix}\`. Commands: ${VERBS.join(', ')}` };
  const module = verbModule(params.word);
  // The unknown word is not echoed: the reply quotes the whole line, escaped.
  if (!module)
    return {
      ok: false,
      error: `unknown command. Commands: ${VERBS.join(', ')}. \`${params.prefix} help\` explains them`,
    };
  const parsed = module.parse({ rest: params.rest, prefix: params.prefix, levels: params.levels });
  if ('error' in parsed)
    return { ok: false, error: `${parsed.error}. Usage: \`${usageOf(module.verb, params.prefix)}\`` };
  return { ok: true, command: parsed };
}

export function helpText(prefix: string): string {
  return VERB_MODULES.map((m) => `- \`${prefix} ${m.verb}${m.args ? ` ${m.args}` : ''}\`: ${m.help}`).join('\n');
}
