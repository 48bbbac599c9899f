import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/**
 * A real redis-server (the Debian package) on a loopback port, for the tests of the shared runtime.
 * Missing: in CI (CI=true) the tests fail; locally they are skipped with a loud message, never passed
 * silently. `.ci/run` installs it.
 */
export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export function redisAvailable(): boolean {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /Redis server/.test(probe.stdout);
}

/** `describe` when redis-server exists; otherwise a failure in CI and a loud skip locally. */
export function describeWithRedis(
  name: string,
  body: () => void,
  describe: { (name: string, fn: () => void): void; skip: (name: string, fn: () => void) => void },
  it: (name: string, fn: () => void) => void,
): void {
  if (redisAvailable()) return describe(name, body);
  const message = `redis-server not found (${REDIS_SERVER}): the multi-process tests cannot run. Install it (apt-get install -y redis-server) or set REDIS_SERVER_BIN.`;
  if (process.env.CI === 'true') {
    describe(name, () =>
      it('needs redis-server', () => {
        throw new Error(message);
      }),
    );
    return;
  }
  process.stderr.write(`\n*** SKIPPED: ${name}: ${message} ***\n\n`);
  describe.skip(name, body);
}

/** One redis-server with an append-only file (fsync on every write), so a kill and restart keeps the queue. */
export class RedisServer {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'incident-responder-redis-')));
    await server.restart();
    return server;
  }

  /** Starts (again) on the same port and data directory. */
  async restart(): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--protected-mode',
        'yes',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    for (let i = 0; i < 100; i++) {
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch {
        client.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** SIGSTOP: Redis hangs (connections stay open, nothing is answered) until `resume`. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Killed and started again without its data, as a Redis without persistence restarts. */
  async restartEmpty(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    await this.restart();
  }

  /** SIGKILL: no goodbye to the clients, as a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
