import { existsSync } from 'node:fs';
import { run } from 'probot';
import { createApp } from './app/create-app.js';
import { productionOctokit } from './github/octokit-class.js';
import { checkStartup } from './runtime/startup-check.js';

/**
 * `npm start`: Probot's server with the app, after the start-up check (Probot would read `.env` itself;
 * it is read first here so the check sees the same settings). Wiring only.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const { errors, warnings, sweep, redis } = checkStartup(process.env);
for (const warning of warnings) process.stderr.write(`incident-responder: ${warning}\n`);
if (errors.length > 0) {
  for (const error of errors) process.stderr.write(`incident-responder: cannot start: ${error}\n`);
  process.exit(1);
}
await run(createApp({ sweepEveryMinutes: sweep.everyMinutes, sweepHorizonMinutes: sweep.horizonMinutes, redis }).app, { Octokit: productionOctokit() });
