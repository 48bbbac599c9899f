// domain/checks/: checks on the change, what `check` finds in a config or template change as a check run.

/** At most `max` characters, with an ellipsis when cut. */
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The check run's name on the commit (one per commit: found by it before another is created). */
export const CHECK_RUN_NAME = 'incident-responder: config and templates';

/**
 * GitHub takes at most 50 annotations per create or update request; more are added by further updates
 * (https://docs.github.com/en/rest/checks/runs#update-a-check-run).
 */
export const ANNOTATIONS_PER_REQUEST = 50;
/** The output's summary and text are at most 65,535 characters each (same page). */
export const MAX_OUTPUT_CHARS = 65_535;
/** Annotations the app posts on one commit at most: a file full of problems needs no more to be fixed. */
export const MAX_ANNOTATIONS = 500;

export const CONFIG_PATH = '.github/incident.yml';
export const TEMPLATE_FOLDER = '.github/ISSUE_TEMPLATE';

/** Files whose change calls for a check: the config and the issue templates (not the chooser's config.yml). */
export function isCheckedPath(path: string): boolean {
  if (path === CONFIG_PATH) return true;
  const folder = `${TEMPLATE_FOLDER}/`;
  if (!path.startsWith(folder)) return false;
  const name = path.slice(folder.length);
  return !name.includes('/') && /\.(?:md|ya?ml)$/i.test(name) && !/^config\.ya?ml$/i.test(name);
}

export interface FileFinding {
  path: string;
  line: number;
  level: 'failure' | 'warning' | 'notice';
  message: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
}

export interface CheckRunOutput {
  conclusion: 'success' | 'failure';
  output: { title: string; summary: string };
  /** In batches of ANNOTATIONS_PER_REQUEST: the first goes with the create, each further one an update. */
  batches: CheckAnnotation[][];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The check run for what `check` found in the changed files: failure when anything is a failure (an
 * error `check` exits 1 on), success otherwise; warnings and notes are annotations that do not fail it.
 * The summary lists every finding as `file:line: message`, so nothing is lost past the annotation cap.
 */
export function checkRunOutput(params: { files: readonly string[]; findings: readonly FileFinding[] }): CheckRunOutput {
  const order = { failure: 0, warning: 1, notice: 2 } as const;
  const findings = [...params.findings].sort(
    (a, b) => order[a.level] - order[b.level] || a.path.localeCompare(b.path) || a.line - b.line,
  );
  const failures = findings.filter((f) => f.level === 'failure').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const title =
    failures > 0
      ? `${plural(failures, 'problem')} in ${plural(params.files.length, 'file')}`
      : `${plural(params.files.length, 'file')} checked, no problems${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}`;
  const lines = findings.map(
    (f) => `- \`${f.path}:${f.line}\` ${f.level === 'failure' ? '' : `${f.level}: `}${f.message}`,
  );
  const summary = clip(
    [
      `Checked ${params.files.map((f) => `\`${f}\``).join(', ')} as \`incident-responder check\` does.`,
      '',
      ...(lines.length > 0 ? lines : ['Nothing to fix.']),
    ].join('\n'),
    MAX_OUTPUT_CHARS,
  );
  const annotations: CheckAnnotation[] = findings.slice(0, MAX_ANNOTATIONS).map((f) => ({
    path: f.path,
    start_line: Math.max(1, f.line),
    end_line: Math.max(1, f.line),
    annotation_level: f.level,
    message: clip(f.message, 64 * 1024),
    title: f.level === 'failure' ? 'incident-responder check' : `incident-responder check (${f.level})`,
  }));
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  return { conclusion: failures > 0 ? 'failure' : 'success', output: { title, summary }, batches };
}
