/**
 * Whether two JSON-like values serialise to the same JSON, the order of keys aside, without serialising
 * them: the status comment's metadata is compared on every pass (is there anything to write?), and
 * stopping at the first difference costs a fraction of writing out both sides. As JSON.stringify sees
 * values: a property that is undefined (or a function) is absent, in an array it is null, as are NaN
 * and the infinities; a value with `toJSON` (a Date) is what that returns. `ignored`: top-level keys
 * of two objects left out of the comparison.
 */
export function sameJson(a: unknown, b: unknown, ignored: ReadonlySet<string> = NONE): boolean {
  return sameValue(a, b, ignored);
}

const NONE: ReadonlySet<string> = new Set();

const absent = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A scalar as JSON writes it (objects never reach this). */
function scalar(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (absent(v)) return null;
  return v;
}

function jsonOf(v: object): unknown {
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(v) : v;
}

function sameValue(a: unknown, b: unknown, ignored: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && a !== null && typeof (a as { toJSON?: unknown }).toJSON === 'function')
    return sameValue(jsonOf(a), b, ignored);
  if (typeof b === 'object' && b !== null && typeof (b as { toJSON?: unknown }).toJSON === 'function')
    return sameValue(a, jsonOf(b), ignored);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return scalar(a) === scalar(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (!(absent(x) && absent(y)) && !sameValue(x, y, NONE)) return false;
    }
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(left)) {
    if (ignored.has(key) || absent(left[key])) continue;
    count++;
    if (!Object.hasOwn(right, key) || absent(right[key]) || !sameValue(left[key], right[key], NONE)) return false;
  }
  for (const key of Object.keys(right)) if (!ignored.has(key) && !absent(right[key])) count--;
  return count === 0;
}
