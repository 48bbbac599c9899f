import type { Clock } from './clock.js';

/**
 * X-GitHub-Delivery ids of deliveries whose job succeeded. A failed delivery is not remembered, so its
 * redelivery runs again. Bounded in count and age: duplicates arrive within minutes or hours (retries,
 * a second replica, a manual redelivery), and every write is idempotent anyway; this only saves work.
 */
export class DeliveryDedupe {
  private readonly clock: Clock;
  private readonly max: number;
  private readonly ttlMs: number;
  /** Insertion-ordered: the first entries are the oldest. */
  private readonly seen = new Map<string, number>();

  constructor(params: { clock: Clock; max?: number; ttlMs?: number }) {
    this.clock = params.clock;
    this.max = params.max ?? 10_000;
    this.ttlMs = params.ttlMs ?? 24 * 60 * 60 * 1000;
  }

  has(id: string): boolean {
    this.expire();
    return this.seen.has(id);
  }

  remember(id: string): void {
    this.seen.delete(id);
    this.seen.set(id, this.clock.now().getTime());
    this.expire();
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
  }

  get size(): number {
    return this.seen.size;
  }

  private expire(): void {
    const cutoff = this.clock.now().getTime() - this.ttlMs;
    for (const [id, at] of this.seen) {
      if (at > cutoff) break;
      this.seen.delete(id);
    }
  }
}
