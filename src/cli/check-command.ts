import { parseOptionsOf } from '../config/parse-options.js';
import type { IncidentConfig } from '../config/schema.js';
import { loadYaml, YamlSyntaxError } from '../config/yaml.js';
import { parseIncident } from '../domain/template/checklist.js';
import { splitFrontMatter } from '../domain/reports/front-matter.js';
import { formLabels, renderFormBody, type IssueForm } from '../domain/template/issue-form.js';
import { isSeverityField, matchSeverity } from '../domain/template/severity.js';
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

interface Finding {
  line: number;
  message: string;
}

interface TemplateResult {
  findings: Finding[];
  notes: Finding[];
  /** How each task list was read (steps, answers, mixed, action items) and why. */
  lists?: ListReading[];
  steps: number;
  withDeadline: number;
}

function labelFinding(labels: string[], config: IncidentConfig, line: number): Finding[] {
  const wanted = config.incident.labels.map((l) => l.toLowerCase());
  if (labels.some((l) => wanted.includes(l.toLowerCase()))) return [];
  return [
    {
      line,
      message: `the template does not apply an incident label (${config.incident.labels.join(', ')}), so the app will ignore issues made from it; add it to "labels"`,
    },
  ];
}

function checkBody(body: string, config: IncidentConfig, lineOf: (line: number) => number): TemplateResult {
  const incident = parseIncident({ body, options: parseOptionsOf(config) });
  const findings = incident.warnings.map((w) => ({ line: lineOf(w.line), message: w.message }));
  const notes = incident.notes.map((n) => ({ line: lineOf(n.line), message: n.message }));
  // How each task list was read, so an author sees why a list is (not) a checklist.
  // A plain checklist needs no note (--json lists every list); answers, mixed lists and lists with a
  // cue that still read as steps do.
  const lists = incident.lists.map((l) => ({ ...l, line: lineOf(l.line) }));
  for (const list of lists) {
    if (list.reading === 'steps' && list.why.startsWith('no question')) continue;
    if (list.reading === 'action items') continue;
    const label = list.label === null ? 'the list' : `the list under "${list.label}"`;
    notes.push({ line: list.line, message: `${label} is read as ${list.reading}: ${list.why}` });
  }
  // Postmortem and status forms have no checklist by design: the app then tracks fields only.
  if (incident.steps.length === 0)
    notes.push({
      line: 1,
      message:
        'no steps: the app will track fields only; write a checklist as task items ("- [ ] step") if responders should tick steps',
    });
  return {
    findings,
    notes,
    lists,
    steps: incident.steps.length,
    withDeadline: incident.steps.filter((s) => s.deadline).length,
  };
}

function checkMarkdown(text: string, config: IncidentConfig): TemplateResult {
  const { frontMatter, body } = splitFrontMatter(text);
  const result = checkBody(body, config, (line) => line);
  if (frontMatter === null) {
    result.findings.push({
      line: 1,
      message: 'no front matter: an issue template starts with "---", name, about and labels, then "---"',
    });
    return result;
  }
  let meta: { labels?: string[] | string } = {};
  try {
    meta = (loadYaml(frontMatter) ?? {}) as typeof meta;
  } catch (error) {
    const line = error instanceof YamlSyntaxError && error.line !== undefined ? error.line + 1 : 1;
    result.findings.push({ line, message: `front matter is not valid YAML: ${(error as Error).message}` });
    return result;
  }
  const labelsLine = frontMatter.split('\n').findIndex((l) => /^labels\s*:/.test(l));
  result.findings.push(...labelFinding(formLabels(meta), config, labelsLine === -1 ? 1 : labelsLine + 2));
  return result;
}

function checkForm(text: string, config: IncidentConfig): TemplateResult {
  let form: IssueForm;
  try {
    form = (loadYaml(text) ?? {}) as IssueForm;
  } catch (error) {
    const line = error instanceof YamlSyntaxError ? (error.line ?? 1) : 1;
    return {
      findings: [{ line, message: `not valid YAML: ${(error as Error).message}` }],
      notes: [],
      steps: 0,
      withDeadline: 0,
    };
  }
  if (typeof form !== 'object' || !Array.isArray(form.body)) {
    return {
      findings: [{ line: 1, message: 'not an issue form: expected "name", "description" and a "body" list' }],
      notes: [],
      steps: 0,
      withDeadline: 0,
    };
  }
  const lines = text.split(/\r?\n/);
  // Body elements in file order, to point findings at the element they came from.
  const elementLines = lines.flatMap((l, i) => (/^\s*-\s+type\s*:/.test(l) ? [i + 1] : []));
  const rendered = renderFormBody(form);
  const result = checkBody(rendered.body, config, (line) => elementLines[rendered.elementOfLine[line - 1] ?? 0] ?? 1);
  const labelsLine = lines.findIndex((l) => /^labels\s*:/.test(l));
  result.findings.push(...labelFinding(formLabels(form), config, labelsLine + 1 || 1));
  form.body.forEach((element, index) => {
    if (element.type !== 'dropdown' || !isSeverityField(element.attributes?.label ?? '')) return;
    for (const option of element.attributes?.options ?? []) {
      const label = typeof option === 'string' ? option : (option.label ?? '');
      if (matchSeverity({ text: label, levels: parseOptionsOf(config).levels }).kind !== 'level') {
        result.findings.push({
          line: elementLines[index] ?? 1,
          message: `severity option "${label}" is not a configured level (${config.severity.levels.map((l) => l.name).join(', ')})`,
        });
      }
    }
  });
  return result;
}

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
    const result = /\.ya?ml$/i.test(file) ? checkForm(text, config) : checkMarkdown(text, config);
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
