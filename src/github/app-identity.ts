import type { Probot } from 'probot';
import { httpStatus } from './octokit.js';

export type AppIdentity =
  { ok: true; slug: string } | { ok: false; refused: boolean; status?: number; message: string };

/**
 * Who GitHub says the app is (`GET /app`, authenticated with a JWT signed by the private key:
 * https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app). A 401 or 404 means GitHub does
 * not accept this APP_ID with this key; anything else is GitHub (or the way to it) not answering.
 */
export async function appIdentity(params: { probot: Probot; timeoutMs: number }): Promise<AppIdentity> {
  try {
    const octokit = await params.probot.auth();
    const { data } = await octokit.request('GET /app', {
      request: { signal: AbortSignal.timeout(params.timeoutMs), retries: 0 },
    });
    return { ok: true, slug: String((data as { slug?: unknown } | null)?.slug ?? '') };
  } catch (error) {
    const status = httpStatus(error);
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { ok: false, refused: status === 401 || status === 404, status, message };
  }
}
