import { pino, type Logger } from 'pino';

/**
 * The log of a process before Probot's exists (the start-up check, its errors): the same pino JSON lines
 * as the app's own (LOG_LEVEL honoured), written synchronously to stderr so an error is out before the
 * process exits.
 */
export function startupLog(params: { name: string; env: Readonly<Record<string, string | undefined>> }): Logger {
  const level = params.env.LOG_LEVEL?.trim() || 'info';
  return pino(
    { name: params.name, level: pino.levels.values[level] !== undefined ? level : 'info' },
    pino.destination({ fd: 2, sync: true }),
  );
}
