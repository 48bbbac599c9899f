import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorHandler } from '../../src/simulator/rest.js';
import type { SimulatedGitHub } from '../../src/simulator/state.js';

/**
 * The GitHub simulator served over HTTP on loopback, so the benchmarked app makes real HTTP requests
 * (connection handling, JSON encoding and parsing included) as it would against api.github.com. The
 * simulator is GitHub's stand-in and shares the machine with the app under test: it is served straight
 * from Node's request, without fetch's Request and Response objects, to take as little CPU as it can.
 */
export async function startGitHubServer(sim: SimulatedGitHub): Promise<{ url: string; close: () => Promise<void> }> {
  const serve = createSimulatorHandler(sim);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
        const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
        const reply = serve({
          // GitHub Enterprise's `/api/v3` prefix (GHE_HOST, as the real processes are pointed here) is dropped.
          url: `http://${req.headers.host}${(req.url ?? '/').replace(/^\/api\/v3(?=\/)/, '')}`,
          method: req.method ?? 'GET',
          headers,
          body,
        });
        const text = reply.text ?? '';
        const answer = () => {
          // An injected reset (src/simulator/state.ts Fault): the connection drops without an answer.
          if (reply.reset) return void req.socket.destroy();
          res
            .writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(text)) })
            .end(text);
        };
        if (reply.delayMs) setTimeout(answer, reply.delayMs);
        else answer();
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
