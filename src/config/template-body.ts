import { splitFrontMatter } from '../domain/reports/front-matter.js';
import { renderFormBody, type IssueForm } from '../domain/template/issue-form.js';
import { loadYaml } from './yaml.js';

/** The body GitHub would hold for a template file: issue forms rendered, front matter blanked. */
export function bodyOfFile(path: string, text: string): string {
  if (/\.ya?ml$/i.test(path)) return renderFormBody((loadYaml(text) ?? {}) as IssueForm).body;
  return splitFrontMatter(text).body;
}
