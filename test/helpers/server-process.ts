import { expect } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { WebhookEvent } from '../../src/simulator/state.js';
import { freePort } from './free-port.js';
import { SERVER_NODE_FLAGS } from '../../src/server/node-flags.js';

/**
 * The real server (`lib/server.js`, built by `npm run build`) as a process of its own, pointed at the
 * simulator over HTTP as at a GitHub Enterprise host: for the tests that stop or kill it (issue 24).
 */
export const WEBHOOK_SECRET = 'server-process-secret';
const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 50 ms for at most `ms`; true when it held. */
export async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (done()) return true;
  return done();
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  output: string[];
}

/** Starts the server against `githubUrl` and waits until it answers `/ping`. */
export async function startServer(params: { githubUrl: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'lib/server.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      APP_ID: '1',
      PRIVATE_KEY,
      WEBHOOK_SECRET,
      GHE_HOST: new URL(params.githubUrl).host,
      GHE_PROTOCOL: 'http',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      SWEEP_EVERY: '1d',
      NODE_ENV: 'production',
      ...params.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const server = { child, port, output };
  let up = false;
  for (let i = 0; i < 200 && !up && child.exitCode === null; i++) {
    up = await fetch(`http://127.0.0.1:${port}/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) await sleep(50);
  }
  if (!up) child.kill('SIGKILL');
  expect({ up, output: up ? '' : output.join('') }).toEqual({ up: true, output: '' });
  return server;
}

/** SIGKILL (kill -9), and wait until it is gone. */
export async function killServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** Delivers a webhook as GitHub does (signed); resolves with the HTTP status. */
export async function sendWebhook(server: ServerProcess, event: WebhookEvent): Promise<number> {
  const payload = JSON.stringify(event.payload);
  const response = await fetch(`http://127.0.0.1:${server.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event.name,
      'x-github-delivery': event.id,
      'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(payload).digest('hex')}`,
    },
    body: payload,
  });
  return response.status;
}
