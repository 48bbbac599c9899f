/**
 * The index of the item to serve first: the lowest rank, and among equal ranks the one that came first
 * (lowest sequence number). The job queue and the write pacer both choose this way; an item whose order is
 * null may not be served now; -1 when none may.
 */
export function mostUrgentIndex<T>(
  items: readonly T[],
  order: (item: T) => { rank: number; seq: number } | null,
): number {
  let best = -1;
  let bestOrder: { rank: number; seq: number } | null = null;
  for (let i = 0; i < items.length; i++) {
    const o = order(items[i] as T);
    if (o === null) continue;
    if (bestOrder === null || o.rank < bestOrder.rank || (o.rank === bestOrder.rank && o.seq < bestOrder.seq)) {
      best = i;
      bestOrder = o;
    }
  }
  return best;
}
