import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { checkCredentials } from '../../src/server/credentials.js';
import { createReadiness, type CheckResult } from '../../src/server/readiness.js';
import { startupLogLine } from '../../src/server/startup-log.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const files: Record<string, string> = { 'app.pem': rsa, 'notes.txt': 'hello' };
const readFile = (path: string) => {
  if (!(path in files)) throw new Error('ENOENT');
  return files[path] as string;
};
const check = (env: Record<string, string>) => checkCredentials({ env, readFile });

describe('checkCredentials: one line per mistake, never a value', () => {
  it.each([
    ['no credentials (registration mode)', {}, []],
    ['a PEM key in PRIVATE_KEY', { APP_ID: '4242', PRIVATE_KEY: rsa }, []],
    ['the key with \\n escapes, as in a one-line .env', { APP_ID: '4242', PRIVATE_KEY: rsa.replace(/\n/g, '\\n') }, []],
    ['the key base64-encoded', { APP_ID: '4242', PRIVATE_KEY: Buffer.from(rsa).toString('base64') }, []],
    ['a key file', { APP_ID: '4242', PRIVATE_KEY_PATH: 'app.pem' }, []],
    ['a Client ID for APP_ID', { APP_ID: 'Iv1.0123456789abcdef', PRIVATE_KEY: rsa }, ['APP_ID is not a number']],
    [
      'a truncated key',
      { APP_ID: '1', PRIVATE_KEY: rsa.slice(0, 200) + '\n-----END RSA PRIVATE KEY-----\n' },
      ['PRIVATE_KEY cannot be read as a private key'],
    ],
    ['not a PEM at all', { APP_ID: '1', PRIVATE_KEY: 'ghp_notakey' }, ['PRIVATE_KEY is not a private key in PEM form']],
    ['an EC key', { APP_ID: '1', PRIVATE_KEY: ec }, ['PRIVATE_KEY is not an RSA key']],
    [
      'a missing key file',
      { APP_ID: '1', PRIVATE_KEY_PATH: 'gone.pem' },
      ['PRIVATE_KEY_PATH does not name a readable file'],
    ],
    [
      'a file that is no key',
      { APP_ID: '1', PRIVATE_KEY_PATH: 'notes.txt' },
      ['the file at PRIVATE_KEY_PATH is not a private key in PEM form'],
    ],
  ])('%s', (_name, env, expected) => {
    const problems = check(env as Record<string, string>);
    expect(problems).toHaveLength(expected.length);
    problems.forEach((problem, i) => {
      expect(problem.startsWith(expected[i] as string)).toBe(true);
      expect(problem).not.toContain('\n');
      expect(problem).not.toContain('Iv1.0123456789abcdef');
    });
  });
});

describe('readiness', () => {
  const probe = (results: CheckResult[]) => {
    let calls = 0;
    return {
      check: {
        name: 'github',
        run: async () => {
          calls += 1;
          return results[Math.min(calls - 1, results.length - 1)] as CheckResult;
        },
      },
      calls: () => calls,
    };
  };

  it('is ready when every check passes, and names the one that does not', async () => {
    let now = 0;
    const github = probe([
      { ok: false, detail: 'GitHub did not answer: timeout' },
      { ok: true, detail: 'fine' },
    ]);
    const readiness = createReadiness({
      checks: [{ name: 'credentials', run: async () => ({ ok: true, detail: 'loaded' }) }, github.check],
      maxAgeMs: 30_000,
      now: () => now,
    });
    expect(await readiness.report()).toMatchObject({
      ready: false,
      checks: { credentials: { ok: true }, github: { ok: false, detail: 'GitHub did not answer: timeout' } },
    });
    now = 29_999;
    expect((await readiness.report()).ready).toBe(false);
    expect(github.calls()).toBe(1);
    now = 30_000;
    expect((await readiness.report()).ready).toBe(true);
    expect(github.calls()).toBe(2);
  });

  it('shares one run between concurrent probes, and a throwing check is a failed one', async () => {
    const github = probe([{ ok: true, detail: 'fine' }]);
    const readiness = createReadiness({ checks: [github.check] });
    await Promise.all([readiness.report(), readiness.report(), readiness.report()]);
    expect(github.calls()).toBe(1);
    const broken = createReadiness({
      checks: [{ name: 'redis', run: async () => Promise.reject(new Error('ECONNREFUSED')) }],
    });
    expect(await broken.report()).toMatchObject({
      ready: false,
      checks: { redis: { ok: false, detail: 'ECONNREFUSED' } },
    });
  });
});

describe('start-up log lines', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  it.each<[string, NodeJS.ProcessEnv, Record<string, unknown>]>([
    ['pino numbers by default', {}, { level: 60, time: now.getTime(), pid: 7, name: 'x', msg: 'cannot start: y' }],
    ['names with LOG_LEVEL_IN_STRING', { LOG_LEVEL_IN_STRING: 'true' }, { level: 'fatal', msg: 'cannot start: y' }],
    ['LOG_MESSAGE_KEY as Probot', { LOG_MESSAGE_KEY: 'message' }, { level: 60, message: 'cannot start: y' }],
  ])('%s', (_name, env, expected) => {
    const line = startupLogLine({ level: 'fatal', msg: 'cannot start: y', name: 'x', env, now, pid: 7 });
    expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject(expected);
  });

  it('keeps a multi-line message on one line', () => {
    const line = startupLogLine({ level: 'warn', msg: 'a\nb', name: 'x', env: {}, now, pid: 7 });
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(line).msg).toBe('a\nb');
  });
});
