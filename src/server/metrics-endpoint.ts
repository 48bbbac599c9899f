import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

/** A Probot server handler (or a plain one): answers GET /metrics in Prometheus text, leaves the rest. */
export function metricsHandler(registry: Registry) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://localhost').pathname !== METRICS_PATH)
      return false;
    try {
      const text = await registry.metrics();
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}\n`);
    }
    return true;
  };
}

/**
 * `/metrics` on a port of its own (INCIDENT_RESPONDER_METRICS_PORT): for the worker, which has no server,
 * and for a server whose webhook port is public while metrics should stay inside. Everything else is 404.
 */
export function serveMetrics(params: { registry: Registry; port: number; host?: string }): Promise<Server> {
  const handle = metricsHandler(params.registry);
  const server = createServer((request, response) => {
    void handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: params.port, host: params.host }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
