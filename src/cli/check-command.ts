import { checkTemplateText } from '../config/check-files.js';
import type { ListReading } from '../domain/template/types.js';
import { EXIT_FINDINGS, EXIT_OK, readInput, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

export const CHECK_HELP = `Usage: incident-responder check [--config FILE] [--json] TEMPLATE...

Lint incident issue templates (markdown .md with front matter, or issue forms .yml) and the config.
Prints "file:line: message" for each problem and exits 1; exits 0 with a one-line summary when clean.
Notes ("file:line: note: ...") say how something was read and never fail the check.

Problems found: raw <input> checkboxes (GitHub strips them), deadlines that do not parse or cannot be
timed (a misspelt unit, "EOD", "tomorrow", "T-5 days before"), a severity or severity option that is
not a configured level (read by the same reader as issue bodies), an impact start that is not a time,
a template that does not apply an incident label, an invalid config.
Notes: how each task list was read (steps, answers, a mixed list, action items) and why, pick-one
fields, placeholders (never steps, never follow-up issues), agenda time boxes, a template without a
checklist (fine for a postmortem or status form).

  --config FILE   the .github/incident.yml to check and to check the templates against
  --json          print the same findings as one JSON object:
                  {"ok", "problems": [{file, line, message}], "notes": [{file, line, message}],
                   "lists": [{file, line, label, reading, why}], "steps", "withDeadline"};
                  config problems have file "(config)" and line 0
`;

interface JsonFinding {
  file: string;
  line: number;
  message: string;
}

export async function checkCommand(params: {
  io: CliIo;
  files: string[];
  configFile?: string;
  json?: boolean;
}): Promise<number> {
  const { io } = params;
  const { config, problems } = await loadCliConfig(io, params.configFile);
  const out = [...problems];
  let steps = 0;
  let withDeadline = 0;
  const notes: string[] = [];
  const jsonProblems: JsonFinding[] = problems.map((message) => ({ file: '(config)', line: 0, message }));
  const jsonNotes: JsonFinding[] = [];
  const jsonLists: Array<ListReading & { file: string }> = [];
  for (const file of params.files) {
    const text = await readInput(io, file);
    const result = checkTemplateText({ path: file, text, config });
    steps += result.steps;
    withDeadline += result.withDeadline;
    for (const f of result.findings.sort((a, b) => a.line - b.line)) {
      out.push(`${file}:${f.line}: ${f.message}`);
      jsonProblems.push({ file, line: f.line, message: f.message });
    }
    for (const list of result.lists ?? []) jsonLists.push({ file, ...list });
    for (const n of result.notes.sort((a, b) => a.line - b.line)) {
      notes.push(`${file}:${n.line}: note: ${n.message}`);
      jsonNotes.push({ file, line: n.line, message: n.message });
    }
  }
  if (params.json) {
    const ok = out.length === 0;
    io.stdout(
      `${JSON.stringify({ ok, problems: jsonProblems, notes: jsonNotes, lists: jsonLists, steps, withDeadline }, null, 2)}\n`,
    );
    return ok ? EXIT_OK : EXIT_FINDINGS;
  }
  for (const line of [...out, ...notes]) io.stdout(`${line}\n`);
  const templates =
    params.files.length === 0 ? [] : [`${params.files.length} template${params.files.length === 1 ? '' : 's'}`];
  const what = [...templates, ...(params.configFile ? [params.configFile] : [])].join(' and ');
  if (out.length > 0) {
    io.stderr(`${out.length} problem${out.length === 1 ? '' : 's'} in ${what}\n`);
    return EXIT_FINDINGS;
  }
  io.stdout(`ok: ${what}, ${steps} steps (${withDeadline} with deadlines), no problems\n`);
  return EXIT_OK;
}
