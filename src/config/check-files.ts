import { parseOptionsOf } from './parse-options.js';
import type { IncidentConfig } from './schema.js';
import { defaultConfig, parseConfigYaml } from './load.js';
import { loadYaml, YamlSyntaxError } from './yaml.js';
import { parseIncident } from '../domain/template/checklist.js';
import { splitFrontMatter } from '../domain/reports/front-matter.js';
import { formLabels, renderFormBody, type IssueForm } from '../domain/template/issue-form.js';
import { isSeverityField, matchSeverity } from '../domain/template/severity.js';
import type { ListReading } from '../domain/template/types.js';
import { CONFIG_PATH, type FileFinding } from '../domain/checks/check-run.js';

/**
 * What `check` finds in a config and in issue templates, as data with lines: the CLI prints it
 * (`file:line: message`), the App and the Action post it as a check run on the change (issue #28).
 * Findings fail the check; notes say how something was read and never fail it.
 */
/** Best-effort line of a key path such as `severity.levels[1].label`, so editors can jump to it. */
export function lineOfPath(text: string, path: string): number {
  const lines = text.split(/\r?\n/);
  let from = 0;
  for (const segment of path.split(/[.[\]]+/).filter((s) => s !== '' && !/^\d+$/.test(s))) {
    const re = new RegExp(`^\\s*(?:-\\s+)?["']?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    const found = lines.findIndex((line, i) => i >= from && re.test(line));
    if (found === -1) break;
    from = found;
  }
  return from + 1;
}

export interface Finding {
  line: number;
  message: string;
}

export interface TemplateResult {
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

export function checkMarkdown(text: string, config: IncidentConfig): TemplateResult {
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

export function checkForm(text: string, config: IncidentConfig): TemplateResult {
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

/** A config's problems, each at its line (a key path is found in the text when the parser gives none). */
export function checkConfigText(text: string): { config: IncidentConfig; findings: Finding[] } {
  const { config, errors } = parseConfigYaml(text);
  return {
    config,
    findings: errors.map((error) => ({
      line: error.line ?? lineOfPath(text, error.path),
      message: `${error.path === '(root)' ? '' : `${error.path}: `}${error.message}`,
    })),
  };
}

/** A template by its file name: an issue form (.yml, .yaml) or a markdown template. */
export function checkTemplateText(params: { path: string; text: string; config?: IncidentConfig }): TemplateResult {
  const config = params.config ?? defaultConfig();
  return /\.ya?ml$/i.test(params.path) ? checkForm(params.text, config) : checkMarkdown(params.text, config);
}

/**
 * A template the app would act on: it applies an incident label, or its file is named for incidents
 * (so a template that lost its label is still checked and told so). Bug-report templates are not.
 */
export function isIncidentTemplate(params: { path: string; text: string; config: IncidentConfig }): boolean {
  const name = params.path.slice(params.path.lastIndexOf('/') + 1);
  if (/incident/i.test(name)) return true;
  const wanted = new Set(params.config.incident.labels.map((l) => l.toLowerCase()));
  try {
    const meta = /\.ya?ml$/i.test(name)
      ? loadYaml(params.text)
      : loadYaml(splitFrontMatter(params.text).frontMatter ?? '');
    return formLabels((meta ?? {}) as IssueForm).some((l) => wanted.has(l.toLowerCase()));
  } catch {
    return false;
  }
}

/** What `check` finds in a repository's config and incident templates, each finding at its file and line. */
export function checkRepositoryFiles(params: {
  config: string | null;
  templates: ReadonlyArray<{ path: string; text: string }>;
}): { files: string[]; findings: FileFinding[] } {
  const files: string[] = [];
  const findings: FileFinding[] = [];
  let config = defaultConfig();
  if (params.config !== null) {
    const checked = checkConfigText(params.config);
    config = checked.config;
    files.push(CONFIG_PATH);
    findings.push(
      ...checked.findings.map((f) => ({
        path: CONFIG_PATH,
        line: f.line,
        level: 'failure' as const,
        message: f.message,
      })),
    );
  }
  for (const template of params.templates) {
    if (!isIncidentTemplate({ ...template, config })) continue;
    files.push(template.path);
    const result = checkTemplateText({ ...template, config });
    findings.push(
      ...result.findings.map((f) => ({
        path: template.path,
        line: f.line,
        level: 'failure' as const,
        message: f.message,
      })),
      ...result.notes.map((f) => ({ path: template.path, line: f.line, level: 'notice' as const, message: f.message })),
    );
  }
  return { files, findings };
}
