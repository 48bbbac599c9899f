import { parseOptionsOf } from '../config/parse-options.js';
import { parseIncident } from '../domain/template/checklist.js';
import { formatDeadline } from '../domain/template/deadlines.js';
import type { Incident } from '../domain/template/types.js';
import { bodyOfFile } from '../config/template-body.js';
import { EXIT_FINDINGS, EXIT_OK, readInput, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

export const PARSE_HELP = `Usage: incident-responder parse FILE [--config FILE] [--json]

Parse an incident issue body (or a markdown issue template, or an issue form .yml as submitted with
its defaults) and print its severity, fields, steps with deadlines, action items and warnings.

  --config FILE   a .github/incident.yml to use (default: the built-in defaults)
  --json          print the incident model as JSON (a stable contract for tools)
`;

/**
 * The JSON contract: exactly these keys, in this order, then the keys added since, which
 * consumers of the first ones can ignore: impactStart, choices, notes. A deadline carries
 * `businessDays` only when it counts business days.
 */
export function incidentJson(incident: Incident): object {
  return {
    severity: incident.severity,
    fields: incident.fields,
    steps: incident.steps.map((s) => ({
      id: s.id,
      text: s.text,
      checked: s.checked,
      section: s.section,
      depth: s.depth,
      line: s.line,
      deadline: s.deadline,
      severities: s.severities,
    })),
    actionItems: incident.actionItems,
    warnings: incident.warnings,
    impactStart: incident.impactStart,
    choices: incident.choices,
    notes: incident.notes,
    lists: incident.lists,
  };
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

export function formatTable(incident: Incident): string {
  const out: string[] = [];
  const fields = Object.entries(incident.fields);
  out.push(`Severity: ${incident.severity ?? '(not set)'}`);
  if (fields.length > 0) out.push(`Fields: ${fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
  if (incident.impactStart) out.push(`Impact start: ${incident.impactStart}`);
  out.push('');
  out.push(`${'LINE'.padEnd(6)}${'STEP'.padEnd(62)}${'DEADLINE'.padEnd(40)}APPLIES TO`);
  for (const step of incident.steps) {
    const text = `${'  '.repeat(step.depth)}[${step.checked ? 'x' : ' '}] ${step.text}`;
    const deadline = step.deadline ? formatDeadline(step.deadline) : '-';
    out.push(
      `${String(step.line).padEnd(6)}${truncate(text, 60)}  ${truncate(deadline, 38)}  ${step.severities?.join('/') ?? 'all'}`,
    );
  }
  if (incident.steps.length === 0) out.push('(no steps)');
  if (incident.actionItems.length > 0) {
    out.push('', 'Action items:');
    for (const item of incident.actionItems)
      out.push(`  line ${item.line}: [${item.checked ? 'x' : ' '}] ${item.text}`);
  }
  for (const choice of incident.choices) {
    const options = choice.options.map((o) => `[${o.checked ? 'x' : ' '}] ${o.text}`).join('  ');
    out.push('', `${choice.multiple ? 'Field' : 'Pick-one field'} "${choice.label}" (line ${choice.line}): ${options}`);
  }
  if (incident.notes.length > 0) {
    out.push('', 'Notes:');
    for (const n of incident.notes) out.push(`  line ${n.line}: ${n.message}`);
  }
  if (incident.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of incident.warnings) out.push(`  line ${w.line}: ${w.message}`);
  }
  return `${out.join('\n')}\n`;
}

export async function parseCommand(params: {
  io: CliIo;
  file: string;
  configFile?: string;
  json: boolean;
}): Promise<number> {
  const { io } = params;
  const { config, problems } = await loadCliConfig(io, params.configFile);
  for (const problem of problems) io.stderr(`${problem}\n`);
  const text = await readInput(io, params.file);
  const incident = parseIncident({ body: bodyOfFile(params.file, text), options: parseOptionsOf(config) });
  io.stdout(params.json ? `${JSON.stringify(incidentJson(incident), null, 2)}\n` : formatTable(incident));
  return problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
