import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorFetch } from '../simulator/rest.js';
import type { SimulatedGitHub } from '../simulator/state.js';

/**
 * The GitHub simulator served over HTTP on loopback, so the benchmarked app makes real HTTP requests
 * (connection handling, JSON encoding and parsing included) as it would against api.github.com.
 */
export async function startGitHubServer(sim: SimulatedGitHub): Promise<{ url: string; close: () => Promise<void> }> {
  const simFetch = createSimulatorFetch(sim);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
      simFetch(`http://${req.headers.host}${req.url ?? '/'}`, { method: req.method, headers, body })
        .then(async (response) => {
          const text = await response.text();
          const out: Record<string, string> = {};
          response.headers.forEach((value, name) => (out[name] = value));
          out['content-length'] = String(Buffer.byteLength(text));
          res.writeHead(response.status, out).end(text);
        })
        .catch((error: unknown) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) })));
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
