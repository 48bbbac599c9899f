import { existsSync, readFileSync } from 'node:fs';
import { run, type ApplicationFunction } from 'probot';
import { createApp } from './app/create-app.js';
import { appIdentity } from './github/app-identity.js';
import { productionOctokit } from './github/octokit-class.js';
import { createPrometheusMetrics } from './metrics/prometheus-metrics.js';
import { checkStartup } from './runtime/startup-check.js';
import { checkCredentials, credentialsRefused } from './server/credentials.js';
import { credentialsLoaded, githubCheck } from './server/github-check.js';
import { metricsHandler, serveMetrics } from './server/metrics-endpoint.js';
import { operatorSettings } from './server/operator-settings.js';
import { createReadiness } from './server/readiness.js';
import { startupLog } from './server/startup-log.js';
import { limitProbotWebhookBodies } from './server/webhook-body-limit.js';
import { countProbotWebhookAnswers } from './server/webhook-metrics.js';

/**
 * `npm start`: Probot's server with the app, after the start-up check (Probot would read `.env` itself;
 * it is read first here so the check sees the same settings), plus the webhook body limit, the readiness
 * endpoint (/healthz) and /metrics (on the server's port, or INCIDENT_RESPONDER_METRICS_PORT). Without
 * APP_ID and a key, Probot serves the registration page instead. Wiring only.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const log = startupLog({ name: 'incident-responder', env: process.env });
const { errors, warnings, sweep, redis, crossRepoRules } = checkStartup(process.env);
errors.push(...checkCredentials({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') }));
const operator = operatorSettings(process.env);
errors.push(...operator.errors);
for (const warning of warnings) log.warn(warning);
const stop = (problems: string[]): never => {
  for (const problem of problems) log.fatal({ problem }, `cannot start: ${problem}`);
  process.exit(1);
};
if (errors.length > 0) stop(errors);
if (operator.dryRun) log.warn('shadow mode (INCIDENT_RESPONDER_DRY_RUN): passes run, nothing is written to GitHub');

const { metrics, registry } = createPrometheusMetrics();
if (operator.metricsPort !== null) {
  const port = operator.metricsPort;
  await serveMetrics({ registry, port, host: process.env.HOST }).catch((error: unknown) =>
    stop([`/metrics cannot listen on INCIDENT_RESPONDER_METRICS_PORT ${port}: ${(error as Error).message}`]),
  );
  log.info({ port }, '/metrics served on its own port');
}

let verify: (() => Promise<void>) | null = null;
const app: ApplicationFunction = async (probot, options) => {
  limitProbotWebhookBodies(probot);
  countProbotWebhookAnswers(probot, metrics);
  const incidents = createApp({
    sweepEveryMinutes: sweep.everyMinutes,
    sweepHorizonMinutes: sweep.horizonMinutes,
    redis,
    crossRepoRules,
    metrics,
    dryRun: operator.dryRun,
  });
  // The runtime (in memory, or Redis shared by every process) must accept work for the app to be ready.
  const runtimeCheck = {
    name: 'runtime',
    run: async () => {
      const health = await incidents.runtime().ready();
      return {
        ok: health.ready,
        detail: health.ready
          ? `${health.backend} runtime ready`
          : (health.problem ?? `${health.backend} runtime not ready`),
      };
    },
  };
  options.addHandler?.(createReadiness({ checks: [credentialsLoaded, githubCheck({ probot }), runtimeCheck] }).handler);
  if (operator.metricsPort === null) options.addHandler?.(metricsHandler(registry));
  verify = async () => {
    const identity = await appIdentity({ probot, timeoutMs: 10_000 });
    if (!identity.ok && identity.refused) stop([credentialsRefused(identity)]);
    if (!identity.ok)
      probot.log.warn(
        { problem: identity.message },
        'GitHub did not answer at start; /healthz reports not ready until it does',
      );
  };
  await incidents.app(probot);
};
await run(app, { Octokit: productionOctokit({ pacedByApp: redis === undefined }) });
await (verify as (() => Promise<void>) | null)?.();
