import { boundedMemo } from '../shared/bounded-memo.js';
import { sha256Hex } from '../shared/hash.js';
import type { Context } from './document-tree.js';

/** Every edit of an incident re-parses the same items: the ids of recent keys are kept (an id is a pure function of its key). */
const hashId = boundedMemo({
  limit: 16_384,
  compute: (input: string) => sha256Hex(input).slice(0, 12),
  keep: (input) => input.length <= 1_024,
});

/** Ids hash where an item is and what it says, never whether it is ticked or where it is in the body. */
export class IdMaker {
  private readonly seen = new Map<string, number>();

  next(kind: string, context: Context, text: string): string {
    const key = `${kind}\u0000${context.path.join('\u001f')}\u0000${text.toLowerCase()}`;
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    return hashId(`${key}\u0000${occurrence}`);
  }
}
