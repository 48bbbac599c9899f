/** Well-formed enough for GitHub to show an SVG inline: every tag closed in order (linear scan, no backtracking). */
export function tagsBalance(svg: string): boolean {
  const stack: string[] = [];
  for (const [, closing, name, rest] of svg.matchAll(/<(\/?)([a-z][\w:-]*)((?:[^\w:>-][^>]*)?)>/gi)) {
    if (rest?.endsWith('/')) continue;
    if (closing === '/') {
      if (stack.pop() !== name) return false;
    } else stack.push(name as string);
  }
  return stack.length === 0;
}
