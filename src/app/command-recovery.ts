import type { LoadedConfig } from '../config/load.js';
import { incidentKey } from '../domain/incident/incident-ref.js';
import type { Octokit } from '../github/octokit.js';
import type { Clock } from '../runtime/clock.js';
import type { SweepItem, SweepResult } from '../runtime/sweep.js';
import type { Work } from './work.js';
import { onFirstUse } from './on-first-use.js';

/** The settings and the command parser (markdown-it), loaded by the first recovery, not at start-up. */
const recoveryModules = onFirstUse(async () => {
  const [settings, comments] = await Promise.all([
    import('../config/incident-settings.js'),
    import('../github/unhandled-command-comments.js'),
  ]);
  return {
    cachedIncidentSettings: settings.cachedIncidentSettings,
    unhandledCommandComments: comments.unhandledCommandComments,
  };
});

/**
 * GitHub lets a delivery be redelivered for 3 days, so a live command can already run that late:
 * https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks
 * A recovering sweep runs nothing older (the default of COMMAND_RECOVERY_WINDOW).
 */
export const DEFAULT_COMMAND_RECOVERY_MINUTES = 3 * 24 * 60;

/**
 * One process without Redis keeps its queue in memory: after a SIGKILL, commands GitHub got a 200 for
 * are gone and nobody redelivers them (issue 24). With Redis the queue survives a process, but not a
 * Redis that comes back empty (restarted without persistence, flushed): `rearm` when the runtime reports
 * that. Until one sweep of this process that started after the start-up (no Redis) or the last `rearm`
 * has completed (the next ones too if it was cut short), each incident the sweep lists that changed
 * within the window (a new comment changes the issue's `updated_at`) has its comments of the window
 * listed once, and every command comment no pass handled is queued as its webhook would have been,
 * oldest first. The pass that runs it applies the live rules (the commenter's permission, the comment as
 * GitHub has it now, once per comment id: a redelivered webhook racing it finds it recorded, and a
 * command that had in fact run before Redis was emptied is found in the status comment's record).
 */
export function commandRecovery(params: {
  clock: Clock;
  /** 0: off (start-up and `rearm`). */
  windowMinutes: number;
  /** On from the start: without Redis a restart may follow a SIGKILL that lost the queue. */
  atStart: boolean;
  botLogin: () => Promise<string>;
  config: (item: SweepItem, octokit: Octokit) => Promise<LoadedConfig>;
  auth: (item: SweepItem) => Promise<Octokit>;
  enqueue: (params: { work: Work }) => Promise<void>;
  log: { info(obj: object, msg: string): void };
}) {
  let active = params.atStart && params.windowMinutes > 0;
  let failed = false;
  /** Rearms so far, and how many there had been when the running sweep started. */
  let rearms = 0;
  let rearmsAtStart = 0;
  const notBefore = () => new Date(params.clock.now().getTime() - params.windowMinutes * 60_000);
  const wants = (item: SweepItem): boolean =>
    active && (item.updatedAt === undefined || Date.parse(item.updatedAt) >= notBefore().getTime());
  return {
    /** Until a sweep has completed: commands may be waiting, so that sweep is not spread out. */
    active: (): boolean => active,
    /** The requests `recover` makes for this item: one listing (a page holds 100 comments). */
    cost: (item: SweepItem): number => (wants(item) ? 1 : 0),
    recover: async (item: SweepItem): Promise<void> => {
      if (!wants(item)) return;
      try {
        const { cachedIncidentSettings, unhandledCommandComments } = await recoveryModules();
        const octokit = await params.auth(item);
        const { commands } = cachedIncidentSettings(await params.config(item, octokit));
        const target = { owner: item.owner, repo: item.repo, number: item.number, installationId: item.installationId };
        const found = await unhandledCommandComments({
          octokit,
          ref: { owner: item.owner, repo: item.repo, issue_number: item.number },
          botLogin: await params.botLogin(),
          prefix: commands.prefix,
          levels: commands.levels,
          notBefore: notBefore(),
        });
        for (const comment of found)
          await params.enqueue({
            work: {
              kind: 'comment',
              target,
              // Not a delivery GitHub sent: a redelivery of the comment's webhook is another job, and the
              // second of the two finds the comment handled.
              delivery: `recovered:${incidentKey(target)}:${comment.id}`,
              at: comment.createdAt,
              comment: {
                id: comment.id,
                body: comment.body,
                author: comment.author,
                authorType: comment.authorType ?? 'User',
                createdAt: comment.createdAt,
              },
            },
          });
        if (found.length > 0)
          params.log.info(
            { incident: incidentKey(target), comments: found.map((c) => c.id) },
            'sweep: queued command comments no pass had handled (lost in a crash or an emptied Redis)',
          );
      } catch (error) {
        failed = true;
        throw error;
      }
    },
    /** Redis came back empty: the jobs it held are gone; on again until a sweep started from now completes. */
    rearm: (): void => {
      if (params.windowMinutes <= 0) return;
      active = true;
      rearms += 1;
    },
    /** Told as each sweep starts: a sweep already running when `rearm` came listed some incidents before. */
    starting: (): void => {
      rearmsAtStart = rearms;
    },
    /** Told after each sweep: recovery ends with the first complete sweep in which nothing failed. */
    swept: (result: SweepResult): void => {
      if (result.complete && !failed && rearmsAtStart === rearms) active = false;
      failed = false;
    },
  };
}
