import { configJsonSchema } from './json-schema.js';

let cache: ReadonlySet<string> | null = null;

/** Every key name the schema defines, at any depth: names outside this set come from the user's file. */
export function knownConfigKeys(): ReadonlySet<string> {
  if (cache !== null) return cache;
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const record = node as Record<string, unknown>;
    const properties = record.properties;
    if (properties !== null && typeof properties === 'object') for (const key of Object.keys(properties)) keys.add(key);
    for (const value of Object.values(record)) walk(value);
  };
  walk(configJsonSchema());
  cache = keys;
  return keys;
}
