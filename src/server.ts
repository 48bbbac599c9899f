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
import { logAtStartup } from './server/startup-log.js';
import { proxySwitchWarnings } from './server/proxy-check.js';
import { stopCleanly, type StopSteps } from './server/clean-stop.js';
import { limitProbotWebhookBodies } from './server/webhook-body-limit.js';
import { createAlertRoute, parseAlertTokens } from './server/alert-route.js';
import { serverLog } from './server/log.js';
import { startCalmMemoryRelease } from './server/calm-memory-release.js';
import { countProbotWebhookAnswers } from './server/webhook-metrics.js';

/**
 * `npm start`: Probot's server with the app, after the start-up check (Probot would read `.env` itself;
 * it is read first here so the check sees the same settings), plus the webhook body limit, the readiness
 * endpoint (/healthz) and /metrics (on the server's port, or INCIDENT_RESPONDER_METRICS_PORT). Without
 * APP_ID and a key, Probot serves the registration page instead. Wiring only.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const { errors, warnings, sweep, redis, crossRepoRules } = checkStartup(process.env);
errors.push(...checkCredentials({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') }));
const operator = operatorSettings(process.env);
errors.push(...operator.errors);
warnings.push(...proxySwitchWarnings());
for (const warning of warnings) logAtStartup('incident-responder', 'warn', warning);
const stop = (problems: string[]): never => {
  for (const problem of problems) logAtStartup('incident-responder', 'fatal', `cannot start: ${problem}`);
  process.exit(1);
};
if (errors.length > 0) stop(errors);
if (operator.dryRun)
  logAtStartup(
    'incident-responder',
    'warn',
    'shadow mode (INCIDENT_RESPONDER_DRY_RUN): passes run, nothing is written to GitHub',
  );

const { metrics, registry } = createPrometheusMetrics();
if (operator.metricsPort !== null) {
  const port = operator.metricsPort;
  await serveMetrics({ registry, port, host: process.env.HOST }).catch((error: unknown) =>
    stop([`/metrics cannot listen on INCIDENT_RESPONDER_METRICS_PORT ${port}: ${(error as Error).message}`]),
  );
  logAtStartup('incident-responder', 'info', `/metrics served on its own port ${port}`);
}

let verify: (() => Promise<void>) | null = null;
let drain: ((untilMs: number) => Promise<number>) | null = null;
let stopRelease: () => void = () => undefined;
/** Probot's logger once the app is loaded (JSON lines like every other); stderr before. */
let stopLog: StopSteps['log'] = {
  info: (obj, msg) => process.stderr.write(`incident-responder: ${msg} ${JSON.stringify(obj)}\n`),
  warn: (obj, msg) => process.stderr.write(`incident-responder: ${msg} ${JSON.stringify(obj)}\n`),
};
const app: ApplicationFunction = async (probot, options) => {
  limitProbotWebhookBodies(probot);
  countProbotWebhookAnswers(probot, metrics);
  const incidents = createApp({
    sweepEveryMinutes: sweep.everyMinutes,
    sweepHorizonMinutes: sweep.horizonMinutes,
    commandRecoveryMinutes: sweep.recoverCommandsMinutes,
    redis,
    crossRepoRules,
    metrics,
    dryRun: operator.dryRun,
  });
  // The runtime (in memory, or Redis shared by every process) must accept work for the app to be ready.
  // Fresh every 2 s: a PING with a 1 s timeout, so a hung Redis shows within a few seconds and the probe
  // never waits long.
  const runtimeCheck = {
    name: 'runtime',
    maxAgeMs: 2_000,
    run: async () => {
      const health = await incidents.runtime().probe();
      return {
        ok: health.ready,
        detail: health.ready
          ? `${health.backend} runtime ready`
          : (health.problem ?? `${health.backend} runtime not ready`),
      };
    },
  };
  options.addHandler?.(createReadiness({ checks: [credentialsLoaded, githubCheck({ probot }), runtimeCheck] }).handler);
  options.addHandler?.(
    createAlertRoute({
      tokens: parseAlertTokens(process.env.INCIDENT_RESPONDER_ALERT_TOKENS),
      intake: (request) => incidents.runtime().alerts(request),
      log: probot.log,
    }),
  );
  if (operator.metricsPort === null) options.addHandler?.(metricsHandler(registry));
  verify = async () => {
    const identity = await appIdentity({ probot, timeoutMs: 10_000 });
    if (!identity.ok && identity.refused) stop([credentialsRefused(identity)]);
    if (!identity.ok)
      logAtStartup(
        'incident-responder',
        'warn',
        `GitHub did not answer at start (${identity.message}); /healthz reports not ready until it does.`,
      );
  };
  await incidents.app(probot);
  stopRelease = startCalmMemoryRelease({ log: probot.log }).stop;
  drain = (untilMs) => incidents.runtime().drain(untilMs);
  stopLog = probot.log;
};
// Probot is not given REDIS_URL: its write throttle on Redis (Bottleneck) does not survive Redis 7's
// errors; the app's own pacing is shared through Redis instead (runtime/shared-write-pacer.ts).
let server: Awaited<ReturnType<typeof run>> | null = null;
try {
  // Probot's logger, with the alert route's bearer token (and other secret headers) redacted from request logs.
  server = await run(app, {
    Octokit: productionOctokit(),
    env: { ...process.env, REDIS_URL: undefined },
    log: await serverLog(process.env),
  });
} catch (error) {
  // Probot starts the smee.io client for WEBHOOK_PROXY_URL after the server listens, and rejects with
  // the client's error event (not an Error) when the channel cannot be reached: that would end the
  // process, registration page and all. Development only: say so and keep serving.
  const proxy = (process.env.WEBHOOK_PROXY_URL ?? '').trim();
  if (proxy === '' || error instanceof Error) throw error;
  const reason = (error as { message?: unknown }).message;
  logAtStartup(
    'incident-responder',
    'warn',
    `cannot reach the webhook proxy ${proxy}${typeof reason === 'string' ? ` (${reason})` : ''}: deliveries sent there will not arrive; restart when it can be reached`,
  );
}
stopCleanly({
  quiet: () => stopRelease(),
  stopIntake: () => server?.stop() ?? Promise.resolve(),
  drain: (untilMs) => (drain ? drain(untilMs) : Promise.resolve(0)),
  log: { info: (obj, msg) => stopLog.info(obj, msg), warn: (obj, msg) => stopLog.warn(obj, msg) },
});
await (verify as (() => Promise<void>) | null)?.();
