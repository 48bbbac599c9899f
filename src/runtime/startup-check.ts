/**
 * What must be true before the server accepts webhooks. Probot falls back to the webhook secret
 * "development" when WEBHOOK_SECRET is unset: in production that would let anyone who knows it forge
 * events, so the app refuses to start instead. Messages name variables, never their values.
 */
import { parseDuration } from '../config/durations.js';
import { parseCrossRepoAllowList, type CrossRepoRule } from '../domain/trust/cross-repo-consent.js';
import type { RedisSettings } from './create-runtime.js';
import { redisSettingsFrom } from './redis-settings.js';

export interface StartupCheck {
  errors: string[];
  warnings: string[];
  /** The sweep is the server's safety net, so it is set where the server runs (SWEEP_EVERY, SWEEP_HORIZON). */
  sweep: { everyMinutes: number; horizonMinutes: number; recoverCommandsMinutes: number };
  /**
   * INCIDENT_RESPONDER_ALLOW_CROSS_REPO: writes into other repositories the server allows without the
   * target's `accepts_from` (domain/trust/cross-repo-consent.ts). A bad entry stops the start: ignoring it
   * silently would leave the operator wondering why writes are refused.
   */
  crossRepoRules: CrossRepoRule[];
  /** Set when REDIS_URL is: the runtime is shared by every process on that Redis. */
  redis: RedisSettings | undefined;
}

/** Probot's fallback secret (probot/lib/server/server.js `defaultWebhookSecret`). */
const PROBOT_DEFAULT_SECRET = 'development';

function durationSetting(params: {
  env: Readonly<Record<string, string | undefined>>;
  name: string;
  fallback: string;
  errors: string[];
}): number {
  const text = params.env[params.name]?.trim() || params.fallback;
  const minutes = parseDuration(text);
  if (minutes === null || minutes <= 0) {
    params.errors.push(`${params.name} is "${text}", not a duration such as 15m, 1h or 14d.`);
    return parseDuration(params.fallback) ?? 0;
  }
  return minutes;
}

/** Alert tokens shorter than this are refused in production (a warning otherwise). */
export const MIN_ALERT_TOKEN_CHARS = 24;

/** `role`: the webhook server (`npm start`) or a worker without a server (`npm run worker`). */
export function checkStartup(
  env: Readonly<Record<string, string | undefined>>,
  role: 'server' | 'worker' = 'server',
): StartupCheck {
  const production = env.NODE_ENV === 'production';
  const secret = env.WEBHOOK_SECRET?.trim() ?? '';
  const hasCredentials = Boolean(env.APP_ID) && Boolean(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);
  const errors: string[] = [];
  const warnings: string[] = [];
  const secretProblem =
    secret === ''
      ? "WEBHOOK_SECRET is not set: without it anyone could send the app forged webhooks. Set it to the GitHub App's webhook secret."
      : secret === PROBOT_DEFAULT_SECRET
        ? `WEBHOOK_SECRET is "${PROBOT_DEFAULT_SECRET}", Probot's well-known fallback: set the GitHub App's real webhook secret.`
        : null;
  if (production) {
    // A worker receives no webhooks: it needs no secret.
    if (secretProblem && role === 'server') errors.push(secretProblem);
    if (!env.APP_ID) errors.push("APP_ID is not set: set it to the GitHub App's ID.");
    if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH)
      errors.push("PRIVATE_KEY (or PRIVATE_KEY_PATH) is not set: set it to the GitHub App's private key.");
  } else if (hasCredentials && secretProblem) {
    warnings.push(`${secretProblem} (allowed outside production; NODE_ENV=production refuses to start)`);
  }
  const sweep = {
    everyMinutes: durationSetting({ env, name: 'SWEEP_EVERY', fallback: '15m', errors }),
    horizonMinutes: durationSetting({ env, name: 'SWEEP_HORIZON', fallback: '14d', errors }),
    // How old an unhandled command a recovering sweep still runs: the start-up sweep without Redis, the
    // sweep after Redis came back empty with it (app/command-recovery.ts).
    recoverCommandsMinutes: /^(?:off|0)$/i.test(env.COMMAND_RECOVERY_WINDOW?.trim() ?? '')
      ? 0
      : durationSetting({ env, name: 'COMMAND_RECOVERY_WINDOW', fallback: '3d', errors }),
  };
  const crossRepo = parseCrossRepoAllowList(env.INCIDENT_RESPONDER_ALLOW_CROSS_REPO);
  errors.push(...crossRepo.errors);
  const redis = redisSettingsFrom({ env, errors, worker: role === 'worker' });
  // A guessable token would let anyone open incidents in the repositories that accept alerts.
  const shortTokens = (env.INCIDENT_RESPONDER_ALERT_TOKENS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t.length < MIN_ALERT_TOKEN_CHARS).length;
  if (shortTokens > 0)
    (production ? errors : warnings).push(
      `INCIDENT_RESPONDER_ALERT_TOKENS has ${shortTokens} token${shortTokens === 1 ? '' : 's'} shorter than ${MIN_ALERT_TOKEN_CHARS} characters: use long random tokens (openssl rand -hex 32).`,
    );
  return { errors, warnings, sweep, crossRepoRules: crossRepo.rules, redis };
}
