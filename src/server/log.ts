import { getTransformStream } from '@probot/pino';
import { pino, type Logger } from 'pino';

/**
 * Headers that carry secrets, censored wherever a log line holds a request: Probot's request log
 * (pino-http) records `req.headers` as they arrive, before any handler runs, so the alert route's bearer
 * token would otherwise be written to the log on every request.
 */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]'];

/** Probot's logger (the same options and formats as `probot run`'s) with the secrets above redacted. */
export async function serverLog(env: NodeJS.ProcessEnv, destination?: NodeJS.WritableStream): Promise<Logger> {
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT,
    logLevelInString: env.LOG_LEVEL_IN_STRING === 'true',
    sentryDsn: env.SENTRY_DSN,
  });
  transform.pipe((destination ?? pino.destination(1)) as NodeJS.WritableStream);
  return pino(
    {
      level: env.LOG_LEVEL ?? 'info',
      name: 'probot',
      messageKey: env.LOG_MESSAGE_KEY ?? 'msg',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    transform,
  );
}
