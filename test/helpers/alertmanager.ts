import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A real Prometheus Alertmanager (the Debian package) on a loopback port, with its own config and
 * storage, clustering off. Missing: in CI (CI=true) the tests fail; locally they are skipped with a
 * loud message, never passed silently. `.ci/run` installs it.
 */
export const ALERTMANAGER = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export function alertmanagerAvailable(): boolean {
  const probe = spawnSync(ALERTMANAGER, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && /alertmanager/i.test(`${probe.stdout}${probe.stderr}`);
}

/** `describe` when Alertmanager exists; otherwise a failure in CI and a loud skip locally. */
export function describeWithAlertmanager(
  name: string,
  body: () => void,
  describe: { (name: string, fn: () => void): void; skip: (name: string, fn: () => void) => void },
  it: (name: string, fn: () => void) => void,
): void {
  if (alertmanagerAvailable()) return describe(name, body);
  const message = `prometheus-alertmanager not found (${ALERTMANAGER}): install it (apt-get install -y prometheus-alertmanager) or set ALERTMANAGER_BIN.`;
  if (process.env.CI === 'true') {
    describe(name, () =>
      it('needs prometheus-alertmanager', () => {
        throw new Error(message);
      }),
    );
    return;
  }
  process.stderr.write(`\n*** SKIPPED: ${name}: ${message} ***\n\n`);
  describe.skip(name, body);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export class Alertmanager {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    readonly output: string[],
  ) {}

  /** Started with `config` (YAML text) on a free loopback port; resolves once its API answers (10 s at most). */
  static async start(config: string): Promise<Alertmanager> {
    const dir = mkdtempSync(join(tmpdir(), 'ir-alertmanager-'));
    writeFileSync(join(dir, 'alertmanager.yml'), config);
    const port = await freePort();
    const child = spawn(
      ALERTMANAGER,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const am = new Alertmanager(child, dir, `http://127.0.0.1:${port}`, output);
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) break;
      try {
        if ((await fetch(`${am.url}/-/ready`)).ok) return am;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await am.stop();
    throw new Error(`alertmanager did not start:\n${output.join('')}`);
  }

  /** Alerts through its v2 API, as Prometheus posts them. */
  async post(alerts: PostedAlert[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok) throw new Error(`alertmanager refused the alerts: ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      // The bound's timer is cleared once the process is gone, so it does not hold Jest for 5 s more.
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (bound = setTimeout(resolve, 5_000)))]);
      clearTimeout(bound);
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
