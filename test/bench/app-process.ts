/**
 * The process under test in `npm run bench`: Probot's own HTTP server with incident-responder, talking to
 * the simulator over HTTP. A separate process, so its memory is measured alone and the load generator does
 * not share its event loop. Controlled over IPC by test/bench/main.ts. It loads what production loads
 * (the app and its Octokit) and no more: its peer, the pure no-op Probot app, is test/bench/noop-process.ts.
 */
import { Probot, Server } from 'probot';
import { createApp } from '../../src/app/create-app.js';
import { productionOctokit } from '../../src/github/octokit-class.js';
import { startCalmMemoryRelease } from '../../src/server/calm-memory-release.js';
import { serverLog } from '../../src/server/log.js';

/** `app`: this process; `noop`: the pure no-op Probot app (noop-process.ts). */
export type BenchAppMode = 'app' | 'noop';
export type BenchRequest =
  | { type: 'idle' }
  /** `gc: false`: no forced collection before the memory figures (the CPU windows). */
  | { type: 'stats'; gc?: boolean }
  | { type: 'stop' }
  | { type: 'profile'; action: 'start' | 'stop'; name: string };
export interface BenchStats {
  rssMb: number;
  heapUsedMb: number;
  armed: number;
  /** CPU time (user + system, all threads) the process has used so far, in ms. */
  cpuMs: number;
  /** Of which in user space and in the kernel (system calls: sockets, the log). */
  userMs: number;
  systemMs: number;
  /** Main-thread time busy so far (event loop utilization's active time), in ms. */
  activeMs: number;
  /** Calm memory releases so far (calm-memory-release.ts); the no-op has none. */
  releases: number;
}

async function main(): Promise<void> {
  const pacing = process.env.BENCH_PACING === 'on';
  const privateKey = process.env.BENCH_PRIVATE_KEY ?? '';
  const secret = process.env.BENCH_WEBHOOK_SECRET ?? '';
  const baseUrl = process.env.BENCH_GITHUB_URL ?? '';
  // Logging as production's server.ts sets it up (NODE_ENV=production: JSON at info, secret headers
  // redacted), to /dev/null. The no-op logs as Probot does by default (noop-process.ts).
  const log = await serverLog({ NODE_ENV: 'production', LOG_LEVEL: 'info' });
  const server = new Server({
    host: '127.0.0.1',
    port: Number(process.env.BENCH_PORT),
    log,
    Probot: Probot.defaults({
      appId: 1,
      privateKey,
      secret,
      baseUrl,
      log,
      // Production's, always: its retries and request path are part of every request's cost (issue 27).
      Octokit: productionOctokit(),
    }),
  });
  const { app, runtime: runtimeOf } = createApp({
    botLogin: process.env.BENCH_BOT_LOGIN ?? '',
    sweep: false,
    pacing,
  });
  await server.load(app);
  const runtime = runtimeOf();
  await server.start();
  // As lib/server.js does once the app is loaded.
  const release = startCalmMemoryRelease({ log });
  const port = server.port;
  // Profiling is the benchmark's, loaded only when asked for.
  const profiler = process.env.BENCH_CPU_PROFILE ? new (await import('./profiler.js')).WindowProfiler() : null;
  process.on('message', (message: BenchRequest) => {
    void (async () => {
      if (message.type === 'idle') {
        await runtime.queue.idle();
        process.send?.({ type: 'idle' });
      } else if (message.type === 'stats') {
        const cpu = process.cpuUsage();
        // CPU windows and the settling memory ask without a collection: a forced one is the benchmark's, not the process's work.
        if (message.gc !== false) (globalThis as { gc?: () => void }).gc?.();
        const memory = process.memoryUsage();
        const stats: BenchStats = {
          rssMb: memory.rss / 2 ** 20,
          heapUsedMb: memory.heapUsed / 2 ** 20,
          armed: runtime.scheduler.size(),
          cpuMs: (cpu.user + cpu.system) / 1000,
          userMs: cpu.user / 1000,
          systemMs: cpu.system / 1000,
          activeMs: performance.eventLoopUtilization().active,
          releases: release.releases(),
        };
        process.send?.({ type: 'stats', stats });
      } else if (message.type === 'profile') {
        if (profiler) await (message.action === 'start' ? profiler.start() : profiler.stop(message.name));
        process.send?.({ type: 'profile' });
      } else if (message.type === 'stop') {
        runtime.stop();
        await server.stop();
        process.exit(0);
      }
    })();
  });
  // The benchmark gone (it failed or was stopped): nothing is left listening.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port });
}

void main();
