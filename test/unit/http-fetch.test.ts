import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { RequestError } from '@octokit/request-error';
import { ProbotOctokit } from 'probot';
import { updateComment } from '../../src/github/comments.js';
import { fetchIgnoringBody, httpFetch } from '../../src/github/http-fetch.js';
import type { Octokit } from '../../src/github/octokit.js';

/**
 * The app's fetch over node:http, against real HTTP servers on loopback: what Octokit reads of a
 * response, redirects as fetch follows them, and failures as fetch reports them.
 */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): {
  server: Server;
  seen: Seen[];
  url: () => string;
} {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return { server, seen, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(data));

const other = serve((_req, res) => json(res, 200, { landed: true }));
const timers: NodeJS.Timeout[] = [];
const main = serve((req, res, body) => {
  const path = req.url ?? '/';
  if (path === '/json') return json(res, 200, { ok: true, body }, { 'x-many': 'a', link: '<https://x>; rel="next"' });
  if (path === '/empty') return res.writeHead(204).end();
  if (path === '/gzip')
    return res
      .writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
      .end(gzipSync('unzipped text'));
  if (path === '/gzip-then-br')
    return res.writeHead(200, { 'content-encoding': 'gzip, br' }).end(brotliCompressSync(gzipSync('two codings')));
  if (path === '/unknown-coding') return res.writeHead(200, { 'content-encoding': 'zstd' }).end('as it came');
  if (path === '/empty-gzip')
    return res.writeHead(req.method === 'HEAD' ? 200 : 204, { 'content-encoding': 'gzip' }).end();
  if (path === '/not-modified') return res.writeHead(304, { 'content-encoding': 'gzip', etag: '"1"' }).end();
  if (path === '/bom') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('\ufeff{"a":1}');
  if (path === '/moved') return res.writeHead(301, { location: '/json' }).end();
  if (path === '/see-other') return res.writeHead(303, { location: '/json' }).end();
  if (path === '/temporary') return res.writeHead(307, { location: '/json' }).end();
  if (path === '/elsewhere') return res.writeHead(302, { location: `${other.url()}/landing` }).end();
  if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
  if (path === '/missing')
    return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  if (path === '/repos/acme/api/issues/comments/9') return json(res, 200, { id: 9, body: JSON.parse(body).body });
  if (path === '/slow') return void timers.push(setTimeout(() => json(res, 200, {}), 2_000));
  return json(res, 500, { message: 'unexpected' });
});

/** An outbound HTTP proxy: it answers requests in absolute form itself, and says so; it refuses tunnels. */
const proxy = serve((req, res) => json(res, 200, { viaProxy: req.url }));
const tunnels: string[] = [];
proxy.server.on('connect', (req: IncomingMessage, socket: Socket) => {
  tunnels.push(req.url ?? '');
  socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
});

beforeAll(async () => {
  for (const s of [main, other, proxy]) await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  for (const s of [main, other, proxy]) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  }
});

