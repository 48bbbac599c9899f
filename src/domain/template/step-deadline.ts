import { combineDeadlines, findDeadlinePhrase, parseDeadlineCode, variantLabel } from './deadlines.js';
import { inlinePieces, plainText, type InlinePiece } from './markdown.js';
import { lineOf, type ItemNode } from './document-tree.js';
import type { DeadlineRule, ParseOptions } from './parse-options.js';
import { taskHead } from './task-head.js';
import type { Anchor, Deadline, ParseWarning, Variant } from './types.js';

export interface Candidate {
  deadline: Deadline;
  variant: Variant | null;
}

/** Deadline code spans of a paragraph, each with the Daytime / Off-hours label that follows it. */
export function codeDeadlines(params: {
  pieces: readonly InlinePiece[];
  anchor: Anchor;
  line: number;
  warnings: ParseWarning[];
}): { candidates: Candidate[]; used: Set<number> } {
  const candidates: Candidate[] = [];
  const used = new Set<number>();
  params.pieces.forEach((piece, index) => {
    if (piece.kind !== 'code') return;
    const parsed = parseDeadlineCode({ code: piece.content, defaultAnchor: params.anchor });
    if (parsed.kind === 'deadline') {
      const after = params.pieces
        .slice(index + 1, index + 3)
        .map((p) => p.content)
        .join('');
      candidates.push({ deadline: parsed.deadline, variant: variantLabel(after) });
      used.add(index);
      return;
    }
    // The grammar only calls a span invalid when it opens like a deadline (a number and a unit-like
    // word, "within", "every", `T+`, `EOD`), so a warning is due wherever the span sits.
    if (parsed.kind === 'invalid') params.warnings.push({ line: params.line, message: parsed.message });
  });
  return { candidates, used };
}

/** Code-span deadlines in the bullets below a step (not below its sub-steps, which have their own). */
function childDeadlines(params: { node: ItemNode; anchor: Anchor; warnings: ParseWarning[] }): Candidate[] {
  const found: Candidate[] = [];
  for (const child of params.node.children) {
    if (taskHead(child.first)) continue;
    if (child.first) {
      const { candidates } = codeDeadlines({
        pieces: inlinePieces(child.first),
        anchor: params.anchor,
        line: lineOf(child.open),
        warnings: params.warnings,
      });
      found.push(...candidates);
    }
    found.push(...childDeadlines({ node: child, anchor: params.anchor, warnings: params.warnings }));
  }
  return found;
}

function ruleDeadline(params: { text: string; anchor: Anchor; rules: readonly DeadlineRule[] }): Deadline | null {
  const text = params.text.toLowerCase();
  for (const rule of params.rules) {
    if (rule.match.trim() === '' || !text.includes(rule.match.toLowerCase())) continue;
    const parsed = parseDeadlineCode({ code: rule.deadline, defaultAnchor: rule.anchor ?? params.anchor });
    if (parsed.kind === 'deadline') return rule.anchor ? { ...parsed.deadline, anchor: rule.anchor } : parsed.deadline;
  }
  return null;
}

/** Own code span > phrase in the step > phrase in its quoted notes > child bullets > timing heading > config rule. */
export function stepDeadline(params: {
  node: ItemNode;
  pieces: readonly InlinePiece[];
  candidates: readonly Candidate[];
  text: string;
  anchor: Anchor;
  options: ParseOptions;
  warnings: ParseWarning[];
}): Deadline | null {
  const own = combineDeadlines(params.candidates);
  if (own) return own;
  const phrase = findDeadlinePhrase({ text: params.text, defaultAnchor: params.anchor });
  if (phrase.kind === 'deadline') return phrase.deadline;
  const notes = params.node.quoted.map((t) => plainText(inlinePieces(t))).join(' ');
  const quoted = notes === '' ? null : findDeadlinePhrase({ text: notes, defaultAnchor: params.anchor });
  if (quoted?.kind === 'deadline') return quoted.deadline;
  const fromChildren = combineDeadlines(
    childDeadlines({ node: params.node, anchor: params.anchor, warnings: params.warnings }),
  );
  if (fromChildren) return fromChildren;
  if (params.node.context.deadline) return params.node.context.deadline;
  return ruleDeadline({ text: params.text, anchor: params.anchor, rules: params.options.deadlineRules });
}
