import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { Probot, Server } from 'probot';
import { GITHUB_WEBHOOK_PAYLOAD_CAP_BYTES, limitProbotWebhookBodies } from '../../src/server/webhook-body-limit.js';
import { freePort } from '../helpers/free-port.js';

/** Probot's own server with the limit installed as src/server.ts installs it, over loopback HTTP. */
const SECRET = 'a-real-webhook-secret';
const MiB = 1024 * 1024;
let server: Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  port = await freePort();
  server = new Server({
    Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal' }),
    port,
    host: '127.0.0.1',
    log: silentLog() as never,
  });
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
  const log: Record<string, unknown> = {
    level: 'fatal',
    levels: { values: { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 } },
    isLevelEnabled: () => false,
  };
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace']) log[level] = () => {};
  log.child = () => log;
  return log;
}

/**
 * POSTs `send` bytes in 1 MiB chunks (with backpressure) and then neither sends more nor ends the
 * request: only a server that answers while the body is still streaming answers at all.
 */
function postOpen(params: { send: number; declaredLength?: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': 'sha256=00',
    };
    if (params.declaredLength !== undefined) headers['content-length'] = params.declaredLength;
    const req = request(
      { host: '127.0.0.1', port, path: '/api/github/webhooks', method: 'POST', headers },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!req.destroyed || error.code !== 'ECONNRESET') reject(error);
    });
    const chunk = Buffer.alloc(MiB, 0x20);
    let written = 0;
    const pump = () => {
      while (written < params.send) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

/** A complete POST of `body`. */
function post(params: { body: string; headers: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': `d-${Date.now()}`,
      ...params.headers,
    };
    const req = request(
      { host: '127.0.0.1', port, path: '/api/github/webhooks', method: 'POST', headers },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(params.body);
  });
}

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe("webhook bodies over GitHub's 25 MiB cap", () => {
  it('are refused with 413 from a declared length, with almost none of the body sent', async () => {
    expect(await postOpen({ send: MiB, declaredLength: 512 * MiB })).toBe(413);
    expect(received).toEqual([]);
  });

  it('are refused with 413 while streaming (no length declared, unsigned), once past the cap', async () => {
    expect(await postOpen({ send: GITHUB_WEBHOOK_PAYLOAD_CAP_BYTES + 2 * MiB })).toBe(413);
    expect(received).toEqual([]);
  });

  it('a body under the cap still goes through the signature check: unsigned is refused, signed is handled', async () => {
    const payload = JSON.stringify({
      action: 'opened',
      issue: { number: 1, body: 'x'.repeat(2 * MiB) },
      repository: { name: 'app', owner: { login: 'acme' } },
      installation: { id: 2 },
    });
    expect(await post({ body: payload, headers: { 'x-hub-signature-256': sign('tampered') } })).toBe(400);
    expect(received).toEqual([]);
    expect(await post({ body: payload, headers: { 'x-hub-signature-256': sign(payload) } })).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('other requests are not touched (/ping still answers)', async () => {
    const status = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/ping' }, (res) => {
        // Read to the end, so the socket is released and the server's stop does not wait on it.
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(200);
  });
});
