import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { getTransformStream } from '@probot/pino';
import { pino } from 'pino';
import { logFormat, REDACTED_PATHS, serverLog } from '../../src/server/log.js';

/** The lines a logger wrote to its destination, once the stream has handed them on. */
async function linesOf(write: (destination: PassThrough) => Promise<void>): Promise<string[]> {
  const destination = new PassThrough();
  let text = '';
  destination.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await write(destination);
  await new Promise((resolve) => setImmediate(resolve));
  return text.split('\n').filter((line) => line !== '');
}

const logged = (env: NodeJS.ProcessEnv, line: (log: pino.Logger) => void) =>
  linesOf(async (destination) => {
    line(await serverLog(env, destination));
  });

describe('logFormat: LOG_FORMAT as probot run reads it', () => {
  it.each([
    [{ NODE_ENV: 'production' }, 'json'],
    [{ NODE_ENV: 'production', LOG_FORMAT: '' }, 'json'],
    [{ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, 'pretty'],
    [{}, 'pretty'],
    [{ NODE_ENV: 'development' }, 'pretty'],
    [{ LOG_FORMAT: 'json' }, 'json'],
    [{ LOG_FORMAT: 'JSON' }, 'json'],
    [{ LOG_FORMAT: 'text' }, 'json'],
  ] as Array<[NodeJS.ProcessEnv, 'json' | 'pretty']>)('%j -> %s', (env, format) => {
    expect(logFormat(env)).toBe(format);
  });
});

describe('serverLog', () => {
  it('writes JSON lines under NODE_ENV=production without LOG_FORMAT (the image sets only NODE_ENV)', async () => {
    const lines = await logged({ NODE_ENV: 'production' }, (log) => log.info({ issue: 3 }, 'incident pass'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, name: 'probot', issue: 3, msg: 'incident pass' });
  });

  it('writes text elsewhere (the control: the same call is not JSON without NODE_ENV=production)', async () => {
    const lines = await logged({}, (log) => log.info({ issue: 3 }, 'incident pass'));
    expect(lines.join('\n')).toContain('incident pass');
    expect(() => JSON.parse(lines[0] ?? '')).toThrow();
  });

  it('redacts secret request headers in JSON lines', async () => {
    const lines = await logged({ LOG_FORMAT: 'json' }, (log) =>
      log.info(
        { req: { headers: { authorization: 'Bearer s3cret', 'x-hub-signature-256': 'sha256=ab', host: 'h' } } },
        'POST /alerts',
      ),
    );
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(lines.join('\n')).not.toContain('sha256=ab');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'x-hub-signature-256': '[redacted]', host: 'h' } },
    });
  });

  it('redacts them in text lines too', async () => {
    const lines = await logged({ LOG_FORMAT: 'pretty' }, (log) =>
      log.info({ req: { headers: { authorization: 'Bearer s3cret' } } }, 'POST /alerts'),
    );
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it('names levels in words with LOG_LEVEL_IN_STRING=true, and honours LOG_LEVEL and LOG_MESSAGE_KEY', async () => {
    const lines = await logged(
      { LOG_FORMAT: 'json', LOG_LEVEL_IN_STRING: 'true', LOG_LEVEL: 'warn', LOG_MESSAGE_KEY: 'message' },
      (log) => {
        log.info('not written');
        log.warn('written');
      },
    );
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ level: 'warn', message: 'written' }),
    ]);
  });

  it("writes the same JSON line as Probot's transform stream does, without it", async () => {
    const line = (log: pino.Logger) =>
      log.child({ name: 'http' }).info({ req: { method: 'POST' }, n: [1, 'ä'] }, 'POST 200');
    const direct = await logged({ LOG_FORMAT: 'json' }, line);
    const viaTransform = await linesOf(async (destination) => {
      const transform = await getTransformStream({ logFormat: 'json' });
      transform.pipe(destination);
      line(
        pino(
          { level: 'info', name: 'probot', messageKey: 'msg', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
          transform,
        ),
      );
    });
    // Byte for byte (key order, pino's repeated "name" keys), but for the time.
    const withoutTime = (l: string) => l.replace(/"time":\d+/, '"time":0');
    expect(direct.map(withoutTime)).toEqual(viaTransform.map(withoutTime));
    expect(direct).toHaveLength(1);
  });

  it('hands plain JSON lines to the destination itself, and text to the transform stream', async () => {
    const destination = new PassThrough();
    const streamOf = (log: pino.Logger) => (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
    expect(streamOf(await serverLog({ LOG_FORMAT: 'json' }, destination))).toBe(destination);
    expect(streamOf(await serverLog({ LOG_FORMAT: 'pretty' }, destination))).not.toBe(destination);
    expect(streamOf(await serverLog({ LOG_FORMAT: 'json', LOG_LEVEL_IN_STRING: 'true' }, destination))).not.toBe(
      destination,
    );
  });
});
