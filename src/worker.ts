import { existsSync } from 'node:fs';
import { createProbot } from 'probot';
import { createApp } from './app/create-app.js';
import { productionOctokit } from './github/octokit-class.js';
import { createPrometheusMetrics } from './metrics/prometheus-metrics.js';
import { checkStartup } from './runtime/startup-check.js';
import { serveMetrics } from './server/metrics-endpoint.js';
import { operatorSettings } from './server/operator-settings.js';
import { logAtStartup } from './server/startup-log.js';
import { serverLog } from './server/log.js';
import { proxySwitchWarnings } from './server/proxy-check.js';
import { stopCleanly } from './server/clean-stop.js';
import { startCalmMemoryRelease } from './server/calm-memory-release.js';

/**
 * `npm run worker`: runs incident jobs taken from Redis, without a webhook server (any number of
 * these beside `npm start`; docs/deployment.md). Probot reads APP_ID and PRIVATE_KEY itself; it is not
 * given REDIS_URL (the app paces writes through Redis itself, runtime/shared-write-pacer.ts). /metrics is
 * served when INCIDENT_RESPONDER_METRICS_PORT is set. Wiring only.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const { errors, warnings, sweep, redis, crossRepoRules } = checkStartup(process.env, 'worker');
const operator = operatorSettings(process.env);
errors.push(...operator.errors);
warnings.push(...proxySwitchWarnings());
for (const warning of warnings) logAtStartup('incident-responder worker', 'warn', warning);
if (errors.length > 0) {
  for (const error of errors) logAtStartup('incident-responder worker', 'fatal', `cannot start: ${error}`);
  process.exit(1);
}
if (operator.dryRun)
  logAtStartup(
    'incident-responder worker',
    'warn',
    'shadow mode (INCIDENT_RESPONDER_DRY_RUN): passes run, nothing is written to GitHub',
  );
const { metrics, registry } = createPrometheusMetrics();
if (operator.metricsPort !== null) {
  const port = operator.metricsPort;
  try {
    await serveMetrics({ registry, port, host: process.env.HOST });
    logAtStartup('incident-responder worker', 'info', `/metrics served on port ${port}`);
  } catch (error) {
    logAtStartup(
      'incident-responder worker',
      'fatal',
      `cannot start: /metrics cannot listen on INCIDENT_RESPONDER_METRICS_PORT ${port}: ${(error as Error).message}`,
    );
    process.exit(1);
  }
}
// The server's logger (server/log.ts): JSON lines under NODE_ENV=production, at LOG_LEVEL or info, secrets
// redacted. createProbot's own would log text at warn when LOG_FORMAT and LOG_LEVEL are unset.
const probot = createProbot({
  overrides: { Octokit: productionOctokit(), redisConfig: undefined, log: await serverLog(process.env) },
});
const { app, runtime } = createApp({
  sweepEveryMinutes: sweep.everyMinutes,
  sweepHorizonMinutes: sweep.horizonMinutes,
  commandRecoveryMinutes: sweep.recoverCommandsMinutes,
  redis,
  crossRepoRules,
  metrics,
  dryRun: operator.dryRun,
});
await probot.load(app);
probot.log.info({ redis: runtime().ready() }, 'incident-responder worker started');
const release = startCalmMemoryRelease({ log: probot.log });

// A deploy stops workers with SIGTERM: finish the jobs in hand (or hand them back), then let go of Redis.
stopCleanly({ quiet: release.stop, drain: (untilMs) => runtime().drain(untilMs), log: probot.log });
