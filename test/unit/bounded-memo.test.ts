import { describe, expect, it } from '@jest/globals';
import { boundedMemo } from '../../src/domain/shared/bounded-memo.js';

describe('boundedMemo', () => {
  it('computes a key once, holds at most `limit` results, and does not hold keys `keep` refuses', () => {
    const computed: string[] = [];
    const memo = boundedMemo({
      limit: 2,
      compute: (key: string) => (computed.push(key), key.toUpperCase()),
      keep: (key) => key !== 'long',
    });
    expect([memo('a'), memo('a'), memo('b'), memo('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
    // Full: the next new key empties it, so 'a' is computed again.
    memo('c');
    memo('a');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
    memo('long');
    memo('long');
    expect(computed.filter((k) => k === 'long')).toHaveLength(2);
  });

  it('remembers undefined and null results too', () => {
    let calls = 0;
    const memo = boundedMemo({ limit: 10, compute: () => (calls++, null) });
    memo('x');
    memo('x');
    expect(calls).toBe(1);
  });
});
