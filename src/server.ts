import { existsSync, readFileSync } from 'node:fs';
import { run, type ApplicationFunction } from 'probot';
import { createApp } from './app/create-app.js';
import { appIdentity } from './github/app-identity.js';
import { productionOctokit } from './github/octokit-class.js';
import { checkStartup } from './runtime/startup-check.js';
import { checkCredentials, credentialsRefused } from './server/credentials.js';
import { credentialsLoaded, githubCheck } from './server/github-check.js';
import { createReadiness } from './server/readiness.js';
import { stopCleanly, type StopSteps } from './server/clean-stop.js';
import { limitProbotWebhookBodies } from './server/webhook-body-limit.js';

/**
 * `npm start`: Probot's server with the app, after the start-up check (Probot would read `.env` itself;
 * it is read first here so the check sees the same settings), plus the webhook body limit and the
 * readiness endpoint (/healthz). Without APP_ID and a key, Probot serves the registration page instead.
 * Wiring only.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const { errors, warnings, sweep, redis, crossRepoRules } = checkStartup(process.env);
errors.push(...checkCredentials({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') }));
for (const warning of warnings) process.stderr.write(`incident-responder: ${warning}\n`);
const stop = (problems: string[]): never => {
  for (const problem of problems) process.stderr.write(`incident-responder: cannot start: ${problem}\n`);
  process.exit(1);
};
if (errors.length > 0) stop(errors);

let verify: (() => Promise<void>) | null = null;
let drain: ((untilMs: number) => Promise<number>) | null = null;
/** Probot's logger once the app is loaded (JSON lines like every other); stderr before. */
let stopLog: StopSteps['log'] = {
  info: (obj, msg) => process.stderr.write(`incident-responder: ${msg} ${JSON.stringify(obj)}\n`),
  warn: (obj, msg) => process.stderr.write(`incident-responder: ${msg} ${JSON.stringify(obj)}\n`),
};
const app: ApplicationFunction = async (probot, options) => {
  limitProbotWebhookBodies(probot);
  const incidents = createApp({
    sweepEveryMinutes: sweep.everyMinutes,
    sweepHorizonMinutes: sweep.horizonMinutes,
    redis,
    crossRepoRules,
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
  verify = async () => {
    const identity = await appIdentity({ probot, timeoutMs: 10_000 });
    if (!identity.ok && identity.refused) stop([credentialsRefused(identity)]);
    if (!identity.ok)
      process.stderr.write(
        `incident-responder: GitHub did not answer at start (${identity.message}); /healthz reports not ready until it does.\n`,
      );
  };
  await incidents.app(probot);
  drain = (untilMs) => incidents.runtime().drain(untilMs);
  stopLog = probot.log;
};
// Probot is not given REDIS_URL: its write throttle on Redis (Bottleneck) does not survive Redis 7's
// errors; the app's own pacing is shared through Redis instead (runtime/shared-write-pacer.ts).
const server = await run(app, { Octokit: productionOctokit(), env: { ...process.env, REDIS_URL: undefined } });
stopCleanly({
  stopIntake: () => server.stop(),
  drain: (untilMs) => (drain ? drain(untilMs) : Promise.resolve(0)),
  log: { info: (obj, msg) => stopLog.info(obj, msg), warn: (obj, msg) => stopLog.warn(obj, msg) },
});
await (verify as (() => Promise<void>) | null)?.();
