/**
 * A pure function's results, remembered by key and bounded: the memo is emptied when it holds `limit`
 * results, which is cheaper than LRU bookkeeping and enough for the bursts these serve (the same
 * texts, times and ids again and again). `keep` says which keys are worth remembering (long texts are
 * computed each time rather than held).
 */
export function boundedMemo<K, V>(params: {
  limit: number;
  compute: (key: K) => V;
  keep?: (key: K) => boolean;
}): (key: K) => V {
  const results = new Map<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key) as V;
    const value = params.compute(key);
    if (params.keep?.(key) ?? true) {
      if (results.size >= params.limit) results.clear();
      results.set(key, value);
    }
    return value;
  };
}
