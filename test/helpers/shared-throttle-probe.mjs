// One "process" of the shared-pacing test (test/runtime/redis-runtime.test.ts): Probot (never given
// REDIS_URL, as the server runs it) with the production Octokit, its writes paced by the app's pacer shared
// through Redis (from the build: `npm test` builds first), makes two writes, then exits.
import { Probot } from 'probot';
import { Redis } from 'ioredis';
import { productionOctokit } from '../../lib/github/octokit-class.js';
import { paceOctokit } from '../../lib/github/paced-octokit.js';
import { systemClock } from '../../lib/runtime/clock.js';
import { RateBudget } from '../../lib/runtime/rate-budget.js';
import { SharedWritePacer } from '../../lib/runtime/shared-write-pacer.js';
import { WritePacer } from '../../lib/runtime/write-pacer.js';

const [redisUrl, baseUrl, installation, privateKey] = [
  process.env.PROBE_REDIS_URL,
  process.env.PROBE_BASE_URL,
  Number(process.env.PROBE_INSTALLATION),
  process.env.PROBE_PRIVATE_KEY,
];
const probot = new Probot({ appId: 1, privateKey, baseUrl, Octokit: productionOctokit(), logLevel: 'fatal' });
const clock = systemClock();
const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
await new Promise((resolve) => redis.once('ready', resolve));
// A write paced by this process alone would prove nothing about sharing: say so and fail.
const onFallback = (error) => {
  process.stderr.write(`shared-throttle-probe: the shared pacer fell back to this process's own: ${error}\n`);
  process.exitCode = 2;
};
const pacer = new SharedWritePacer({ redis, prefix: 'probe', fallback: new WritePacer({ clock }), onFallback });
const log = { warn: () => undefined, info: () => undefined };
const octokit = paceOctokit({
  octokit: await probot.auth(installation),
  installation: String(installation),
  pacer,
  budget: new RateBudget({ clock, log }),
  clock,
});
// The installation token first: the pacer grants a turn before Octokit's auth hook fetches a missing
// token, so a first write also waits for that (once an hour in production).
await octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'shop' });
await Promise.all(
  [1, 2].map((n) =>
    octokit.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'shop', title: `t${n}` }),
  ),
);
redis.disconnect();
process.exit();
