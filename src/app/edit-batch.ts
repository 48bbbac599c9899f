/**
 * A burst of body edits (ticks) waiting for the same incident joins the job already queued for it: one
 * pass, one status write, each tick still timed by its own edit. Any other event ends the batch, so
 * events are still handled in the order they came.
 */
export class EditBatches<E> {
  private readonly open = new Map<string, E[]>();

  /** Adds the event to the incident's waiting batch; false when there is none (queue a new job). */
  join(key: string, event: E): boolean {
    const waiting = this.open.get(key);
    if (!waiting) return false;
    waiting.push(event);
    return true;
  }

  /** A new batch for a new job; edits may join it until it starts or another event comes. */
  start(key: string, event: E, joinable: boolean): E[] {
    this.open.delete(key);
    const batch = [event];
    if (joinable) this.open.set(key, batch);
    return batch;
  }

  /** The job starts (or another event came): later edits queue a new job. */
  close(key: string, batch?: E[]): void {
    if (!batch || this.open.get(key) === batch) this.open.delete(key);
  }
}
