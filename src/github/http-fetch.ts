import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * The `fetch` the app's Octokit uses: Node's `node:http`/`node:https` with keep-alive connections,
 * returning just the part of a `Response` that @octokit/request reads (status, url, headers, body as
 * text or bytes). Node's built-in fetch (undici) builds WHATWG streams, Headers and Request objects for
 * every call. Side by side in `npm run bench -- --only ticks` (issue 27), the CPU of a tick went from 3.1 to
 * 2.3 ms with this on Node 24 and by about 15% on Node 20. Nothing else changes: same requests (compressed responses asked for and
 * decoded), same errors (a network failure is a TypeError whose `cause` is the socket error, as with
 * fetch, which Octokit turns into a 500 RequestError), redirects followed as fetch follows them, and
 * nock intercepts it like any Node client. Unlike fetch it does not go through undici's global
 * dispatcher (a proxy set with `setGlobalDispatcher` does not apply); an outbound proxy is Node's own:
 * see `nodeProxyEnv`.
 */

/** fetch's limit: https://fetch.spec.whatwg.org/#http-redirect-fetch */
const MAX_REDIRECTS = 20;
/** undici's (Node's fetch's) default headers and body timeouts. */
const TIMEOUT_MS = 300_000;
/**
 * An idle pooled connection is closed after this long (undici's keep-alive default): reusing one the
 * server is closing at that moment fails the request ("socket hang up"), and servers close idle ones.
 */
const KEEP_ALIVE_IDLE_MS = 4_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Responses that never have a body, whatever their headers say. */
const NO_BODY = new Set([204, 205, 304]);
/** What fetch asks for; the response is decoded below. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY` and their lower-case forms (@types/node does not type the option yet). */
type ProxyEnv = Readonly<Record<string, string | undefined>>;

/**
 * The proxy settings Node's own connections use: with `NODE_USE_ENV_PROXY=1` or `--use-env-proxy`
 * (Node 22.21 and 24.5 on), Node builds its global agents with `proxyEnv: process.env`, so that
 * `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` apply (https://nodejs.org/api/http.html#built-in-proxy-support).
 * Agents made with options of their own do not inherit it, so these take it from the global agent:
 * behind an outbound proxy the app reaches GitHub exactly when Node's own clients (fetch among them)
 * would. Without the switch, nothing changes: a `HTTPS_PROXY` set for other tools is not taken up.
 */
export function nodeProxyEnv(): ProxyEnv | undefined {
  const options = (http.globalAgent as { options?: { proxyEnv?: ProxyEnv | null } }).options;
  return options?.proxyEnv ?? undefined;
}

/** Node reads the switch as it starts, so the agents can carry its settings from the first request on. */
const proxyEnv = nodeProxyEnv();
const agentOptions = {
  keepAlive: true,
  timeout: KEEP_ALIVE_IDLE_MS,
  scheduling: 'lifo',
  ...(proxyEnv ? { proxyEnv } : {}),
} as const;
const agents = {
  'http:': new http.Agent(agentOptions),
  'https:': new https.Agent(agentOptions),
};

/** Closes the pooled connections (a test file's end: nock's interceptor must not see them close later). */
export function closeHttpConnections(): void {
  for (const agent of Object.values(agents)) agent.destroy();
}

export interface HttpFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  redirect?: 'follow' | 'error' | 'manual';
  signal?: AbortSignal | null;
}

/** The headers of a response, read as fetch's `Headers` are: by lower-case name, and iterable. */
export class ResponseHeaders {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.headers)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }
}

export class HttpResponse {
  readonly ok: boolean;
  readonly redirected: boolean;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly headers: ResponseHeaders,
    private readonly bytes: Buffer,
    redirects: number,
  ) {
    this.ok = status >= 200 && status < 300;
    this.redirected = redirects > 0;
  }

  /** UTF-8, without a leading byte-order mark (as fetch decodes). */
  text(): Promise<string> {
    const bom = this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf;
    return Promise.resolve(this.bytes.toString('utf8', bom ? 3 : 0));
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const copy = new Uint8Array(this.bytes.byteLength);
    copy.set(this.bytes);
    return Promise.resolve(copy.buffer);
  }

  /** Set by `fetchIgnoringBody`: nobody reads this answer's body, so it has no stream. */
  ignored = false;

  /** For `parseSuccessResponseBody: false` callers, who read a stream. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.ignored) return null;
    const bytes = new Uint8Array(this.bytes);
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Undoes `content-encoding` (codings are listed in the order they were applied); an unknown one leaves the bytes as they came, as fetch does. */
function decode(encoding: string | undefined, bytes: Buffer): Buffer {
  if (encoding === undefined || bytes.length === 0) return bytes;
  const codings = encoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  let decoded = bytes;
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') decoded = gunzipSync(decoded);
    else if (coding === 'deflate') decoded = inflateSync(decoded);
    else if (coding === 'br') decoded = brotliDecompressSync(decoded);
    else return bytes;
  }
  return decoded;
}

