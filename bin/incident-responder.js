#!/usr/bin/env node
// The CLI launcher. `npm ci` builds lib/ (the `prepare` script); the code lives in src/cli/.
import { readFile } from 'node:fs/promises';
import { main } from '../lib/cli/main.js';

// `incident-responder parse x | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
});
