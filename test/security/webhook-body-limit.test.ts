import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Probot, Server } from 'probot';
import { GITHUB_WEBHOOK_PAYLOAD_CAP_BYTES, limitProbotWebhookBodies } from '../../src/server/webhook-body-limit.js';

/** Probot's own server with the limit installed as src/server.ts installs it, over loopback HTTP. */
const SECRET = 'a-real-webhook-secret';
const MiB = 1024 * 1024;
let server: Server;
let port: number;
const received: string[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

beforeAll(async () => {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  port = await freePort();
  server = new Server({ Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' }), port, host: '127.0.0.1', log: silentLog() as never });
  await server.load((app) => {
    limitProbotWebhookBodies(app);
    app.on('issues', async (context) => {
      received.push(context.id);
    });
  });
  await server.start();
});

afterAll(async () => {
  await server.stop();
});

function silentLog() {
  // What pino-http (Probot's request logger) reads of a pino logger.
  const log: Record<string, unknown> = { level: 'fatal', levels: { values: { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 } }, isLevelEnabled: () => false };
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace']) log[level] = () => {};
  log.child = () => log;
  return log;
}

interface Sent {
  status: number;
  /** Body bytes the client had handed to the socket when the answer came. */
  writtenAtAnswer: number;
}

/** POSTs `size` bytes of a JSON-ish body in 1 MiB chunks, with backpressure, until done or answered. */
function post(params: { size: number; declareLength?: boolean; headers?: Record<string, string>; body?: string }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': `d-${Date.now()}`, ...params.headers };
    if (params.declareLength) headers['content-length'] = params.size;
    const req = request({ host: '127.0.0.1', port, path: '/api/github/webhooks', method: 'POST', headers }, (res: IncomingMessage) => {
      answered = true;
      const status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve({ status, writtenAtAnswer: written }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closes the connection after a 413 while the client may still be writing.
      if (!answered) reject(error);
    });
    if (params.body !== undefined) {
      written = Buffer.byteLength(params.body);
      req.end(params.body);
      return;
    }
    const chunk = Buffer.alloc(MiB, 0x20);
    const pump = () => {
      while (!answered && written < params.size) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !params.declareLength) req.end();
    };
    pump();
  });
}

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe("webhook bodies over GitHub's 25 MiB cap", () => {
  it('are refused with 413 from a declared length, before any of the body is sent', async () => {
    const sent = await post({ size: 512 * MiB, declareLength: true, headers: { 'x-hub-signature-256': 'sha256=00' } });
    expect(sent.status).toBe(413);
    expect(sent.writtenAtAnswer).toBeLessThan(64 * MiB);
    expect(received).toEqual([]);
  });

  it('are refused with 413 while streaming (no length declared), unsigned, without reading the rest', async () => {
    const sent = await post({ size: 128 * MiB });
    expect(sent.status).toBe(413);
    // Answered near the cap, not after the whole upload (socket buffers hold a few MiB).
    expect(sent.writtenAtAnswer).toBeGreaterThan(GITHUB_WEBHOOK_PAYLOAD_CAP_BYTES);
    expect(sent.writtenAtAnswer).toBeLessThan(64 * MiB);
    expect(received).toEqual([]);
  });

  it('a body under the cap still goes through the signature check: unsigned is refused, signed is handled', async () => {
    const payload = JSON.stringify({ action: 'opened', issue: { number: 1, body: 'x'.repeat(2 * MiB) }, repository: { name: 'app', owner: { login: 'acme' } }, installation: { id: 2 } });
    expect((await post({ size: 0, body: payload, headers: { 'x-hub-signature-256': sign('tampered') } })).status).toBe(400);
    expect(received).toEqual([]);
    expect((await post({ size: 0, body: payload, headers: { 'x-hub-signature-256': sign(payload) } })).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('other requests are not touched (/ping still answers)', async () => {
    const status = await new Promise<number>((resolve, reject) => request({ host: '127.0.0.1', port, path: '/ping' }, (res) => resolve(res.statusCode ?? 0)).on('error', reject).end());
    expect(status).toBe(200);
  });
});
