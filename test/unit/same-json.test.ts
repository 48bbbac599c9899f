import { describe, expect, it } from '@jest/globals';
import { sameJson } from '../../src/domain/shared/same-json.js';

/** JSON with every object's keys sorted: what "the same JSON, key order aside" means. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

const at = new Date('2026-12-05T01:00:00Z');

describe('sameJson', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['equal scalars', 'a', 'a', true],
    ['different strings', 'a', 'b', false],
    ['a number and its string', 1, '1', false],
    ['null and an absent value in an array', [null], [undefined], true],
    ['NaN and null, as JSON writes them', [Number.NaN], [null], true],
    ['key order', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }, true],
    ['an undefined property and none', { a: 1, b: undefined }, { a: 1 }, true],
    ['a missing property', { a: 1, b: 2 }, { a: 1 }, false],
    ['an extra property on the right', { a: 1 }, { a: 1, b: null }, false],
    ['a nested difference', { a: { b: { c: 'x' } } }, { a: { b: { c: 'y' } } }, false],
    ['array order', [1, 2], [2, 1], false],
    ['array length', [1], [1, 1], false],
    ['an array and an object', [], {}, false],
    ['a Date and its JSON', { at }, { at: at.toISOString() }, true],
    ['two different Dates', { at }, { at: new Date(0) }, false],
    ['null and an empty object', null, {}, false],
  ])('%s', (_name, a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
    expect(sameJson(b, a)).toBe(same);
    // The control: what serialising both sides (keys sorted) says.
    expect(canonical(a) === canonical(b)).toBe(same);
  });

  it('leaves the given top-level keys out, and only those', () => {
    const ignored = new Set(['viewKey', 'warned']);
    expect(sameJson({ a: 1, viewKey: 'x', warned: { k: '1' } }, { a: 1, viewKey: 'y' }, ignored)).toBe(true);
    expect(sameJson({ a: 1, viewKey: 'x' }, { a: 2, viewKey: 'x' }, ignored)).toBe(false);
    // Not below the top level.
    expect(sameJson({ a: { viewKey: 'x' } }, { a: { viewKey: 'y' } }, ignored)).toBe(false);
  });
});
