import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HumanActions } from '../../src/simulator/actions.js';
import { createSimulatorHandler } from '../../src/simulator/rest.js';
import { BOT_LOGIN, SimulatedGitHub, type WebhookEvent } from '../../src/simulator/state.js';
import { describeWithRedis, RedisServer } from '../helpers/redis-server.js';
import { freePort } from '../helpers/free-port.js';
import { SERVER_NODE_FLAGS } from '../../src/server/node-flags.js';

/**
 * The real processes, as deployed: `npm start` with RUN_WORKER=false only answers webhooks, and a
 * separate `npm run worker` runs the jobs, through Redis; GitHub is the simulator over HTTP (as GitHub
 * Enterprise: GHE_HOST). Uses the build (`npm test` builds first).
 */
jest.setTimeout(90_000);

const SECRET = 'worker-test-secret';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The simulator behind GitHub Enterprise's `/api/v3` prefix. */
async function serveSimulator(sim: SimulatedGitHub): Promise<{ server: Server; host: string }> {
  const serve = createSimulatorHandler(sim);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const path = (req.url ?? '/').replace(/^\/api\/v3/, '');
      const reply = serve({
        url: `https://api.github.com${path}`,
        method: req.method ?? 'GET',
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined,
      });
      const text = reply.text ?? '';
      res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(text)) }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describeWithRedis(
  'npm start (webhooks only) and npm run worker (jobs) as separate processes',
  () => {
    let redis: RedisServer;
    let github: { server: Server; host: string };
    const children: ChildProcess[] = [];
    const sim = new SimulatedGitHub(() => new Date());
    const output: string[] = [];
    let port = 0;
    let env: Record<string, string> = {};

    const start = (script: string, env: Record<string, string>): ChildProcess => {
      const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      children.push(child);
      return child;
    };

    const send = async (event: WebhookEvent): Promise<number> => {
      const body = JSON.stringify(event.payload);
      const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event.name,
          'x-github-delivery': event.id,
          'x-hub-signature-256': signature,
        },
        body,
      });
      return response.status;
    };

    beforeAll(async () => {
      expect(existsSync('lib/server.js') && existsSync('lib/worker.js')).toBe(true);
      redis = await RedisServer.start();
      github = await serveSimulator(sim);
      port = await freePort();
      const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString();
      env = {
        APP_ID: '1',
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: github.host,
        GHE_PROTOCOL: 'http',
        REDIS_URL: redis.url,
        REDIS_PREFIX: `ir-proc-${randomUUID().slice(0, 8)}`,
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        SWEEP_EVERY: '1d',
      };
      start('lib/server.js', { ...env, PORT: String(port), HOST: '127.0.0.1', RUN_WORKER: 'false' });
      for (let i = 0; i < 200; i++) {
        const up = await fetch(`http://127.0.0.1:${port}/`).then(
          () => true,
          () => false,
        );
        if (up) return;
        await sleep(50);
      }
      throw new Error(`the server did not start:\n${output.join('')}`);
    });

    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await new Promise<void>((resolve) => github?.server.close(() => resolve()));
      await redis?.stop();
    });

    it('a webhook answered by the server is acted on by the worker, once, even when delivered twice', async () => {
      const repo = sim.addRepo('acme/shop');
      sim.setPermission('alice', 'acme/shop', 'write');
      const human = new HumanActions(sim);
      const { event } = human.open(repo, {
        title: 'Checkout down',
        body: '- [ ] `30 min` First update\n',
        labels: ['incident'],
        by: 'alice',
      });
      expect(await send(event)).toBe(200);
      expect(await send(event)).toBe(200);
      const status = () =>
        (repo.issues[0]?.comments ?? []).filter(
          (c) => c.user === BOT_LOGIN && c.body.includes('incident-responder:status'),
        );
      // Queued, not run: the server has no worker.
      await sleep(1_500);
      expect(status()).toHaveLength(0);
      // As production starts it: NODE_ENV=production, no LOG_FORMAT or LOG_LEVEL.
      const worker = start('lib/worker.js', {
        ...Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'LOG_FORMAT' && name !== 'LOG_LEVEL')),
        NODE_ENV: 'production',
      });
      let workerOutput = '';
      worker.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
      for (let i = 0; i < 400 && status().length === 0; i++) await sleep(50);
      await sleep(1_500);
      expect(status()).toHaveLength(1);
      // Its log is JSON lines at info, as the server's (it logged text at warn before).
      const started = workerOutput.split('\n').filter((line) => line.includes('incident-responder worker started'));
      expect(started).toHaveLength(1);
      expect(JSON.parse(started[0] ?? '')).toMatchObject({ level: 30, msg: 'incident-responder worker started' });
    });

    it('Redis down: the server answers webhooks with an error GitHub can redeliver; back up: 200 again', async () => {
      const repo = sim.repo('acme', 'shop');
      const human = new HumanActions(sim);
      const event = human.comment(repo!, 1, { body: '/incident summary Payments client timed out', by: 'alice' });
      await redis.kill();
      try {
        expect(await send(event)).toBe(500);
      } finally {
        await redis.restart();
      }
      let status = 0;
      for (let i = 0; i < 200 && status !== 200; i++) {
        await sleep(50);
        status = await send(event);
      }
      expect(status).toBe(200);
      const summaries = () =>
        (repo?.issues[0]?.comments ?? []).filter(
          (c) => c.user === BOT_LOGIN && c.body.includes('Payments client timed out'),
        );
      for (let i = 0; i < 400 && summaries().length === 0; i++) await sleep(50);
      expect(summaries()).toHaveLength(1);
    });

    it('the worker stops cleanly on SIGTERM', async () => {
      const worker = children[1] as ChildProcess;
      const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    });
  },
  describe,
  it,
);
