import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorHandler } from '../../src/simulator/rest.js';
import type { SimulatedGitHub } from '../../src/simulator/state.js';

/** The simulator served over HTTP on loopback, as the Action (a child process) reaches GitHub. */
export async function serveSimulator(sim: SimulatedGitHub): Promise<{ url: string; close: () => Promise<void> }> {
  const serve = createSimulatorHandler(sim);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const reply = serve({
        url: `http://${req.headers.host}${req.url ?? '/'}`,
        method: req.method ?? 'GET',
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined,
      });
      const text = reply.text ?? '';
      res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(text)) }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the run wrote to the job summary (GITHUB_STEP_SUMMARY). */
  summary: string;
}

/** Reads a GITHUB_OUTPUT file (`name<<DELIMITER` blocks). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m?.[1] || !m[2]) continue;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i] ?? '');
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

/**
 * Runs the Action's entry as a workflow step would: a child process with GitHub's environment
 * variables, the event payload in a file, outputs to a GITHUB_OUTPUT file.
 */
export async function runActionEntry(params: {
  entry: string;
  apiUrl: string;
  repository: string;
  eventName: string;
  payload: unknown;
  token: string;
  now: Date;
  inputs?: Record<string, string>;
  /** The throttling plugin spaces writes by real seconds; on for the production path, off by default here. */
  throttle?: boolean;
}): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'incident-action-'));
  try {
    const eventPath = join(dir, 'event.json');
    const outputPath = join(dir, 'output');
    const summaryPath = join(dir, 'summary.md');
    await writeFile(eventPath, JSON.stringify(params.payload));
    await writeFile(outputPath, '');
    await writeFile(summaryPath, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: params.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: params.repository,
      GITHUB_API_URL: params.apiUrl,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      INPUT_TOKEN: params.token,
      INCIDENT_RESPONDER_NOW: params.now.toISOString(),
      INCIDENT_RESPONDER_THROTTLE: params.throttle ? 'on' : 'off',
    };
    for (const [name, value] of Object.entries(params.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [params.entry], { env, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(outputPath, 'utf8')),
      summary: await readFile(summaryPath, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
