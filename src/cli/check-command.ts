import { checkTemplateText } from '../config/check-files.js';
import { EXIT_FINDINGS, EXIT_OK, readInput, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';
export const CHECK_HELP = `Usage: incident-responder check [--config FILE] TEMPLATE...

Lint incident issue templates (markdown .md with front matter, or issue forms .yml) and the config.
Prints "file:line: message" for each problem and exits 1; exits 0 with a one-line summary when clean.
Notes ("file:line: note: ...") say how something was read and never fail the check.

Problems found: raw <input> checkboxes (GitHub strips them), deadlines that do not parse or cannot be
timed (a misspelt unit, "EOD", "tomorrow", "T-5 days before"), a severity or severity option that is
not a configured level (read by the same reader as issue bodies), an impact start that is not a time,
a template that does not apply an incident label, an invalid config.
Notes: pick-one fields, placeholder action items, a template without a checklist (fine for a
postmortem or status form).

  --config FILE   the .github/incident.yml to check and to check the templates against
`;

export async function checkCommand(params: { io: CliIo; files: string[]; configFile?: string }): Promise<number> {
  const { io } = params;
  const { config, problems } = await loadCliConfig(io, params.configFile);
  const out = [...problems];
  let steps = 0;
  let withDeadline = 0;
  const notes: string[] = [];
  for (const file of params.files) {
    const text = await readInput(io, file);
    const result = checkTemplateText({ path: file, text, config });
    steps += result.steps;
    withDeadline += result.withDeadline;
    for (const f of result.findings.sort((a, b) => a.line - b.line)) out.push(`${file}:${f.line}: ${f.message}`);
    for (const n of result.notes.sort((a, b) => a.line - b.line)) notes.push(`${file}:${n.line}: note: ${n.message}`);
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
