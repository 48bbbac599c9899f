import type { Probot } from 'probot';
import type { LoadedConfig } from '../config/load.js';
import type { AlertNotification } from '../domain/alerts/alert.js';
import { alertGroupId } from '../domain/alerts/group-marker.js';
import { loadRepoConfig } from '../github/config.js';
import type { Octokit } from '../github/octokit.js';
import { repoInstallationId } from '../github/repo-installation.js';
import type { Clock } from '../runtime/clock.js';
import type { ConfigCache } from '../runtime/config-cache.js';
import { alertConsent } from './run-alert.js';

/** The queued work of one notification (plain data: with Redis, another process may run it). */
export interface AlertWork {
  kind: 'alert';
  target: { owner: string; repo: string; number: number; installationId: number };
  /** alertGroupId: the queue runs one notification of a group at a time. */
  group: string;
  notification: AlertNotification;
}

/** What the route answers: 202 once queued; 403 without consent; 404 without the app. */
export interface IntakeAnswer {
  status: 202 | 403 | 404;
  message: string;
}

/** An installation found for a repository is kept this long (installations rarely move). */
const INSTALLATION_TTL_MS = 10 * 60_000;

/**
 * Between the route and the queue: the repository's installation (asked as the app), its config
 * (cached like the incidents'), its consent for the source, then the work queued per alert group.
 * Only reads happen before the answer; the pass writes later, from the queue.
 */
export function createAlertIntake(params: {
  probot: Probot;
  configs: ConfigCache<LoadedConfig>;
  clock: Clock;
  enqueue: (work: AlertWork) => Promise<void>;
}): (request: { owner: string; repo: string; notification: AlertNotification }) => Promise<IntakeAnswer> {
  const { probot, configs, clock } = params;
  const installations = new Map<string, { id: number; at: number }>();
  return async ({ owner, repo, notification }) => {
    const key = `${owner}/${repo}`.toLowerCase();
    const now = clock.now().getTime();
    let installation = installations.get(key);
    if (!installation || now - installation.at > INSTALLATION_TTL_MS) {
      const id = await repoInstallationId((await probot.auth()) as Octokit, { owner, repo });
      if (id === null) {
        installations.delete(key);
        return { status: 404, message: `the app is not installed on ${owner}/${repo}` };
      }
      if (installations.size >= 10_000) installations.clear();
      installation = { id, at: now };
      installations.set(key, installation);
    }
    const installationId = installation.id;
    const octokit = (await probot.auth(installationId)) as Octokit;
    const loaded = await configs.get(`${owner}/${repo}`, () => loadRepoConfig(octokit, { owner, repo }));
    const consent = alertConsent({ loaded, source: notification.source });
    if (!consent.ok) return { status: 403, message: consent.message };
    await params.enqueue({
      kind: 'alert',
      target: { owner, repo, number: 0, installationId },
      group: alertGroupId(notification),
      notification,
    });
    return { status: 202, message: 'queued' };
  };
}
