/**
 * Where a report file may be written. A report path comes from a config that any writer of the
 * incident repository controls, and the app commits the file as itself: a path such as
 * `.github/workflows/x.yml` or `test/{slug}.test.js` would let that writer run code in the reports
 * repository's CI. So a report is a Markdown file, relative to the repository root, outside `.github/`,
 * and named per incident (`{slug}` or `{number}`) so two incidents never write the same file.
 */

/** The placeholders a report path may use; each expands to one path segment's worth of safe text. */
export const REPORT_PATH_PLACEHOLDERS = ['date', 'slug', 'number', 'repo'] as const;

/** The reason a report path pattern is refused, or null when it is acceptable. */
export function reportPathProblem(pattern: string): string | null {
  if (pattern.trim() !== pattern || pattern === '')
    return 'must be a relative path such as "reports/{date}-{slug}.md", without leading or trailing spaces';
  if (pattern.startsWith('/') || pattern.includes('\\') || /^[a-z]:/i.test(pattern))
    return 'must be relative to the repository root (no leading "/", no "\\")';
  const segments = pattern.split('/');
  if (segments.some((s) => s === '')) return 'must not contain empty segments ("//" or a trailing "/")';
  if (segments.some((s) => s === '..' || s === '.')) return 'must not contain "." or ".." segments';
  if (segments[0]?.toLowerCase() === '.github')
    return 'must not be under .github/ (workflows and repository settings live there)';
  if (!pattern.toLowerCase().endsWith('.md')) return 'must end in ".md": a report is a Markdown file';
  if (!pattern.includes('{slug}') && !pattern.includes('{number}'))
    return 'must contain {slug} or {number}, so two incidents never write the same file';
  for (const m of pattern.matchAll(/\{([^{}]*)\}/g)) {
    if (!(REPORT_PATH_PLACEHOLDERS as readonly string[]).includes(m[1] ?? ''))
      return `has an unknown placeholder {${m[1] ?? ''}}: use ${REPORT_PATH_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`;
  }
  return null;
}

/**
 * A filled-in path, checked again: placeholders expand to text from the incident (its title's slug),
 * so the result must still be a plain relative Markdown path outside `.github/`.
 */
export function filledReportPathProblem(path: string): string | null {
  const segments = path.split('/');
  if (path.startsWith('/') || path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..'))
    return `"${path}" is not a plain relative path`;
  if (segments[0]?.toLowerCase() === '.github') return `"${path}" is under .github/`;
  if (!path.toLowerCase().endsWith('.md')) return `"${path}" does not end in .md`;
  return null;
}

const insideFolder = (folder: string, path: string): boolean =>
  folder === '' || path.toLowerCase().startsWith(`${folder.toLowerCase()}/`);

/**
 * A file the index pass would write, checked against the same rules as reports: a plain relative path
 * outside `.github/`, inside the reports folder, and only the index page (`.md`) or a chart (`.svg`).
 * Applied to every file of the index pull request, whatever the configuration said.
 */
export function indexFileProblem(params: { path: string; reportsDir: string }): string | null {
  const { path } = params;
  const segments = path.split('/');
  if (path.startsWith('/') || path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..'))
    return `"${path}" is not a plain relative path`;
  if (segments[0]?.toLowerCase() === '.github') return `"${path}" is under .github/`;
  if (!insideFolder(params.reportsDir, path)) return `"${path}" is outside the reports folder "${params.reportsDir}"`;
  if (!/\.(?:md|svg)$/i.test(path)) return `"${path}" is neither the index page (.md) nor a chart (.svg)`;
  return null;
}

/** The index layout's problem (its page and chart folder under the same rules), or null. */
export function indexLayoutProblem(params: {
  reportsDir: string;
  indexPath: string;
  chartsDir: string;
}): string | null {
  if (!params.indexPath.toLowerCase().endsWith('.md'))
    return `the index page "${params.indexPath}" does not end in .md`;
  return (
    indexFileProblem({ path: params.indexPath, reportsDir: params.reportsDir }) ??
    indexFileProblem({ path: `${params.chartsDir}/chart.svg`, reportsDir: params.reportsDir })
  );
}
