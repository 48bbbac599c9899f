/**
 * What the app tells its operator, as calls (the one seam between the app and Prometheus): the server and
 * the worker pass a prom-client implementation (./prometheus-metrics.ts), everything else (the Action,
 * `plan`, tests) the no-op below, so prom-client is never loaded where nobody scrapes it. Labels are
 * bounded sets: never an issue, a comment or a user.
 */
export type JobOutcome = 'ok' | 'error';

/** Read on each scrape rather than pushed: a gauge that is only as old as the scrape. */
export interface MetricSources {
  /** Jobs waiting to run, by priority name (urgent, normal, refresh; with Redis: shared). */
  queueDepth(): Promise<Record<string, number>> | Record<string, number>;
  /** Incidents with a wake-up armed (a deadline, a recurring step, a held-back refresh). */
  armed(): Promise<number> | number;
  /** Connection name -> up; empty in memory. */
  redis(): Record<string, boolean>;
}

export interface Metrics {
  /** A webhook reached the app (`event` is GitHub's event name: a bounded set). */
  webhookReceived(event: string): void;
  /** The HTTP status the server answered a webhook delivery with. */
  webhookAnswered(status: number): void;
  /** A job started `lagMs` after its webhook was received (null: a timer or the sweep queued it). */
  jobStarted(params: { kind: string; lagMs: number | null }): void;
  jobFinished(params: { kind: string; outcome: JobOutcome; durationMs: number }): void;
  /** An overdue step was named in a warning posted `latenessMs` after its deadline. */
  warningPosted(latenessMs: number): void;
  /** A request to GitHub: `kind` read or a write kind, `status` the HTTP status or `error` without an answer. */
  githubRequest(params: { kind: string; status: string }): void;
  rateLimitRemaining(params: { installation: string; remaining: number }): void;
  sweepFinished(params: { durationMs: number; requests: number; issues: number; complete: boolean }): void;
  /** Shadow mode: an intent a pass would have executed. */
  dryRunIntent(kind: string): void;
  /** Gauges read at scrape time; set once the runtime exists. */
  setSources(sources: MetricSources): void;
}

const nothing = (): void => undefined;

/** Counts nothing: the Action, the CLI and tests that do not look at metrics. */
export const noMetrics: Metrics = {
  webhookReceived: nothing,
  webhookAnswered: nothing,
  jobStarted: nothing,
  jobFinished: nothing,
  warningPosted: nothing,
  githubRequest: nothing,
  rateLimitRemaining: nothing,
  sweepFinished: nothing,
  dryRunIntent: nothing,
  setSources: nothing,
};
