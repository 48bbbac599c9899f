import { generateKeyPairSync } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Probot, Server } from 'probot';
import { startGitHubServer } from '../bench/github-server.js';
import { createApp, type AppRuntime } from '../../src/app/create-app.js';
import { createAlertRoute } from '../../src/server/alert-route.js';
import { serverLog } from '../../src/server/log.js';
import { unthrottledOctokit } from '../../src/simulator/unthrottled-octokit.js';
import { BOT_LOGIN, SimulatedGitHub } from '../../src/simulator/state.js';
import { freePort } from './free-port.js';

const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The App's server as `npm start` wires it (Probot's Server, the app, the alert route, the redacting
 * log) on a loopback port, against the GitHub simulator over HTTP on the real clock; the webhooks the
 * app's writes cause are delivered back to it. `log` holds every line the server logged.
 */
export class AlertServer {
  readonly log: string[] = [];
  private pump: NodeJS.Timeout | null = null;
  private delivering = Promise.resolve();

  private constructor(
    readonly sim: SimulatedGitHub,
    readonly url: string,
    private readonly server: Server,
    private readonly github: { close: () => Promise<void> },
    private readonly probot: () => Probot,
    readonly runtime: () => AppRuntime,
  ) {}

  static async start(params: { tokens: string[] }): Promise<AlertServer> {
    const sim = new SimulatedGitHub(() => new Date());
    const github = await startGitHubServer(sim);
    const lines = new PassThrough();
    const log = await serverLog({ LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, lines);
    const port = await freePort();
    const { app, runtime } = createApp({ botLogin: BOT_LOGIN, sweep: false, pacing: false });
    let probot: Probot | undefined;
    const server = new Server({
      Probot: Probot.defaults({
        appId: 1,
        privateKey,
        secret: 'alerts',
        baseUrl: github.url,
        log,
        Octokit: unthrottledOctokit(),
      }),
      port,
      host: '127.0.0.1',
      log,
    });
    await server.load(async (p, options) => {
      probot = p;
      await app(p);
      options.addHandler?.(createAlertRoute({ tokens: params.tokens, intake: (r) => runtime().alerts(r), log: p.log }));
    });
    await server.start();
    const started = new AlertServer(sim, `http://127.0.0.1:${port}`, server, github, () => probot as Probot, runtime);
    lines.on('data', (d: Buffer) => started.log.push(d.toString()));
    started.pump = setInterval(() => {
      started.delivering = started.delivering.then(() => started.deliver());
    }, 50);
    return started;
  }

  /** The webhooks the app's own writes caused, delivered as GitHub would. */
  private async deliver(): Promise<void> {
    for (let event = this.sim.outbox.shift(); event; event = this.sim.outbox.shift()) {
      try {
        await this.probot().receive({
          id: event.id,
          name: event.name,
          payload: structuredClone(event.payload),
        } as Parameters<Probot['receive']>[0]);
      } catch {
        // a failed delivery is GitHub's to redeliver; the tests look at the outcome
      }
    }
  }

  /** Polls `check` every 100 ms for at most `ms`; the last error says what was missing. */
  async until(check: () => void, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      try {
        check();
        return;
      } catch (error) {
        if (Date.now() > end) throw error;
      }
      await sleep(100);
    }
  }

  post(path: string, body: unknown, token: string | null): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async stop(): Promise<void> {
    if (this.pump) clearInterval(this.pump);
    await this.delivering;
    await this.runtime().close();
    await this.server.stop();
    await this.github.close();
  }
}
