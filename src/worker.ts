import { existsSync } from 'node:fs';
import { createProbot } from 'probot';
import { createApp } from './app/create-app.js';
import { productionOctokit } from './github/octokit-class.js';
import { createPrometheusMetrics } from './metrics/prometheus-metrics.js';
import { checkStartup } from './runtime/startup-check.js';
import { serveMetrics } from './server/metrics-endpoint.js';
import { operatorSettings } from './server/operator-settings.js';
import { startupLog } from './server/startup-log.js';

/**
 * `npm run worker`: runs incident jobs taken from Redis, without a webhook server (any number of
 * these beside `npm start`; docs/deployment.md). Probot reads APP_ID, PRIVATE_KEY and REDIS_URL itself
 * (REDIS_URL also shares its write throttle). /metrics is served when INCIDENT_RESPONDER_METRICS_PORT is
 * set. Wiring only.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const log = startupLog({ name: 'incident-responder worker', env: process.env });
const { errors, warnings, sweep, redis, crossRepoRules } = checkStartup(process.env, 'worker');
const operator = operatorSettings(process.env);
errors.push(...operator.errors);
for (const warning of warnings) log.warn(warning);
if (errors.length > 0) {
  for (const error of errors) log.fatal({ problem: error }, `cannot start: ${error}`);
  process.exit(1);
}
if (operator.dryRun) log.warn('shadow mode (INCIDENT_RESPONDER_DRY_RUN): passes run, nothing is written to GitHub');
const { metrics, registry } = createPrometheusMetrics();
if (operator.metricsPort !== null) {
  const port = operator.metricsPort;
  try {
    await serveMetrics({ registry, port, host: process.env.HOST });
    log.info({ port }, '/metrics served');
  } catch (error) {
    log.fatal({ port, err: error }, `cannot start: /metrics cannot listen on INCIDENT_RESPONDER_METRICS_PORT ${port}`);
    process.exit(1);
  }
}
// A worker always runs with Redis: the throttling plugin's groups, shared through it, space the writes.
const probot = createProbot({ overrides: { Octokit: productionOctokit({ pacedByApp: false }) } });
const { app, runtime } = createApp({
  sweepEveryMinutes: sweep.everyMinutes,
  sweepHorizonMinutes: sweep.horizonMinutes,
  redis,
  crossRepoRules,
  metrics,
  dryRun: operator.dryRun,
});
await probot.load(app);
probot.log.info({ redis: runtime().ready() }, 'incident-responder worker started');

// A deploy stops workers with SIGTERM: finish the jobs in hand, then let go of Redis.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void runtime()
      .close()
      .finally(() => process.exit(0));
  });
}
