import type { Clock, TimerHandle } from './clock.js';

/**
 * The safety net (issue 3): on start and every `everyMinutes`, walk every installation's repositories,
 * find incident issues (open ones, and closed ones updated within the horizon, because post-incident
 * steps keep counting after close) and hand each to `found`, which re-arms it. A restart or a missed
 * webhook therefore loses nothing. Each sweep spends at most `budget` requests (like actions/stale's
 * operations-per-run); when the budget runs out, the next sweep continues where this one stopped.
 *
 * GitHub access is injected as page iterators: each yielded page is one request.
 */
export interface SweepSource {
  listInstallations(): AsyncIterable<Array<{ id: number }>>;
  listRepositories(installationId: number): AsyncIterable<Array<{ owner: string; repo: string }>>;
  listIncidentIssues(params: {
    installationId: number;
    owner: string;
    repo: string;
    label: string;
    state: 'open' | 'closed';
    since?: Date;
  }): AsyncIterable<Array<{ number: number }>>;
}

export interface SweepItem {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
}

interface SweepLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

class BudgetSpent extends Error {}

export class Sweeper {
  private readonly clock: Clock;
  private readonly source: SweepSource;
  private readonly labelsFor: (owner: string, repo: string, installationId: number) => Promise<string[]>;
  private readonly found: (item: SweepItem) => void;
  private readonly everyMs: number;
  private readonly horizonMs: number;
  private readonly budget: number;
  private readonly log: SweepLog | undefined;
  private timer: TimerHandle | null = null;
  private running: Promise<{ issues: number; requests: number; complete: boolean }> | null = null;
  /** Where an interrupted sweep resumes: after the last repository it finished. */
  private cursor: string | null = null;
  private stopped = true;

  constructor(params: {
    clock: Clock;
    source: SweepSource;
    labelsFor: (owner: string, repo: string, installationId: number) => Promise<string[]>;
    found: (item: SweepItem) => void;
    everyMinutes?: number;
    horizonMinutes?: number;
    budget?: number;
    log?: SweepLog;
  }) {
    this.clock = params.clock;
    this.source = params.source;
    this.labelsFor = params.labelsFor;
    this.found = params.found;
    this.everyMs = (params.everyMinutes ?? 15) * 60_000;
    this.horizonMs = (params.horizonMinutes ?? 14 * 24 * 60) * 60_000;
    this.budget = params.budget ?? 1_000;
    this.log = params.log;
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
      this.log?.warn({ err: error }, 'incident sweep failed; retrying at the next interval');
    }
    if (!this.stopped) this.timer = this.clock.setTimer(new Date(this.clock.now().getTime() + this.everyMs), () => void this.tick());
  }

  /** Resolves when no sweep is running (tests and the simulator wait on it). */
  idle(): Promise<void> {
    return this.running ? this.running.then(() => undefined, () => undefined) : Promise.resolve();
  }

  /** One sweep; never two at once (a second call joins the running one). */
  sweepOnce(): Promise<{ issues: number; requests: number; complete: boolean }> {
    this.running ??= this.sweep().finally(() => (this.running = null));
    return this.running;
  }

  private async sweep(): Promise<{ issues: number; requests: number; complete: boolean }> {
    let requests = 0;
    let issues = 0;
    const resumeAt = this.cursor;
    let skipping = resumeAt !== null;
    const since = new Date(this.clock.now().getTime() - this.horizonMs);
    let finishedRepos = 0;
    // The first repository of a sweep always finishes, even past the budget, so a repository with more
    // incidents than one budget still gets swept and the next sweep moves on.
    const spend = (): void => {
      requests += 1;
      if (requests > this.budget && finishedRepos > 0) throw new BudgetSpent();
    };
    try {
      for await (const installations of this.source.listInstallations()) {
        spend();
        for (const installation of installations) {
          for await (const repos of this.source.listRepositories(installation.id)) {
            spend();
            for (const { owner, repo } of repos) {
              const key = `${installation.id}:${owner}/${repo}`;
              if (skipping) {
                if (key === resumeAt) skipping = false;
                continue;
              }
              try {
                const labels = await this.labelsFor(owner, repo, installation.id);
                const seen = new Set<number>();
                for (const label of labels) {
                  for (const state of ['open', 'closed'] as const) {
                    const pages = this.source.listIncidentIssues({ installationId: installation.id, owner, repo, label, state, ...(state === 'closed' ? { since } : {}) });
                    for await (const page of pages) {
                      spend();
                      for (const issue of page) {
                        if (seen.has(issue.number)) continue;
                        seen.add(issue.number);
                        issues += 1;
                        this.found({ installationId: installation.id, owner, repo, number: issue.number });
                      }
                    }
                  }
                }
              } catch (error) {
                if (error instanceof BudgetSpent) throw error;
                this.log?.warn({ err: error, owner, repo }, 'sweep skipped a repository');
              }
              finishedRepos += 1;
              this.cursor = key;
            }
          }
        }
      }
    } catch (error) {
      if (!(error instanceof BudgetSpent)) throw error;
      this.log?.info?.({ requests: requests - 1, cursor: this.cursor }, 'sweep budget spent; continuing next time');
      return { issues, requests: requests - 1, complete: false };
    }
    this.cursor = null;
    return { issues, requests, complete: true };
  }
}
