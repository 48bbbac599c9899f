/**
 * Issue forms (`.github/ISSUE_TEMPLATE/*.yml`): what GitHub puts in the issue body when a form is
 * submitted, so a form can be parsed and checked like a markdown template. GitHub writes each input as
 * `### Label`, a blank line, then the value, or `_No response_` when left empty.
 * https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms
 */

export interface FormElement {
  type: string;
  id?: string;
  attributes?: {
    label?: string;
    value?: string;
    options?: Array<string | { label?: string }>;
    default?: number;
  };
}

export interface IssueForm {
  name?: string;
  description?: string;
  title?: string;
  labels?: string[] | string;
  body?: FormElement[];
}

export interface RenderedForm {
  body: string;
  /** For each body line (0-based), the element index it came from, so findings point at the form. */
  elementOfLine: number[];
}

export function formLabels(form: IssueForm): string[] {
  if (Array.isArray(form.labels)) return form.labels.map(String);
  if (typeof form.labels === 'string')
    return form.labels
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  return [];
}

function optionLabel(option: string | { label?: string } | undefined): string {
  return typeof option === 'string' ? option : (option?.label ?? '');
}

/** The body GitHub would create from the form submitted with every default value. */
export function renderFormBody(form: IssueForm): RenderedForm {
  const lines: string[] = [];
  const elementOfLine: number[] = [];
  const push = (text: string, element: number): void => {
    for (const line of text.split('\n')) {
      lines.push(line);
      elementOfLine.push(element);
    }
  };
  (form.body ?? []).forEach((element, index) => {
    if (element.type === 'markdown') return;
    const label = element.attributes?.label ?? element.id ?? element.type;
    let value: string;
    if (element.type === 'dropdown') {
      const chosen = element.attributes?.default;
      value = chosen === undefined ? '' : optionLabel(element.attributes?.options?.[chosen]);
    } else if (element.type === 'checkboxes') {
      value = (element.attributes?.options ?? []).map((o) => `- [ ] ${optionLabel(o)}`).join('\n');
    } else {
      value = element.attributes?.value ?? '';
    }
    if (lines.length > 0) push('', index);
    push(`### ${label}`, index);
    push('', index);
    push(value.trim() === '' ? '_No response_' : value.trimEnd(), index);
  });
  return { body: lines.join('\n'), elementOfLine };
}