interface Exchange {
  response: IncomingMessage;
  bytes: Buffer;
}

function exchange(
  url: URL,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string | Uint8Array | undefined;
    signal: AbortSignal | null;
  },
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const protocol = url.protocol as keyof typeof agents;
    // Looked up at each call, not bound at import: an interceptor installed later (nock in tests) is seen.
    const send = protocol === 'https:' ? https.request : protocol === 'http:' ? http.request : null;
    if (!send) return reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding'))
      headers['accept-encoding'] = ACCEPT_ENCODING;
    const req = send(
      url,
      { method: init.method, headers, agent: agents[protocol], timeout: TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          cleanup();
          try {
            const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
            const bodiless = init.method === 'HEAD' || NO_BODY.has(response.statusCode ?? 0);
            resolve({
              response,
              bytes: bodiless ? Buffer.alloc(0) : decode(response.headers['content-encoding'], bytes),
            });
          } catch (error) {
            reject(new TypeError('fetch failed', { cause: error }));
          }
        });
      },
    );
    const onAbort = () => req.destroy(abortError(init.signal as AbortSignal) as Error);
    function cleanup(): void {
      init.signal?.removeEventListener('abort', onAbort);
    }
    function fail(error: Error): void {
      cleanup();
      reject(init.signal?.aborted ? abortError(init.signal) : new TypeError('fetch failed', { cause: error }));
    }
    req.on('error', fail);
    req.on('timeout', () => req.destroy(new Error(`no response in ${TIMEOUT_MS / 1000} s`)));
    if (init.signal) {
      if (init.signal.aborted) return void req.destroy(abortError(init.signal) as Error);
      init.signal.addEventListener('abort', onAbort, { once: true });
    }
    req.end(init.body);
  });
}

/** `fetch(url, init)` for Octokit over node:http; see the file comment. */
export async function httpFetch(input: string | URL, init: HttpFetchInit = {}): Promise<HttpResponse> {
  let url = new URL(input);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? undefined;
  const headers = { ...init.headers };
  for (let redirects = 0; ; redirects++) {
    const { response, bytes } = await exchange(url, { method, headers, body, signal: init.signal ?? null });
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (!REDIRECTS.has(status) || location === undefined || init.redirect === 'manual') {
      return new HttpResponse(
        status,
        response.statusMessage ?? '',
        url.href,
        new ResponseHeaders(response.headers),
        bytes,
        redirects,
      );
    }
    if (init.redirect === 'error')
      throw new TypeError('fetch failed', { cause: new Error(`redirect to ${location} not allowed`) });
    if (redirects === MAX_REDIRECTS)
      throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    const next = new URL(location, url);
    // As fetch does: 303, and 301/302 after a POST, become a GET without a body; credentials do not
    // follow a redirect to another origin.
    if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
    }
    if (next.origin !== url.origin) {
      for (const name of Object.keys(headers))
        if (/^(?:authorization|cookie|proxy-authorization)$/i.test(name)) delete headers[name];
    }
    url = next;
  }
}

type FetchLike = (input: string | URL, init?: HttpFetchInit) => Promise<unknown>;
const ignoringBody = new WeakMap<FetchLike, FetchLike>();

/**
 * A client's fetch for a request whose answer nobody reads (`parseSuccessResponseBody: false`, the data
 * dropped): this transport's answer then has no body stream. Octokit reads `body` to hand it over as the
 * data, and a WHATWG ReadableStream costs about 30 microseconds to build on Node 20 (its transferable
 * set-up), on every status edit in the bench's profile. Another fetch (the Action's, a test's) is
 * returned as it is.
 */
export function fetchIgnoringBody(fetch: unknown): FetchLike | undefined {
  if (typeof fetch !== 'function') return undefined;
  const given = fetch as FetchLike;
  let wrapped = ignoringBody.get(given);
  if (!wrapped) {
    wrapped = (input, init) =>
      given(input, init).then((response) => {
        if (response instanceof HttpResponse) response.ignored = true;
        return response;
      });
    ignoringBody.set(given, wrapped);
  }
  return wrapped;
}

/** Octokit's `request` options with this fetch, unless the caller brings one (the simulator, a test). */
export function withHttpFetch(request: unknown): Record<string, unknown> {
  const given = (request ?? {}) as Record<string, unknown>;
  return { ...given, fetch: given.fetch ?? httpFetch };
}
