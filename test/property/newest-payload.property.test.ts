import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { NewestPayloads, type PayloadStamp } from '../../src/runtime/newest-payload.js';
import { seedPropertyRuns } from '../helpers/property-seed.js';

seedPropertyRuns();

/**
 * Whatever order webhooks arrive in and however they are batched, once all have been handled the app
 * holds the last state: a payload it used in place of a read was the newest, or a later one
 * corrected it. The events mostly share one second (GitHub's `updated_at` has whole seconds),
 * and bodies come back (A to B to A) so that a late edit can look like a continuation.
 */
const T = Date.parse('2026-11-23T10:00:05Z');

interface Happened {
  stamp: PayloadStamp;
  /** The state after the event (its index in the history). */
  version: number;
}

/** An edit to one of four bodies, a label (no body replaced), or the clock moving on a second. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), to: fc.constantFrom('A', 'B', 'C', 'D') }),
  fc.record({ kind: fc.constant('label' as const) }),
  fc.record({ kind: fc.constant('tick' as const) }),
);

function history(steps: ReadonlyArray<{ kind: 'edit' | 'label' | 'tick'; to?: string }>): Happened[] {
  let body = 'A';
  let at = T;
  const events: Happened[] = [];
  for (const s of steps) {
    if (s.kind === 'tick') at += 1_000;
    else if (s.kind === 'label') events.push({ stamp: { at, bodyFrom: null, body }, version: events.length + 1 });
    // GitHub sends no edit that leaves the body as it was.
    else if (s.to !== undefined && s.to !== body) {
      events.push({ stamp: { at, bodyFrom: body, body: s.to }, version: events.length + 1 });
      body = s.to;
    }
  }
  return events;
}

describe('the newest payload, whatever the delivery order', () => {
  it('all events first, then delivered in any order and batches: the app ends on the last state', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.func(fc.integer()),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 14, maxLength: 14 }),
        (steps, order, sizes) => {
          const events = history(steps);
          if (events.length === 0) return;
          const arrival = [...events].sort((a, b) => order(a.version) - order(b.version) || a.version - b.version);
          const newest = new NewestPayloads();
          let held = 0;
          for (let i = 0, b = 0; i < arrival.length; b++) {
            const batch = arrival.slice(i, i + (sizes[b % sizes.length] ?? 1));
            i += batch.length;
            const last = batch.at(-1) as Happened;
            // Used: the payload's state; not used: a read, which sees every event (all have happened).
            held = newest.usable(
              'acme/app#1',
              batch.map((e) => e.stamp),
            )
              ? last.version
              : events.length;
          }
          expect(held).toBe(events.length);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('events and deliveries interleaved, each delivery late by a random lag: the app ends on the last state, and never holds a state older than a label it has seen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(step, fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 14 }),
        fc.boolean(),
        (plan, newestFirst) => {
          const events = history(plan.map(([s]) => s));
          if (events.length === 0) return;
          // Event k arrives after event k + lag has happened: late deliveries overtake one another.
          const lags = plan.map(([, lag]) => lag);
          const newest = new NewestPayloads();
          let held = 0;
          const delivered = new Set<number>();
          // The newest label delivered so far: no payload older than it may stand for the issue, even for a moment.
          let labelSeen = 0;
          for (let happened = 1; happened <= events.length + 6; happened++) {
            const due = events.filter(
              (e) => !delivered.has(e.version) && e.version + (lags[e.version - 1] ?? 0) <= happened,
            );
            if (due.length === 0) continue;
            for (const e of due) delivered.add(e.version);
            // Those due together come in one batch, oldest first or newest first.
            const batch = newestFirst ? due.reverse() : due;
            const truth = Math.min(happened, events.length);
            held = newest.usable(
              'acme/app#1',
              batch.map((e) => e.stamp),
            )
              ? (batch.at(-1) as Happened).version
              : truth;
            for (const e of batch) if (e.stamp.bodyFrom === null) labelSeen = Math.max(labelSeen, e.version);
            expect(held).toBeGreaterThanOrEqual(labelSeen);
          }
          expect(delivered.size).toBe(events.length);
          expect(held).toBe(events.length);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
