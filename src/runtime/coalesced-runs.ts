/**
 * Runs keyed work one at a time per key, and folds triggers together: a trigger that arrives while a
 * run is under way waits for one follow-up run (which starts after it, so it sees everything the
 * trigger saw), and every other trigger arriving meanwhile shares that same follow-up. Two triggers at
 * once make one run; a burst makes at most two.
 */
export class CoalescedRuns<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const pending = this.pending.get(key);
    if (pending) return pending;
    const current = this.running.get(key);
    if (!current) return this.start(key, fn);
    const next = current
      .catch(() => undefined)
      .then(() => {
        this.pending.delete(key);
        return this.start(key, fn);
      });
    this.pending.set(key, next);
    return next;
  }

  private start(key: string, fn: () => Promise<T>): Promise<T> {
    const run = fn().finally(() => {
      if (this.running.get(key) === run) this.running.delete(key);
    });
    this.running.set(key, run);
    return run;
  }
}
