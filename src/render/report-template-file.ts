import { readFile } from 'node:fs/promises';

/**
 * The built-in report template's text, shipped in templates/ at the package root, next to lib/. One
 * module on purpose: the Action's bundle (dist/index.js, built by scripts/build-action.mjs) replaces
 * this module with the template's text inlined, so the bundled entry needs no file beside it.
 */
export function readBuiltInReportTemplate(): Promise<string> {
  return readFile(new URL('../../templates/report.md.hbs', import.meta.url), 'utf8');
}
