import { fileURLToPath } from 'node:url';
import { readInput, type CliIo } from './io.js';

/** package.json, two folders up from this module in src/cli/ and in the built lib/cli/ alike. */
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/** The version the package was released as: `incident-responder --version` and bug reports quote it. */
export async function packageVersion(io: CliIo): Promise<string> {
  const text = await readInput(io, PACKAGE_JSON);
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
