import type { WarnOnce } from '../github/execute.js';

export interface Logger {
  warn(obj: object, msg?: string): void;
}

/** Logs a problem the first time it is seen (per key), so a missing permission is not a log flood. */
export function warnOnceLogger(log: Logger, max = 10_000): WarnOnce {
  const seen = new Set<string>();
  return (key, obj, msg) => {
    if (seen.has(key)) return;
    if (seen.size >= max) seen.clear();
    seen.add(key);
    log.warn(obj, msg);
  };
}
