import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port.js';

/**
 * The registration flow the README and docs/deployment.md describe: `npm start` without credentials
 * serves Probot's page whose button posts app.yml's manifest to GitHub's "new App" form. The manifest
 * it sends must be one GitHub accepts (the rules of scripts/check-github-files.mjs) and carry the
 * webhook URL the docs promise: the smee.io channel in WEBHOOK_PROXY_URL. The server runs from
 * lib/ (built by `npm test`) in a scratch folder holding app.yml and package.json, as a fresh clone
 * would; nothing reaches smee.io or GitHub (there is no network here: the smee client's attempt fails
 * in the background).
 */
const ROOT = process.cwd();
const SERVER = join(ROOT, 'lib', 'server.js');
const CHANNEL = 'https://smee.io/incident-responder-registration-test';

interface Manifest {
  hook_attributes?: { url?: string };
  default_events?: string[];
  redirect_url?: string;
  version?: string;
  [key: string]: unknown;
}

type ManifestProblems = (manifest: unknown) => string[];

async function startServer(env: Record<string, string>): Promise<{ url: string; log: () => string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'registration-'));
  copyFileSync(join(ROOT, 'app.yml'), join(dir, 'app.yml'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/ping`)).ok) return { url, log: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stop();
  throw new Error(`the server did not start: ${log}`);
}

/** The page's form: where it posts, and the manifest in its button's value. */
async function registrationForm(url: string): Promise<{ action: string; manifest: Manifest }> {
  const html = await (await fetch(`${url}/probot`)).text();
  const action = /<form action="([^"]+)"/.exec(html)?.[1] ?? '';
  const value = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
  if (value === undefined) throw new Error(`no manifest in the registration page: ${html.slice(0, 500)}`);
  return { action, manifest: JSON.parse(value) as Manifest };
}

describe('registering the App from a fresh clone', () => {
  let manifestProblems: ManifestProblems;
  beforeAll(async () => {
    ({ manifestProblems } = (await import(join(ROOT, 'scripts', 'check-github-files.mjs'))) as {
      manifestProblems: ManifestProblems;
    });
  });

  describe('with the smee.io channel in WEBHOOK_PROXY_URL (docs/deployment.md, "Register the GitHub App")', () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    beforeAll(async () => {
      server = await startServer({ WEBHOOK_PROXY_URL: CHANNEL });
    }, 90_000);
    afterAll(() => server?.stop());

    it('offers GitHub a manifest it accepts, with the channel as the webhook URL', async () => {
      const { action, manifest } = await registrationForm(server.url);
      expect(action).toBe('https://github.com/settings/apps/new');
      expect(manifest.hook_attributes?.url).toBe(CHANNEL);
      expect(manifest.redirect_url).toBe(`${server.url}/probot/setup`);
      expect(manifest.default_events).toEqual(['issues', 'issue_comment', 'push', 'pull_request']);
      // `version` is Probot's own addition to every manifest it sends; the rest is GitHub's format.
      const { version: _version, ...sent } = manifest;
      expect(manifestProblems(sent)).toEqual([]);
    });

    it('keeps serving when the smee.io channel cannot be reached (offline here), and says so', async () => {
      const deadline = Date.now() + 30_000;
      while (!/cannot reach the webhook proxy/.test(server.log()) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
      expect(server.log()).toMatch(/"level":40,.*"msg":"cannot reach the webhook proxy https:\/\/smee\.io\//);
      expect((await fetch(`${server.url}/ping`)).ok).toBe(true);
      expect((await registrationForm(server.url)).manifest.hook_attributes?.url).toBe(CHANNEL);
    });
  });

  it('registers for an organisation with GH_ORG', async () => {
    const server = await startServer({ WEBHOOK_PROXY_URL: CHANNEL, GH_ORG: 'acme' });
    try {
      expect((await registrationForm(server.url)).action).toBe(
        'https://github.com/organizations/acme/settings/apps/new',
      );
    } finally {
      server.stop();
    }
  }, 90_000);

  it('has the smee client Probot opens a channel with (it was missing: "SmeeClient is not available")', async () => {
    const server = await startServer({});
    try {
      await registrationForm(server.url);
      expect(server.log()).not.toMatch(/SmeeClient is not available|npm install --save-dev smee-client/);
      const { SmeeClient } = (await import('smee-client')) as { SmeeClient: { createChannel?: unknown } };
      expect(typeof SmeeClient.createChannel).toBe('function');
    } finally {
      server.stop();
    }
  }, 90_000);

  it('the control: a manifest with the events GitHub rejects fails the same check', () => {
    const app = readFileSync(join(ROOT, 'app.yml'), 'utf8');
    expect(app).not.toMatch(/^ {2}- installation/m);
    expect(
      manifestProblems({
        url: 'https://x',
        default_events: ['issues', 'installation'],
        default_permissions: { issues: 'write' },
      }),
    ).toEqual(['default_events: "installation" is sent to every App; GitHub rejects it in a manifest']);
  });
});
