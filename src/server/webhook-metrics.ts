import type { Probot } from 'probot';
import type { Metrics } from '../metrics/metrics.js';
import type { NodeMiddleware } from './webhook-body-limit.js';

/**
 * Counts how the server answered each webhook delivery (202, 400 for a bad signature, 413, 500, 503 while
 * Redis is away) by wrapping the middleware Probot's server asks for at start, as webhook-body-limit.ts
 * does. Call it from the app function, before the server starts.
 */
export function countProbotWebhookAnswers(probot: Probot, metrics: Metrics): void {
  const original = probot.getNodeMiddleware.bind(probot);
  probot.getNodeMiddleware = async (options = {}) => {
    const middleware = (await original(options)) as NodeMiddleware;
    const path = options.path ?? probot.webhookPath;
    const counted: NodeMiddleware = (request, response, next) => {
      if (request.method === 'POST' && new URL(request.url ?? '/', 'http://localhost').pathname === path)
        response.once('finish', () => metrics.webhookAnswered(response.statusCode));
      return middleware(request, response, next);
    };
    return counted as Awaited<ReturnType<typeof original>>;
  };
}
