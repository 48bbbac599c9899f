import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlertNotification } from '../domain/alerts/alert.js';
import { isAlertSource } from '../domain/alerts/sources.js';
import { onFirstUse } from '../app/on-first-use.js';

/** The route (docs/alerts.md): POST /api/alerts/{source}/{owner}/{repo}. */
const ROUTE = /^\/api\/alerts\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;
/** GitHub's owner and repository names (letters, digits, `-`, `_`, `.`). */
const NAME = /^[\w.-]{1,100}$/;
/** A notification of 1,000 alerts with their labels fits; anything larger is refused before it is buffered. */
export const ALERT_BODY_LIMIT_BYTES = 1024 * 1024;
/** Per token: a burst of this many notifications, refilled at this rate (a busy Alertmanager sends far fewer). */
export const DEFAULT_RATE = { burst: 60, perMinute: 120 };

/** The sources' payload readers (zod), loaded by the first alert that gets that far, not at start-up. */
const payloadReaders = onFirstUse(() => import('../domain/alerts/read-payload.js'));

export interface AlertIntake {
  (request: {
    owner: string;
    repo: string;
    notification: AlertNotification;
  }): Promise<{ status: number; message: string }>;
}

/** The server's tokens from INCIDENT_RESPONDER_ALERT_TOKENS (comma-separated); empty = the route refuses everything. */
export function parseAlertTokens(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The index of the token the request carries, or -1. Compared as digests, in constant time, against
 * every token (no early exit), so the answer's timing tells nothing about a token's length or prefix.
 */
export function matchToken(header: string | undefined, tokens: readonly Buffer[]): number {
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? '');
  const candidate = digest(m?.[1] ?? '');
  let found = -1;
  tokens.forEach((token, i) => {
    if (timingSafeEqual(candidate, token) && m) found = i;
  });
  return found;
}

/** A token bucket per token (by its index: the token itself is never kept as a key). */
class RateLimit {
  private readonly buckets = new Map<number, { level: number; at: number }>();
  constructor(private readonly rate: { burst: number; perMinute: number }) {}
  /** Milliseconds to wait, or 0 when the request may go now. */
  take(token: number, now: number): number {
    const bucket = this.buckets.get(token) ?? { level: this.rate.burst, at: now };
    const perMs = this.rate.perMinute / 60_000;
    const level = Math.min(this.rate.burst, bucket.level + (now - bucket.at) * perMs);
    if (level < 1) {
      this.buckets.set(token, { level, at: now });
      return Math.ceil((1 - level) / perMs);
    }
    this.buckets.set(token, { level: level - 1, at: now });
    return 0;
  }
}

function answer(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): true {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    .end(JSON.stringify(body));
  return true;
}

/** The body, or null past `maxBytes` (the rest is never buffered). */
function readCapped(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('error', reject);
    request.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** A refused upload is drained for a moment (so the sender reads the 413 instead of a reset), then closed. */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse): true {
  answer(response, 413, { error: `alert payloads are at most ${ALERT_BODY_LIMIT_BYTES} bytes` });
  request.resume();
  setTimeout(() => request.destroy(), 2_000).unref();
  return true;
}

/**
 * `POST /api/alerts/{source}/{owner}/{repo}` (docs/alerts.md): the bearer token (401 before anything
 * else, and before any request to GitHub), the per-token rate limit (429), the body limit (413), the
 * source's payload read onto the alert model (400 with why), then the intake: 403 without the
 * repository's consent, 202 once queued. The pass runs from the queue, so the sender is answered at once.
 * The Authorization header is dropped from the request once read; the server's log redacts it too
 * (server/log.ts), since Probot's request log records the headers as they arrive.
 */
export function createAlertRoute(params: {
  tokens: readonly string[];
  intake: AlertIntake;
  rate?: { burst: number; perMinute: number };
  now?: () => number;
  log?: { warn(obj: object, msg: string): void };
}) {
  const tokens = params.tokens.map(digest);
  const limit = new RateLimit(params.rate ?? DEFAULT_RATE);
  const now = params.now ?? Date.now;

  return async function handler(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const match = ROUTE.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!match) return false;
    const authorization = request.headers.authorization;
    delete request.headers.authorization;
    if (request.method !== 'POST') return answer(response, 405, { error: 'use POST' }, { allow: 'POST' });
    const token = matchToken(authorization, tokens);
    if (token < 0)
      return answer(response, 401, { error: 'a valid bearer token is required' }, { 'www-authenticate': 'Bearer' });
    const wait = limit.take(token, now());
    if (wait > 0)
      return answer(
        response,
        429,
        { error: 'too many alerts for this token' },
        { 'retry-after': String(Math.ceil(wait / 1000)) },
      );
    const [, source = '', owner = '', repo = ''] = match.map((m) => decodeURIComponent(m));
    if (!isAlertSource(source))
      return answer(response, 404, { error: `unknown alert source "${source.slice(0, 40)}"` });
    if (!NAME.test(owner) || !NAME.test(repo)) return answer(response, 400, { error: 'not a repository name' });
    if (Number(request.headers['content-length']) > ALERT_BODY_LIMIT_BYTES) return refuseTooLarge(request, response);
    const raw = await readCapped(request, ALERT_BODY_LIMIT_BYTES);
    if (raw === null) return refuseTooLarge(request, response);
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(response, 400, { error: 'the body is not JSON' });
    }
    const reading = (await payloadReaders()).readAlertPayload({ source, payload });
    if (!reading.ok) return answer(response, 400, { error: reading.error });
    try {
      const result = await params.intake({ owner, repo, notification: reading.notification });
      return answer(
        response,
        result.status,
        result.status < 300 ? { status: result.message } : { error: result.message },
      );
    } catch (error) {
      // GitHub or the queue could not be reached: the sender retries (Alertmanager does).
      params.log?.warn({ err: error, repo: `${owner}/${repo}`, source }, 'alert intake failed');
      return answer(response, 503, { error: 'the alert could not be queued now; retry' }, { 'retry-after': '10' });
    }
  };
}
