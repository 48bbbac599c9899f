/**
 * Log lines written before Probot's logger exists (the start-up check, the first call to GitHub, where /metrics is served), in
 * the shape of Probot's own JSON lines (pino: numeric `level`, `time` in ms, `name`, `msg`), so a log
 * collector parses every line of the process the same way. Probot's LOG_LEVEL_IN_STRING and
 * LOG_MESSAGE_KEY apply here as there. Written to stderr: these lines say why the process stops.
 */
const LEVELS = { info: 30, warn: 40, error: 50, fatal: 60 } as const;

export function startupLogLine(params: {
  level: keyof typeof LEVELS;
  msg: string;
  name: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  pid: number;
}): string {
  const { env } = params;
  const messageKey = (env.LOG_MESSAGE_KEY ?? '').trim() || 'msg';
  const level = env.LOG_LEVEL_IN_STRING === 'true' ? params.level : LEVELS[params.level];
  return `${JSON.stringify({ level, time: params.now.getTime(), pid: params.pid, name: params.name, [messageKey]: params.msg })}\n`;
}

/** Writes one start-up line to stderr. */
export function logAtStartup(name: string, level: keyof typeof LEVELS, msg: string): void {
  process.stderr.write(startupLogLine({ level, msg, name, env: process.env, now: new Date(), pid: process.pid }));
}
