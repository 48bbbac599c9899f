import type { Probot } from 'probot';
import { appIdentity } from '../github/app-identity.js';
import { credentialsRefused } from './credentials.js';
import type { ReadinessCheck } from './readiness.js';

/** GitHub answers the app as itself: reachable, and APP_ID and the key accepted. */
export function githubCheck(params: { probot: Probot; timeoutMs?: number }): ReadinessCheck {
  return {
    name: 'github',
    run: async () => {
      const identity = await appIdentity({ probot: params.probot, timeoutMs: params.timeoutMs ?? 5_000 });
      if (identity.ok) return { ok: true, detail: `GitHub answers as the app "${identity.slug}"` };
      return {
        ok: false,
        detail: identity.refused ? credentialsRefused(identity) : `GitHub did not answer: ${identity.message}`,
      };
    },
  };
}

/** The app function was given credentials (without them Probot serves the registration page instead). */
export const credentialsLoaded: ReadinessCheck = {
  name: 'credentials',
  run: async () => ({ ok: true, detail: 'APP_ID and a private key are loaded' }),
};
