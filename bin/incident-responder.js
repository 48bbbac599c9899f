#!/usr/bin/env node
// The CLI launcher. `npm ci` builds lib/ (the `prepare` script); the code lives in src/cli/.
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8'),
});
