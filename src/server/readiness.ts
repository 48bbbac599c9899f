import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Readiness (`GET /healthz`): can the app do its work now? Probot's `/ping` stays the liveness probe
 * (the process answers). Each check is one dependency (credentials, GitHub; Redis when it comes); the
 * endpoint is ready when all pass. Results are kept for `maxAgeMs`, so probes every few seconds do not
 * turn into a request to GitHub each.
 */
export interface CheckResult {
  ok: boolean;
  /** One line for an operator; never a secret. */
  detail: string;
}

export interface ReadinessCheck {
  name: string;
  run(): Promise<CheckResult>;
  /** Keep a result this long instead of the endpoint's `maxAgeMs` (a cheap check that must be fresh). */
  maxAgeMs?: number;
}

export const READINESS_PATH = '/healthz';

interface Kept {
  result: CheckResult;
  at: number;
}

export function createReadiness(params: { checks: ReadinessCheck[]; maxAgeMs?: number; now?: () => number }) {
  const maxAgeMs = params.maxAgeMs ?? 30_000;
  const now = params.now ?? Date.now;
  const kept = new Map<string, Kept>();
  const running = new Map<string, Promise<CheckResult>>();

  async function resultOf(check: ReadinessCheck): Promise<CheckResult & { checkedAt: string }> {
    const last = kept.get(check.name);
    if (last && now() - last.at < (check.maxAgeMs ?? maxAgeMs))
      return { ...last.result, checkedAt: new Date(last.at).toISOString() };
    // Concurrent probes share one run.
    let pending = running.get(check.name);
    if (!pending) {
      pending = check
        .run()
        .catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) }));
      running.set(check.name, pending);
    }
    const result = await pending;
    running.delete(check.name);
    const at = now();
    kept.set(check.name, { result, at });
    return { ...result, checkedAt: new Date(at).toISOString() };
  }

  async function report() {
    const results = await Promise.all(params.checks.map(async (check) => [check.name, await resultOf(check)] as const));
    const ready = results.every(([, result]) => result.ok);
    return { ready, checks: Object.fromEntries(results) };
  }

  /** A Probot server handler: answers GET /healthz, leaves every other request alone. */
  async function handler(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://localhost').pathname !== READINESS_PATH)
      return false;
    const { ready, checks } = await report();
    response
      .writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
    return true;
  }

  return { report, handler, resultOf };
}
