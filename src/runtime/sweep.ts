import type { Clock, TimerHandle } from './clock.js';
import { loggableError } from './loggable-error.js';

/**
 * The safety net (issue 3): on start and every `everyMinutes`, walk every installation's repositories,
 * find incident issues (open ones, and closed ones updated within the horizon, because post-incident
 * steps keep counting after close) and hand each to `found`, which re-arms it. A restart or a missed
 * webhook therefore loses nothing.
 *
 * Incremental (issue 13): a repository's first sweep in this process lists its open incidents and
 * those closed within the horizon; later sweeps list only what was updated `since` (one listing per
 * label, open and closed at once), and the source asks conditionally, so a repository where nothing
 * changed costs a 304, which GitHub does not count. `since` stays put while the listing comes back
 * empty, so the same request (and its ETag) is asked again. `found` skips incidents the process
 * already knows in that state. Each installation has its own budget per sweep, counting the sweep's
 * listings and the jobs it starts (`cost`); when it runs out, that installation's next sweep continues
 * where this one stopped (like actions/stale's operations-per-run), and the others are not held up.
 * With `spread`, an installation's repositories are swept spread over half the interval, not in a burst
 * (asked at the start of each sweep: a sweep that recovers lost work goes at once).
 *
 * GitHub access is injected as page iterators: each yielded page is one request, unless it is marked
 * `notModified` (a 304 answered from the source's cache, free).
 */
export type SweepPage<T> = T[] & { notModified?: boolean };

export interface SweepIssue {
  number: number;
  /** `updated_at` as listed: the state the listing saw. */
  updatedAt?: string;
  /** The issue as listed (REST JSON), so a job need not read it again. */
  issue?: unknown;
}

export interface SweepSource {
  listInstallations(): AsyncIterable<SweepPage<{ id: number }>>;
  listRepositories(installationId: number): AsyncIterable<SweepPage<{ owner: string; repo: string }>>;
  listIncidentIssues(params: {
    installationId: number;
    owner: string;
    repo: string;
    label: string;
    state: 'open' | 'closed' | 'all';
    since?: Date;
  }): AsyncIterable<SweepPage<SweepIssue>>;
}

export interface SweepItem {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  updatedAt?: string;
  issue?: unknown;
}

interface SweepLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

class BudgetSpent extends Error {}

/** A little overlap between one sweep's `since` and the last: GitHub's times have whole seconds. */
const SINCE_OVERLAP_MS = 60_000;
/** The longest pause between two repositories of a spread sweep. */
const MAX_SPREAD_PAUSE_MS = 30_000;

export interface SweepResult {
  issues: number;
  requests: number;
  complete: boolean;
}

export class Sweeper {
  private readonly clock: Clock;
  private readonly source: SweepSource;
  private readonly labelsFor: (owner: string, repo: string, installationId: number) => Promise<string[]>;
  private readonly found: (item: SweepItem) => unknown;
  private readonly cost: (item: SweepItem) => number;
  private readonly skip: (installationId: number) => boolean;
  private readonly everyMs: number;
  private readonly horizonMs: number;
  private readonly budget: number;
  private readonly spread: () => boolean;
  private readonly log: SweepLog | undefined;
  private readonly onSweep: ((result: SweepResult & { durationMs: number }) => void) | undefined;
  private readonly onStart: (() => void) | undefined;
  /** The next sweep lists every repository in full, from the first (see `relistAll`). */
  private relist = false;
  private timer: TimerHandle | null = null;
  private running: Promise<SweepResult> | null = null;
  /** Per installation: where an interrupted sweep resumes, after the last repository it finished. */
  private readonly cursors = new Map<number, string>();
  /** Per repository and label: the `since` of its incremental listing (absent: not swept yet in this process). */
  private readonly sinceOf = new Map<string, number>();
  private stopped = true;

  constructor(params: {
    clock: Clock;
    source: SweepSource;
    labelsFor: (owner: string, repo: string, installationId: number) => Promise<string[]>;
    found: (item: SweepItem) => unknown;
    /** Requests the job `found` starts for this item will make (0 when it skips it); counted in the budget. */
    cost?: (item: SweepItem) => number;
    everyMinutes?: number;
    horizonMinutes?: number;
    /** Requests per installation per sweep. */
    budget?: number;
    /** An installation to leave for a later sweep (its rate limit is low: events go first). */
    skip?: (installationId: number) => boolean;
    spread?: boolean | (() => boolean);
    log?: SweepLog;
    /** Told after each sweep what it cost (the sweep metrics). */
    onSweep?: (result: SweepResult & { durationMs: number }) => void;
    /** Told as each sweep starts, before it lists anything. */
    onStart?: () => void;
  }) {
    this.clock = params.clock;
    this.source = params.source;
    this.labelsFor = params.labelsFor;
    this.found = params.found;
    this.cost = params.cost ?? (() => 0);
    this.skip = params.skip ?? (() => false);
    this.everyMs = (params.everyMinutes ?? 15) * 60_000;
    this.horizonMs = (params.horizonMinutes ?? 14 * 24 * 60) * 60_000;
    this.budget = params.budget ?? 1_000;
    const spread = params.spread ?? false;
    this.spread = typeof spread === 'function' ? spread : () => spread;
    this.log = params.log;
    this.onSweep = params.onSweep;
    this.onStart = params.onStart;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    try {
      await this.sweepOnce();
    } catch (error) {
      this.log?.warn(loggableError(error), 'incident sweep failed; retrying at the next interval');
    }
    if (!this.stopped)
      this.timer = this.clock.setTimer(new Date(this.clock.now().getTime() + this.everyMs), () => void this.tick());
  }

