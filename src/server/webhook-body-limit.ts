import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';

/**
 * GitHub never delivers a webhook payload over 25 MB (https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap);
 * read as MiB, so no genuine delivery is refused.
 */
export const GITHUB_WEBHOOK_PAYLOAD_CAP_BYTES = 25 * 1024 * 1024;

/** Probot's Node middleware (`probot.getNodeMiddleware()`): true when it answered the request. */
export type NodeMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: () => void,
) => Promise<boolean> | boolean;

/** The body as @octokit/webhooks decodes it (get-payload.js): UTF-8, invalid bytes replaced. */
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The request body, or null as soon as it passes `maxBytes` (the rest is never buffered). */
function readCapped(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        request.pause();
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('error', reject);
    request.once('end', () => resolve(decoder.decode(Buffer.concat(chunks))));
  });
}

/** How long the rest of a refused upload is drained (read and dropped) so the client can read the 413. */
const LINGER_MS = 2_000;

function refuse(request: IncomingMessage, response: ServerResponse, maxBytes: number): true {
  const body = JSON.stringify({ error: `webhook payloads are at most ${maxBytes} bytes (GitHub's cap)` });
  response.writeHead(413, { 'content-type': 'application/json' }).end(body);
  // Closing a socket with unread data resets it, and the client would see the reset instead of the 413:
  // drop what still arrives (nothing is kept) for a moment, then close.
  request.resume();
  setTimeout(() => request.destroy(), LINGER_MS).unref();
  return true;
}

/**
 * Refuses webhook bodies over the cap with 413 while they stream in, before the signature check, which
 * would otherwise buffer any size (an unsigned 512 MiB POST took 1.1 GB). The body read here is handed
 * on as a string, which @octokit/webhooks' middleware takes as the payload instead of reading the stream.
 */
export function limitWebhookBodies(params: {
  middleware: NodeMiddleware;
  path: string;
  maxBytes?: number;
}): NodeMiddleware {
  const maxBytes = params.maxBytes ?? GITHUB_WEBHOOK_PAYLOAD_CAP_BYTES;
  return async (request, response, next) => {
    if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://localhost').pathname !== params.path)
      return params.middleware(request, response, next);
    if (Number(request.headers['content-length']) > maxBytes) return refuse(request, response, maxBytes);
    const body = await readCapped(request, maxBytes);
    if (body === null) return refuse(request, response, maxBytes);
    (request as IncomingMessage & { body?: string }).body = body;
    return params.middleware(request, response, next);
  };
}

/**
 * Puts the limit in front of the webhook middleware Probot's server asks this Probot for when it
 * starts (the server offers no hook before its own handlers). Call it from the app function, which
 * runs before the server starts.
 */
export function limitProbotWebhookBodies(probot: Probot, maxBytes?: number): void {
  const original = probot.getNodeMiddleware.bind(probot);
  probot.getNodeMiddleware = async (options = {}) => {
    const middleware = (await original(options)) as NodeMiddleware;
    return limitWebhookBodies({ middleware, path: options.path ?? probot.webhookPath, maxBytes }) as Awaited<
      ReturnType<typeof original>
    >;
  };
}