describe('httpFetch: what Octokit reads', () => {
  it('returns status, url, headers by lower-case name and iterable, and the body as text', async () => {
    const response = await httpFetch(`${main.url()}/json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'token t' },
      body: '{"a":"é"}',
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${main.url()}/json`);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(Object.fromEntries(response.headers)).toMatchObject({ 'x-many': 'a', link: '<https://x>; rel="next"' });
    expect(JSON.parse(await response.text())).toEqual({ ok: true, body: '{"a":"é"}' });
    const request = main.seen.at(-1);
    expect(request).toMatchObject({ method: 'POST', body: '{"a":"é"}' });
    // content-length counts bytes, not characters.
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(request?.headers.authorization).toBe('token t');
  });

  it('reads a 204 as an empty body, decompresses a compressed one, and hands out bytes and a stream', async () => {
    const empty = await httpFetch(`${main.url()}/empty`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    const zipped = await httpFetch(`${main.url()}/gzip`);
    expect(await zipped.text()).toBe('unzipped text');
    expect(Buffer.from(await zipped.arrayBuffer()).toString('utf8')).toBe('unzipped text');
    expect(await new Response(zipped.body).text()).toBe('unzipped text');
  });
});

describe('httpFetch: encodings as fetch handles them', () => {
  it('asks for compressed responses unless the caller says otherwise', async () => {
    await httpFetch(`${main.url()}/json`);
    expect(main.seen.at(-1)?.headers['accept-encoding']).toBe('gzip, deflate, br');
    await httpFetch(`${main.url()}/json`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(main.seen.at(-1)?.headers['accept-encoding']).toBe('identity');
  });

  it('undoes codings in the reverse of the order they were applied, and leaves an unknown one alone', async () => {
    expect(await (await httpFetch(`${main.url()}/gzip-then-br`)).text()).toBe('two codings');
    expect(await (await httpFetch(`${main.url()}/unknown-coding`)).text()).toBe('as it came');
  });

  it('has no body to decode on 204, 304 or HEAD, whatever content-encoding says', async () => {
    expect(await (await httpFetch(`${main.url()}/empty-gzip`)).text()).toBe('');
    expect(await (await httpFetch(`${main.url()}/empty-gzip`, { method: 'HEAD' })).text()).toBe('');
    const notModified = await httpFetch(`${main.url()}/not-modified`);
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
  });

  it('drops a leading byte-order mark from text, not from the bytes', async () => {
    const response = await httpFetch(`${main.url()}/bom`);
    expect(await response.text()).toBe('{"a":1}');
    expect(new Uint8Array(await response.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

describe('httpFetch: redirects as fetch follows them', () => {
  it.each([
    { path: '/moved', method: 'GET', body: undefined, expectMethod: 'GET', expectBody: '' },
    { path: '/moved', method: 'POST', body: '{"x":1}', expectMethod: 'GET', expectBody: '' },
    { path: '/see-other', method: 'PATCH', body: '{"x":1}', expectMethod: 'GET', expectBody: '' },
    { path: '/temporary', method: 'PATCH', body: '{"x":1}', expectMethod: 'PATCH', expectBody: '{"x":1}' },
  ])(
    '$method $path -> $expectMethod with body "$expectBody"',
    async ({ path, method, body, expectMethod, expectBody }) => {
      const response = await httpFetch(`${main.url()}${path}`, {
        method,
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(response.redirected).toBe(true);
      expect(response.url).toBe(`${main.url()}/json`);
      expect(main.seen.at(-1)).toMatchObject({ method: expectMethod, url: '/json', body: expectBody });
    },
  );

  it('drops credentials on a redirect to another origin', async () => {
    const response = await httpFetch(`${main.url()}/elsewhere`, {
      headers: { authorization: 'token secret', accept: 'application/json' },
    });
    expect(await response.text()).toBe('{"landed":true}');
    expect(other.seen.at(-1)?.headers.authorization).toBeUndefined();
    expect(other.seen.at(-1)?.headers.accept).toBe('application/json');
  });

  it('returns the redirect itself with redirect: manual, and fails with redirect: error or a loop', async () => {
    const manual = await httpFetch(`${main.url()}/moved`, { redirect: 'manual' });
    expect(manual.status).toBe(301);
    expect(manual.headers.get('location')).toBe('/json');
    await expect(httpFetch(`${main.url()}/moved`, { redirect: 'error' })).rejects.toThrow(TypeError);
    await expect(httpFetch(`${main.url()}/loop`)).rejects.toMatchObject({
      name: 'TypeError',
      cause: { message: 'redirect count exceeded' },
    });
  });
});

describe('httpFetch: failures as fetch reports them', () => {
  it('a refused connection is a TypeError with the socket error as its cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('an abort signal stops the request, before or during it', async () => {
    const before = new AbortController();
    before.abort();
    await expect(httpFetch(`${main.url()}/json`, { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const during = new AbortController();
    const pending = httpFetch(`${main.url()}/slow`, { signal: during.signal });
    setTimeout(() => during.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects a protocol it does not speak', async () => {
    await expect(httpFetch('ftp://127.0.0.1/file')).rejects.toThrow(/unsupported protocol ftp:/);
  });
});

describe('httpFetch under Octokit', () => {
  const octokit = () =>
    new ProbotOctokit({
      auth: { token: 'ghs_test' },
      baseUrl: main.url(),
      request: { fetch: httpFetch },
      retry: { enabled: false },
      throttle: { enabled: false },
    });

  it('gives parsed data, headers and the status', async () => {
    const response = await octokit().request('POST /json', { name: 'value' });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ ok: true, body: '{"name":"value"}' });
    expect(response.headers['x-many']).toBe('a');
  });

  it("turns an error status into a RequestError with GitHub's message", async () => {
    const failed = await octokit()
      .request('GET /missing')
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(RequestError);
    expect((failed as RequestError).status).toBe(404);
    expect((failed as RequestError).message).toBe('Not Found - https://docs.github.com/rest');
  });

  it('a status edit is sent in full and its answer is not read, nor handed over as a stream', async () => {
    const client = octokit();
    let data: unknown = 'unset';
    client.hook.after('request', (response) => {
      data = response.data;
    });
    await updateComment(client as unknown as Octokit, {
      owner: 'acme',
      repo: 'api',
      issue_number: 1,
      comment_id: 9,
      body: 'é',
    });
    expect(main.seen.at(-1)).toMatchObject({ method: 'PATCH', body: '{"body":"é"}' });
    expect(data).toBeNull();
  });
});

describe('fetchIgnoringBody', () => {
  it("gives this transport's answers no body stream, the same wrapper each time", async () => {
    const ignoring = fetchIgnoringBody(httpFetch);
    expect(ignoring).toBe(fetchIgnoringBody(httpFetch));
    const response = (await ignoring?.(`${main.url()}/json`)) as Awaited<ReturnType<typeof httpFetch>>;
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    // The control: the transport's own answer has one.
    expect((await httpFetch(`${main.url()}/json`)).body).not.toBeNull();
  });

  it("leaves another fetch's answer as it is, and no fetch is no fetch", async () => {
    const answer = new Response('kept');
    const other = async () => answer;
    expect(await fetchIgnoringBody(other)?.('http://127.0.0.1/')).toBe(answer);
    expect(await answer.text()).toBe('kept');
    expect(fetchIgnoringBody(undefined)).toBeUndefined();
  });
});

/** Node's built-in proxy support: 22.21 and 24.5 on (https://nodejs.org/api/http.html#built-in-proxy-support). */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const nodeHasProxySupport = major >= 25 || (major === 24 && minor >= 5) || (major === 22 && minor >= 21);
const withProxySupport = nodeHasProxySupport ? describe : describe.skip;
const run = promisify(execFile);

withProxySupport('httpFetch behind an outbound proxy (Node 22.21 and 24.5 on)', () => {
  // Node reads the switch as it starts, and another test file of this Jest worker may have left nock's
  // interceptor on node:http (it rebuilds each request, so a proxy would get it in origin form): the
  // app's fetch runs in a Node of its own, from the built lib/ (`npm test` builds it first).
  const built = join(process.cwd(), 'lib', 'github', 'http-fetch.js');

  /** httpFetch(url) in a fresh Node with `env`: the answer's JSON body, or the error's class name. */
  async function fetchInNode(params: { url: string; env: Record<string, string>; args?: string[] }): Promise<unknown> {
    const script = [
      `const { httpFetch } = await import(${JSON.stringify(pathToFileURL(built).href)});`,
      `try { const r = await httpFetch(${JSON.stringify(params.url)}, { headers: { 'x-marker': 'child' } });`,
      'process.stdout.write(JSON.stringify(await r.json())); }',
      'catch (error) { process.stdout.write(JSON.stringify({ failed: error.constructor.name })); }',
    ].join('\n');
    const { stdout } = await run(process.execPath, [...(params.args ?? []), '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...params.env },
    });
    return JSON.parse(stdout) as unknown;
  }

  it('runs against the built lib/', () => {
    expect(existsSync(built)).toBe(true);
  });

  it("Node's switch (NODE_USE_ENV_PROXY=1 or --use-env-proxy) is what nodeProxyEnv reads", () => {
    // nodeProxyEnv reads the global agent's options: a Node that stopped putting them there would make
    // the app ignore the operator's proxy without a word. Checked on the Node running the suite.
    const read = (args: string[], env: Record<string, string>) =>
      execFileSync(
        process.execPath,
        [...args, '-e', 'process.stdout.write(String(require("node:http").globalAgent.options.proxyEnv?.HTTPS_PROXY))'],
        { env: { PATH: process.env.PATH ?? '', HTTPS_PROXY: 'http://proxy.invalid:3128', ...env }, encoding: 'utf8' },
      );
    expect(read([], { NODE_USE_ENV_PROXY: '1' })).toBe('http://proxy.invalid:3128');
    expect(read(['--use-env-proxy'], {})).toBe('http://proxy.invalid:3128');
    // The control: without the switch an HTTPS_PROXY set for other tools is not taken up.
    expect(read([], {})).toBe('undefined');
  });

  it('goes through the proxy when Node is told to use it, and straight to the server when NO_PROXY names it', async () => {
    const target = `${main.url()}/json`;
    const seenByServer = main.seen.length;
    expect(await fetchInNode({ url: target, env: { NODE_USE_ENV_PROXY: '1', HTTP_PROXY: proxy.url() } })).toEqual({
      viaProxy: target,
    });
    expect(await fetchInNode({ url: target, args: ['--use-env-proxy'], env: { HTTP_PROXY: proxy.url() } })).toEqual({
      viaProxy: target,
    });
    expect(main.seen.length).toBe(seenByServer);

    const bypassed = await fetchInNode({
      url: target,
      env: { NODE_USE_ENV_PROXY: '1', HTTP_PROXY: proxy.url(), NO_PROXY: '127.0.0.1' },
    });
    expect(bypassed).toMatchObject({ ok: true });
    expect(main.seen.at(-1)?.headers['x-marker']).toBe('child');
  });

  it("asks the proxy for a tunnel to GitHub's HTTPS port, and fails as fetch does when it is refused", async () => {
    const failure = await fetchInNode({
      url: 'https://api.github.invalid/app',
      env: { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: proxy.url() },
    });
    expect(tunnels).toContain('api.github.invalid:443');
    expect(failure).toEqual({ failed: 'TypeError' });
  });

  it('without the switch a proxy in the environment changes nothing (the control)', async () => {
    const seenByProxy = proxy.seen.length;
    const direct = await fetchInNode({ url: `${main.url()}/json`, env: { HTTP_PROXY: proxy.url() } });
    expect(direct).toMatchObject({ ok: true });
    expect(proxy.seen.length).toBe(seenByProxy);
  });
});
