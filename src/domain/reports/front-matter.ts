/**
 * Markdown issue templates start with YAML front matter between `---` lines. The body GitHub creates
 * is what follows; blanking the front matter (instead of cutting it) keeps line numbers true to the file.
 */
export interface SplitTemplate {
  frontMatter: string | null;
  /** The body with the front-matter lines blanked, same line count as the file. */
  body: string;
}

export function splitFrontMatter(text: string): SplitTemplate {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { frontMatter: null, body: text };
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end === -1) return { frontMatter: null, body: text };
  return {
    frontMatter: lines.slice(1, end).join('\n'),
    body: lines.map((line, i) => (i <= end ? '' : line)).join('\n'),
  };
}
