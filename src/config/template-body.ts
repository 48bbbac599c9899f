import { splitFrontMatter } from '../domain/front-matter.js';
import { renderFormBody, type IssueForm } from '../domain/issue-form.js';
import { loadYaml } from './yaml.js';

/** The body GitHub would hold for a template file: issue forms rendered, front matter blanked. */
export function bodyOfFile(path: string, text: string): string {
  if (/\.ya?ml$/i.test(path)) return renderFormBody((loadYaml(text) ?? {}) as IssueForm).body;
  return splitFrontMatter(text).body;
}
