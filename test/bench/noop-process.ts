/**
 * The peer of `npm run bench`: a pure no-op Probot app. It loads Probot and an app function that subscribes
 * to the events incident-responder takes and does nothing, and none of incident-responder's modules, so its
 * start-up time and idle memory are Probot's own (cold_start_ratio, idle_rss_ratio) and its CPU per event
 * is what Probot spends on any webhook. Same server and IPC as test/bench/app-process.ts; its log is Probot's
 * default one (JSON lines through @probot/pino's transform stream, about 20 microseconds more a line than
 * the app's `serverLog`: docs/performance.md, tenth session).
 */
import { Probot, ProbotOctokit, Server } from 'probot';
import type { BenchRequest, BenchStats } from './app-process.js';

/** The events incident-responder subscribes to (src/app/webhooks.ts). */
const EVENTS = ['issues', 'issue_comment', 'pull_request', 'push'] as const;

async function main(): Promise<void> {
  const privateKey = process.env.BENCH_PRIVATE_KEY ?? '';
  const secret = process.env.BENCH_WEBHOOK_SECRET ?? '';
  const baseUrl = process.env.BENCH_GITHUB_URL ?? '';
  const throttled = process.env.BENCH_THROTTLE === 'on';
  // The app's Octokit differs only in its retry and throttling settings: off here as there (no Octokit
  // plugin of the app's is loaded); on, Probot's defaults.
  const Octokit = throttled
    ? ProbotOctokit
    : ProbotOctokit.defaults((options: Record<string, unknown>) => ({
        ...options,
        retry: { enabled: false },
        throttle: { ...(options.throttle as object | undefined), enabled: false },
      }));
  const logging = new Probot({ appId: 1, privateKey, secret, logLevel: 'info', logFormat: 'json' });
  await logging.ready();
  const log = logging.log;
  const server = new Server({
    host: '127.0.0.1',
    port: Number(process.env.BENCH_PORT),
    log,
    Probot: Probot.defaults({ appId: 1, privateKey, secret, baseUrl, log, Octokit }),
  });
  await server.load((probot: Probot) => probot.on([...EVENTS], async () => undefined));
  await server.start();
  // Profiling is the benchmark's, loaded only when asked for.
  const profiler = process.env.BENCH_CPU_PROFILE ? new (await import('./profiler.js')).WindowProfiler() : null;
  process.on('message', (message: BenchRequest) => {
    void (async () => {
      if (message.type === 'idle') {
        process.send?.({ type: 'idle' });
      } else if (message.type === 'stats') {
        const cpu = process.cpuUsage();
        // CPU windows ask without a collection: a forced one is the benchmark's, not the process's work.
        if (message.gc !== false) (globalThis as { gc?: () => void }).gc?.();
        const memory = process.memoryUsage();
        const stats: BenchStats = {
          rssMb: memory.rss / 2 ** 20,
          heapUsedMb: memory.heapUsed / 2 ** 20,
          armed: 0,
          cpuMs: (cpu.user + cpu.system) / 1000,
          userMs: cpu.user / 1000,
          systemMs: cpu.system / 1000,
          activeMs: performance.eventLoopUtilization().active,
          releases: 0,
        };
        process.send?.({ type: 'stats', stats });
      } else if (message.type === 'profile') {
        if (profiler) await (message.action === 'start' ? profiler.start() : profiler.stop(message.name));
        process.send?.({ type: 'profile' });
      } else if (message.type === 'stop') {
        await server.stop();
        process.exit(0);
      }
    })();
  });
  // The benchmark gone (it failed or was stopped): nothing is left listening.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port: server.port });
}

void main();
