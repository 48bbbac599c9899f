import { matchSeverity, type SeverityLevel } from './severity.js';
import { parseTimestamp } from './timestamps.js';

/**
 * `/incident VERB ...` lines of a comment -> commands, or a usage error per line. One command per
 * line; lines inside code blocks and quoted lines (`> /incident ...`, a reply quoting someone) do not
 * count, so quoting or documenting a command never runs it.
 */
export type Role = 'lead' | 'scribe' | 'comms';
export const ROLES: readonly Role[] = ['lead', 'scribe', 'comms'];

export type Command =
  | { verb: 'help' }
  | { verb: 'severity'; level: string }
  | { verb: 'summary' | 'impact' | 'status' | 'note' | 'action'; text: string }
  | { verb: Role; login: string }
  | { verb: 'ack' | 'mitigated' | 'resolved' | 'report' }
  | { verb: 'start'; at: string };

export type ParsedLine = { line: number; raw: string } & ({ ok: true; command: Command } | { ok: false; error: string });

export const VERBS = ['help', 'severity', 'summary', 'impact', 'lead', 'scribe', 'comms', 'status', 'note', 'action', 'ack', 'mitigated', 'resolved', 'start', 'report'] as const;

/** Texts are stored in the status comment; GitHub comments are at most 65,536 characters in all. */
export const MAX_COMMAND_TEXT = 1_000;

export function usageOf(verb: string, prefix: string): string {
  const usage: Record<string, string> = {
    help: '',
    severity: 'LEVEL',
    summary: 'TEXT',
    impact: 'TEXT',
    lead: '@user',
    scribe: '@user',
    comms: '@user',
    status: 'TEXT',
    note: 'TEXT',
    action: 'TEXT',
    ack: '',
    mitigated: '',
    resolved: '',
    start: 'YYYY-MM-DD HH:MM UTC',
    report: '',
  };
  return `${prefix} ${verb}${usage[verb] ? ` ${usage[verb]}` : ''}`.trim();
}

const LOGIN = /^@?([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})$/i;

function parseOne(params: { verb: string; rest: string; prefix: string; levels: readonly SeverityLevel[] }): { ok: true; command: Command } | { ok: false; error: string } {
  const { verb, rest, prefix } = params;
  const usage = (why: string) => ({ ok: false as const, error: `${why}. Usage: \`${usageOf(verb, prefix)}\`` });
  switch (verb) {
    case 'help':
    case 'ack':
    case 'mitigated':
    case 'resolved':
    case 'report':
      return rest === '' ? { ok: true, command: { verb } } : usage(`\`${verb}\` takes no arguments`);
    case 'severity': {
      if (rest === '') return usage('the level is missing');
      const match = matchSeverity({ text: rest, levels: params.levels });
      if (match.kind !== 'level') return usage(`not a severity level (${params.levels.map((l) => l.name).join(', ')})`);
      return { ok: true, command: { verb, level: match.level } };
    }
    case 'summary':
    case 'impact':
    case 'status':
    case 'note':
    case 'action':
      if (rest === '') return usage('the text is missing');
      if (rest.length > MAX_COMMAND_TEXT) return usage(`the text is longer than ${MAX_COMMAND_TEXT} characters`);
      return { ok: true, command: { verb, text: rest } };
    case 'lead':
    case 'scribe':
    case 'comms': {
      const m = LOGIN.exec(rest);
      if (!m?.[1]) return usage(rest === '' ? 'the person is missing' : 'not a GitHub login');
      return { ok: true, command: { verb, login: m[1] } };
    }
    case 'start': {
      const at = parseTimestamp(rest);
      if (!at) return usage(rest === '' ? 'the time is missing' : 'not a time with a date, e.g. 2026-11-23 13:40 UTC');
      return { ok: true, command: { verb, at: at.toISOString() } };
    }
    default:
      // The verb is not echoed: the reply quotes the whole line, escaped.
      return { ok: false, error: `unknown command. Commands: ${VERBS.join(', ')}. \`${prefix} help\` explains them` };
  }
}

export function parseCommands(params: { body: string; prefix: string; levels: readonly SeverityLevel[] }): ParsedLine[] {
  const out: ParsedLine[] = [];
  let fence: string | null = null;
  const lines = params.body.split(/\r\n|\r|\n/);
  const prefix = params.prefix.toLowerCase();
  lines.forEach((text, index) => {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fenceMark) {
      if (fence === null) fence = fenceMark[0] ?? null;
      else if (fenceMark[0] === fence) fence = null;
      return;
    }
    if (fence !== null || /^ {4}|^\t/.test(text)) return;
    const line = text.trim();
    const lower = line.toLowerCase();
    if (!lower.startsWith(prefix) || (line.length > prefix.length && !/\s/.test(line[prefix.length] ?? ''))) return;
    const after = line.slice(prefix.length).trim();
    const verbRaw = after.split(/\s+/)[0] ?? '';
    const verb = verbRaw.toLowerCase() === 'sev' ? 'severity' : verbRaw.toLowerCase() === 'acknowledge' ? 'ack' : verbRaw.toLowerCase();
    const rest = after.slice(verbRaw.length).trim();
    const result = verb === '' ? { ok: false as const, error: `a command is missing after \`${params.prefix}\`. Commands: ${VERBS.join(', ')}` } : parseOne({ verb, rest, prefix: params.prefix, levels: params.levels });
    out.push({ line: index + 1, raw: line, ...result });
  });
  return out;
}

export function helpText(prefix: string): string {
  const rows: Array<[string, string]> = [
    ['help', 'this list'],
    ['severity LEVEL', 'set the severity (sets the severity label)'],
    ['summary TEXT', 'one-line summary of the incident'],
    ['impact TEXT', 'who or what is affected'],
    ['lead @user', 'make @user the incident lead (assigns them; replaces the previous lead)'],
    ['scribe @user', 'make @user the scribe'],
    ['comms @user', 'make @user the communications lead'],
    ['status TEXT', 'post a status update (resets the status update clock)'],
    ['note TEXT', 'add a note to the timeline'],
    ['action TEXT', 'record an action item (opens a follow-up issue)'],
    ['ack', 'the incident is acknowledged'],
    ['mitigated', 'the impact is mitigated'],
    ['resolved', 'the incident is resolved (closes the issue)'],
    ['start YYYY-MM-DD HH:MM UTC', 'when the impact started (deadlines count from it)'],
    ['report', 'render the incident report now'],
  ];
  return rows.map(([usage, what]) => `- \`${prefix} ${usage}\`: ${what}`).join('\n');
}