  /** Resolves when no sweep is running (tests and the simulator wait on it). */
  idle(): Promise<void> {
    return this.running
      ? this.running.then(
          () => undefined,
          () => undefined,
        )
      : Promise.resolve();
  }

  /**
   * The next sweep to start lists every repository as the first sweep does (open incidents and those
   * closed within the horizon) and from the first repository: what an emptied Redis lost (wake-ups,
   * queued commands) belongs to incidents the incremental listing would skip as unchanged.
   */
  relistAll(): void {
    this.relist = true;
  }

  /** One sweep; never two at once (a second call joins the running one). */
  sweepOnce(): Promise<SweepResult> {
    if (!this.running) {
      if (this.relist) {
        this.sinceOf.clear();
        this.cursors.clear();
        this.relist = false;
      }
      this.onStart?.();
      const started = this.clock.now().getTime();
      this.running = this.sweep()
        .then((result) => {
          this.onSweep?.({ ...result, durationMs: this.clock.now().getTime() - started });
          return result;
        })
        .finally(() => (this.running = null));
    }
    return this.running;
  }

  private async sweep(): Promise<SweepResult> {
    const total = { issues: 0, requests: 0 };
    let complete = true;
    let appRequests = 0;
    let first = true;
    for await (const installations of this.source.listInstallations()) {
      if (!installations.notModified) appRequests += 1;
      for (const installation of installations) {
        // Said once in the logs by whoever decides (the rate budget), not at every sweep.
        if (this.skip(installation.id)) {
          complete = false;
          continue;
        }
        // The app-level listing counts in the first installation's budget.
        const result = await this.sweepInstallation(installation.id, first ? appRequests : 0);
        if (first) appRequests = 0;
        first = false;
        total.issues += result.issues;
        total.requests += result.requests;
        complete &&= result.complete;
      }
    }
    total.requests += appRequests;
    return { ...total, complete };
  }

  private async sweepInstallation(installationId: number, alreadySpent: number): Promise<SweepResult> {
    let requests = alreadySpent;
    let issues = 0;
    const resumeAt = this.cursors.get(installationId) ?? null;
    let skipping = resumeAt !== null;
    const started = this.clock.now().getTime();
    const horizon = new Date(started - this.horizonMs);
    let finishedRepos = 0;
    // The first repository of a sweep always finishes, even past the budget, so a repository with more
    // incidents than one budget still gets swept and the next sweep moves on.
    const spend = (n = 1): void => {
      requests += n;
      if (requests > this.budget && finishedRepos > 0) throw new BudgetSpent();
    };
    try {
      let pauseMs: number | null = this.spread() ? null : 0;
      for await (const repos of this.source.listRepositories(installationId)) {
        if (!repos.notModified) spend();
        // Spread over half the interval, sized by the first page (up to 100 repositories).
        pauseMs ??= repos.length > 0 ? Math.min(MAX_SPREAD_PAUSE_MS, this.everyMs / 2 / repos.length) : 0;
        for (const { owner, repo } of repos) {
          const key = `${installationId}:${owner}/${repo}`;
          if (skipping) {
            if (key === resumeAt) skipping = false;
            continue;
          }
          if (pauseMs > 0 && finishedRepos > 0) await this.pause(pauseMs);
          try {
            const labels = await this.labelsFor(owner, repo, installationId);
            const seen = new Set<number>();
            for (const label of labels) {
              const sinceKey = `${key}:${label}`;
              const since = this.sinceOf.get(sinceKey);
              const listings =
                since === undefined
                  ? [{ state: 'open' as const }, { state: 'closed' as const, since: horizon }]
                  : [{ state: 'all' as const, since: new Date(since) }];
              let listed = 0;
              for (const listing of listings) {
                for await (const page of this.source.listIncidentIssues({
                  installationId,
                  owner,
                  repo,
                  label,
                  ...listing,
                })) {
                  if (!page.notModified) {
                    spend();
                    listed += page.length;
                  }
                  for (const issue of page) {
                    if (seen.has(issue.number)) continue;
                    seen.add(issue.number);
                    issues += 1;
                    const item: SweepItem = {
                      installationId,
                      owner,
                      repo,
                      number: issue.number,
                      ...(issue.updatedAt ? { updatedAt: issue.updatedAt } : {}),
                      ...(issue.issue ? { issue: issue.issue } : {}),
                    };
                    spend(this.cost(item));
                    await this.found(item);
                  }
                }
              }
              // An empty answer keeps `since`, so the next sweep asks the same thing and gets a free 304.
              if (since === undefined || listed > 0) this.sinceOf.set(sinceKey, started - SINCE_OVERLAP_MS);
            }
          } catch (error) {
            if (error instanceof BudgetSpent) throw error;
            this.log?.warn({ err: error, owner, repo }, 'sweep skipped a repository');
          }
          finishedRepos += 1;
          this.cursors.set(installationId, key);
        }
      }
    } catch (error) {
      if (!(error instanceof BudgetSpent)) throw error;
      this.log?.info?.(
        { installationId, requests: requests - 1, cursor: this.cursors.get(installationId) },
        'sweep budget spent; continuing next time',
      );
      return { issues, requests: requests - 1, complete: false };
    }
    this.cursors.delete(installationId);
    return { issues, requests, complete: true };
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimer(new Date(this.clock.now().getTime() + ms), resolve));
  }
}
