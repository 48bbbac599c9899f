import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { SERVER_NODE_FLAGS } from '../../src/server/node-flags.js';

const text = (path: string) => readFileSync(path, 'utf8');

/** The node options before the entry file in a command line such as `node --a --b lib/server.js`. */
function flagsBefore(command: readonly string[], entry: string): string[] | null {
  const at = command.indexOf(entry);
  const node = command.lastIndexOf('node', at);
  if (at < 0 || node < 0) return null;
  return command.slice(node + 1, at);
}

const words = (line: string) => line.trim().split(/\s+/);
const dockerCmd = (): string[] => {
  const line = text('Dockerfile')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  return JSON.parse((line ?? 'CMD null').slice(4)) as string[];
};
const npmScript = (name: string): string[] =>
  words(
    (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts[name]?.split('&&').at(-1) ?? '',
  );
const systemdExec = (): string[] =>
  words((text('docs/deployment.md').match(/^ExecStart=(.*)$/m)?.[1] ?? '').replace(/^\/usr\/bin\/node\b/, 'node'));

describe("the long-running processes get the same Node options wherever they're started", () => {
  it.each([
    ['the image (Dockerfile CMD)', dockerCmd, 'lib/server.js'],
    ['npm start', () => npmScript('start'), 'lib/server.js'],
    ['npm run worker', () => npmScript('worker'), 'lib/worker.js'],
    ['the systemd unit (docs/deployment.md)', systemdExec, 'lib/server.js'],
  ])('%s', (_where, command, entry) => {
    expect(flagsBefore(command(), entry)).toEqual([...SERVER_NODE_FLAGS]);
  });

  it('control: a command without the options is caught', () => {
    expect(flagsBefore(['node', 'lib/server.js'], 'lib/server.js')).not.toEqual([...SERVER_NODE_FLAGS]);
    expect(flagsBefore(['npm', 'start'], 'lib/server.js')).toBeNull();
  });
});
