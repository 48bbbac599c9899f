import { boxLineOf } from '../template/checklist.js';
import type { Step } from '../template/types.js';

/**
 * A tick on GitHub flips one character of the body (`[ ]` <-> `[x]`) and nothing else. When two bodies
 * differ only there, the steps of one are the steps of the other with those boxes flipped: no markdown
 * parse is needed. Every queued edit of a burst is timed by its own body, so this saves a full parse
 * per edit. Anything else (another change, a box that is not a step's) returns null: parse the body
 * instead. The parser reads a step's box from the source, so a
 * `[x]` that CommonMark reads as a link (a definition labelled x) is no exception. A property test
 * checks the result against the full parse on generated markdown, such definitions included.
 */

/** The task marker at a list item's start: container markers, the bullet, spaces, `[ ]` and a space. */
const MARKER = /^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ x])\](?=[ \t]|$)/i;

/** A step's box: where its marker character is in the body, and which step it is. */
interface Box {
  offset: number;
  step: number;
}

/** Boxes per steps array, in body order: every edit of a burst is compared with the same base. */
const boxesOf = new WeakMap<readonly Step[], Box[] | null>();

/** Each step's box in `body` (by the step's line; `steps` are parseIncident's for `body`), or null if one is not where expected. */
function stepBoxes(body: string, steps: readonly Step[]): Box[] | null {
  let boxes = boxesOf.get(steps);
  if (boxes === undefined) boxesOf.set(steps, (boxes = findBoxes(body, steps)));
  return boxes;
}

function findBoxes(body: string, steps: readonly Step[]): Box[] | null {
  // Lines as the parser counts them: \n, \r\n (browsers send it) and a lone \r each end one.
  const lineStarts = [0];
  for (const m of body.matchAll(/\r\n?|\n/g)) lineStarts.push((m.index ?? 0) + m[0].length);
  const boxes: Box[] = [];
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index] as Step;
    // The box must be on the item's own line: an item that opens with a heading, code or a table has
    // its box (and the `[ ]` on its first line means something else) further down.
    if (boxLineOf(step) !== step.line) return null;
    const start = lineStarts[step.line - 1];
    if (start === undefined) return null;
    const next = lineStarts[step.line];
    const line = body.slice(start, next === undefined ? body.length : next).replace(/\r?\n?$/, '');
    const match = MARKER.exec(line);
    if (!match || (match[1] !== ' ') !== step.checked) return null;
    boxes.push({ offset: start + match[0].length - 2, step: index });
  }
  return boxes.sort((a, b) => a.offset - b.offset);
}

/**
 * The steps of `body`, if it is `base.body` with some steps' boxes ticked or unticked and nothing else
 * changed; otherwise null. `base.steps` must be the parse of `base.body`.
 */
export function stepsAfterTicks(params: {
  base: { body: string; steps: readonly Step[] };
  body: string;
}): Step[] | null {
  const { base, body } = params;
  if (body.length !== base.body.length) return null;
  const boxes = stepBoxes(base.body, base.steps);
  if (!boxes) return null;
  // The text between the boxes must be the same (compared a stretch at a time, natively).
  const flipped = new Map<number, boolean>();
  let from = 0;
  for (const box of boxes) {
    if (box.offset < from) return null;
    if (body.slice(from, box.offset) !== base.body.slice(from, box.offset)) return null;
    const now = body[box.offset] as string;
    if (now !== base.body[box.offset]) {
      if (now !== ' ' && now !== 'x' && now !== 'X') return null;
      flipped.set(box.step, now !== ' ');
    }
    from = box.offset + 1;
  }
  if (body.slice(from) !== base.body.slice(from)) return null;
  return base.steps.map((step, index) => {
    const checked = flipped.get(index);
    return checked === undefined || checked === step.checked ? step : { ...step, checked };
  });
}
