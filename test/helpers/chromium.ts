import { existsSync } from 'node:fs';

/**
 * Debian's Chromium (`apt-get install chromium`), driven by playwright-core for the tests that check
 * what a reader sees. Missing: in CI (CI=true) the tests fail; locally they are skipped with a loud
 * message, never passed silently. `.ci/run` installs it.
 */
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** The flags this machine needs: no sandbox as root, and no background network (there is none). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function describeWithChromium(
  name: string,
  body: () => void,
  describe: { (name: string, fn: () => void): void; skip: (name: string, fn: () => void) => void },
  it: (name: string, fn: () => void) => void,
): void {
  if (existsSync(CHROMIUM)) return describe(name, body);
  const message = `chromium not found (${CHROMIUM}): the browser tests cannot run. Install it (apt-get install -y chromium) or set CHROMIUM_BIN.`;
  if (process.env.CI === 'true') {
    describe(name, () =>
      it('needs chromium', () => {
        throw new Error(message);
      }),
    );
    return;
  }
  process.stderr.write(`\n*** SKIPPED: ${name}: ${message} ***\n\n`);
  describe.skip(name, body);
}
