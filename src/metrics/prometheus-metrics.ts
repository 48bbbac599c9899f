import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricSources, Metrics } from './metrics.js';

const PREFIX = 'incident_responder_';
/** Seconds: a warning on time is posted within a second or two of its deadline; hours late is an outage. */
const LATENESS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const SWEEP_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800];

export interface PrometheusMetrics {
  metrics: Metrics;
  registry: Registry;
}

/**
 * The metrics of one process (server or worker) in their own registry: names are documented in
 * docs/deployment.md, the dashboard and the alerting rules in deploy/ read them. `defaults` adds
 * prom-client's process metrics (CPU, memory, event-loop lag); tests leave them out.
 */
export function createPrometheusMetrics(params: { defaults?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  if (params.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  let sources: MetricSources | null = null;

  const webhooks = new Counter({
    name: `${PREFIX}webhooks_received_total`,
    help: 'Webhook deliveries the app received, by GitHub event name.',
    labelNames: ['event'],
    registers,
  });
  const answered = new Counter({
    name: `${PREFIX}webhook_responses_total`,
    help: 'Webhook deliveries the server answered, by HTTP status.',
    labelNames: ['status'],
    registers,
  });
  const lag = new Histogram({
    name: `${PREFIX}webhook_to_job_seconds`,
    help: 'From a webhook received to its job starting.',
    labelNames: ['kind'],
    buckets: LAG_BUCKETS,
    registers,
  });
  const jobs = new Histogram({
    name: `${PREFIX}job_duration_seconds`,
    help: 'Incident jobs: how long each ran, by kind and outcome (ok, error).',
    labelNames: ['kind', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const lateness = new Histogram({
    name: `${PREFIX}warning_lateness_seconds`,
    help: 'From a step deadline to the warning naming it being posted: one observation per overdue step warned.',
    buckets: LATENESS_BUCKETS,
    registers,
  });
  const requests = new Counter({
    name: `${PREFIX}github_requests_total`,
    help: 'Requests to GitHub by kind (read, status, urgent, normal) and HTTP status (error: no answer).',
    labelNames: ['kind', 'status'],
    registers,
  });
  const remaining = new Gauge({
    name: `${PREFIX}github_rate_limit_remaining`,
    help: 'Requests left in the primary rate limit, per installation, as GitHub last reported it.',
    labelNames: ['installation'],
    registers,
  });
  const sweepSeconds = new Histogram({
    name: `${PREFIX}sweep_duration_seconds`,
    help: 'How long a sweep over every installation took.',
    buckets: SWEEP_BUCKETS,
    registers,
  });
  const sweepRequests = new Counter({
    name: `${PREFIX}sweep_requests_total`,
    help: 'Requests the sweeps spent listing installations, repositories and incidents.',
    registers,
  });
  const sweepIssues = new Counter({
    name: `${PREFIX}sweep_issues_total`,
    help: 'Incident issues the sweeps listed.',
    registers,
  });
  const sweepsIncomplete = new Counter({
    name: `${PREFIX}sweeps_incomplete_total`,
    help: 'Sweeps that stopped at their request budget or skipped an installation low on its rate limit.',
    registers,
  });
  const dryRun = new Counter({
    name: `${PREFIX}dry_run_intents_total`,
    help: 'Shadow mode (INCIDENT_RESPONDER_DRY_RUN): writes a pass would have made, by intent kind.',
    labelNames: ['kind'],
    registers,
  });
  new Gauge({
    name: `${PREFIX}queue_depth`,
    help: 'Jobs waiting to run, by priority (urgent: warnings and commands; refresh: status refreshes).',
    labelNames: ['priority'],
    registers,
    async collect() {
      this.reset();
      if (!sources) return;
      for (const [priority, count] of Object.entries(await sources.queueDepth())) this.set({ priority }, count);
    },
  });
  new Gauge({
    name: `${PREFIX}armed_deadlines`,
    help: 'Incidents with a wake-up armed (their next deadline, recurring step or held-back refresh).',
    registers,
    async collect() {
      this.set(sources ? await sources.armed() : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}redis_up`,
    help: 'Redis connections (producer, worker, subscriber): 1 ready, 0 not. Absent in memory.',
    labelNames: ['connection'],
    registers,
    collect() {
      this.reset();
      for (const [connection, up] of Object.entries(sources?.redis() ?? {})) this.set({ connection }, up ? 1 : 0);
    },
  });

  const metrics: Metrics = {
    webhookReceived: (event) => webhooks.inc({ event }),
    webhookAnswered: (status) => answered.inc({ status: String(status) }),
    jobStarted: ({ kind, lagMs }) => {
      if (lagMs !== null) lag.observe({ kind }, Math.max(0, lagMs) / 1000);
    },
    jobFinished: ({ kind, outcome, durationMs }) => jobs.observe({ kind, outcome }, durationMs / 1000),
    warningPosted: (latenessMs) => lateness.observe(Math.max(0, latenessMs) / 1000),
    githubRequest: ({ kind, status }) => requests.inc({ kind, status }),
    rateLimitRemaining: ({ installation, remaining: left }) => remaining.set({ installation }, left),
    sweepFinished: ({ durationMs, requests: spent, issues, complete }) => {
      sweepSeconds.observe(durationMs / 1000);
      sweepRequests.inc(spent);
      sweepIssues.inc(issues);
      if (!complete) sweepsIncomplete.inc();
    },
    dryRunIntent: (kind) => dryRun.inc({ kind }),
    setSources: (next) => (sources = next),
  };
  return { metrics, registry };
}
