// One "process" of the shared-throttle test (test/runtime/redis-runtime.test.ts): Probot with REDIS_URL
// and the app's production Octokit as the server builds it with Redis (the throttling plugin's groups
// space writes; from the build: `npm test` builds first) makes two writes, then exits.
import { Probot } from 'probot';
import { productionOctokit } from '../../lib/github/octokit-class.js';

const [redisUrl, baseUrl, installation, privateKey] = [
  process.env.PROBE_REDIS_URL,
  process.env.PROBE_BASE_URL,
  Number(process.env.PROBE_INSTALLATION),
  process.env.PROBE_PRIVATE_KEY,
];
const probot = new Probot({
  appId: 1,
  privateKey,
  baseUrl,
  redisConfig: redisUrl,
  Octokit: productionOctokit({ pacedByApp: false }),
  logLevel: 'fatal',
});
const octokit = await probot.auth(installation);
await Promise.all(
  [1, 2].map((n) =>
    octokit.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'shop', title: `t${n}` }),
  ),
);
process.exit(0);
