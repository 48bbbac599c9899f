import { runIncident, type PassResult } from '../app/run-incident.js';
import { incidentSettingsOf } from '../config/incident-settings.js';
import type { LoadedConfig } from '../config/load.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import { loadRepoConfig } from '../github/config.js';
import type { Octokit, RepoRef } from '../github/octokit.js';
import { repositorySweepSource } from '../github/repo-sweep-source.js';
import { viewerLogin } from '../github/viewer-login.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { Sweeper } from '../runtime/sweep.js';
import { jobOf } from './event.js';
import { checkChange } from '../app/check-change.js';
import { countPassRequests, countRequests } from '../github/request-metrics.js';
import { noMetrics } from '../metrics/metrics.js';
import type { ActionInputs } from './inputs.js';
import { parseCrossRepoAllowList } from '../domain/trust/cross-repo-consent.js';

export interface ActionLog {
  info(message: string): void;
  warning(message: string): void;
}

/** What the run did, for the step's outputs and the log. */
export interface ActionSummary {
  /** Incidents a pass ran over. */
  incidents: number;
  /** Comments posted: status comments, replies and warnings. */
  comments: number;
  /** Overdue warnings posted. */
  warnings: number;
  /** Follow-up issues opened or linked. */
  followUps: number;
  /** The report pull request opened or updated, if any. */
  reportPr: string | null;
  /** Incidents whose pass failed (the sweep goes on with the others). */
  failures: Array<{ number: number; error: unknown }>;
}

function emptySummary(): ActionSummary {
  return { incidents: 0, comments: 0, warnings: 0, followUps: 0, reportPr: null, failures: [] };
}

/**
 * Adds what one pass wrote, counting only writes GitHub accepted. A status comment GitHub refused fails
 * the run: without it the incident has no visible state and nowhere to show the problem, so the
 * workflow log is the only place left to say it (other refusals are shown in the status comment).
 */
function tally(summary: ActionSummary, number: number, result: PassResult): void {
  if (result.tracked) summary.incidents += 1;
  for (const intent of result.intents) {
    const outcome = result.outcomes.get(intent);
    if (outcome && !outcome.ok && intent.kind === 'upsert-status') {
      summary.failures.push({
        number,
        error: Object.assign(new Error(`cannot write the status comment: ${outcome.message}`), {
          status: outcome.status ?? undefined,
        }),
      });
    }
    if (!outcome?.ok) continue;
    if ((intent.kind === 'upsert-status' && intent.commentId === null) || intent.kind === 'reply')
      summary.comments += 1;
    if (intent.kind === 'post-warning') {
      summary.comments += 1;
      summary.warnings += 1;
    }
    if (intent.kind === 'create-follow-ups') summary.followUps += Object.keys(outcome.followUps ?? {}).length;
    if (intent.kind === 'publish-report' && outcome.report) summary.reportPr = outcome.report.url;
  }
}

/**
 * One workflow run: the event -> the same pass the App runs (runIncident) for the issue it names, or,
 * for `schedule` and `workflow_dispatch`, one pass over each incident the sweep finds in the
 * repository (open ones, and closed ones within the sweep's horizon). State lives in GitHub (the status
 * comment's metadata), so nothing carries over between runs and the App and the Action can take turns.
 */
export async function runAction(params: {
  inputs: ActionInputs;
  payload: unknown;
  octokit: Octokit;
  log: ActionLog;
  clock?: Clock;
}): Promise<ActionSummary> {
  const { inputs, octokit, log } = params;
  const clock = params.clock ?? systemClock();
  const summary = emptySummary();
  const jobFor = (botLogin: string) =>
    jobOf({ eventName: inputs.eventName, payload: params.payload, repository: inputs.repository, botLogin });
  // Whether there is anything to do does not depend on who the token is: find out before asking GitHub.
  const first = jobFor(inputs.botLogin ?? '');
  if (first.kind === 'skip') {
    log.info(`Nothing to do: ${first.why}.`);
    return summary;
  }
  if (first.kind === 'check') {
    log.info(
      `${first.why}: checking the config and issue templates${inputs.dryRun ? ' (dry run: nothing is written)' : ''}.`,
    );
    const checked = await checkChange({
      octokit,
      repo: inputs.repository,
      headSha: first.headSha,
      changed: null,
      pull: first.pull,
      dryRun: inputs.dryRun,
      warnOnce: (_key, _obj, message) => log.warning(message),
      log: { info: (_obj, message) => log.info(message) },
    });
    log.info(
      `Config check: ${checked.outcome}${checked.annotations > 0 ? ` (${checked.annotations} annotations)` : ''}.`,
    );
    return summary;
  }
  const botLogin = inputs.botLogin ?? (await viewerLogin(octokit));
  const job = jobFor(botLogin);
  if (job.kind === 'skip' || job.kind === 'check') return summary;
  log.info(`${job.why}: running as ${botLogin}${inputs.dryRun ? ' (dry run: nothing is written)' : ''}.`);
  const repo: RepoRef =
    job.kind === 'incident' ? { owner: job.target.owner, repo: job.target.repo } : inputs.repository;
  const loaded = await loadRepoConfig(octokit, repo, inputs.configPath);
  for (const error of loaded.errors) log.warning(`${inputs.configPath}: ${error.path}: ${error.message}`);
  const settings = incidentSettingsOf(loaded);
  countRequests({ octokit, installation: 'action', metrics: noMetrics });
  const pass = async (number: number, trigger: Trigger): Promise<void> => {
    const started = clock.now().getTime();
    const counter = { requests: 0, writes: 0 };
    const result = await countPassRequests(counter, () =>
      runIncident({
        octokit,
        ref: { ...repo, issue_number: number },
        trigger,
        settings,
        botLogin,
        now: clock.now(),
        dryRun: inputs.dryRun,
        warnOnce: (_key, _obj, message) => log.warning(`#${number}: ${message}`),
        // The workflow's own allow-list for writes into other repositories, as the server's.
        serverRules: parseCrossRepoAllowList(process.env.INCIDENT_RESPONDER_ALLOW_CROSS_REPO).rules,
      }),
    );
    tally(summary, number, result);
    // One line per pass, as the App logs it (docs/deployment.md, "Logs").
    log.info(
      `pass ${JSON.stringify({
        repository: `${repo.owner}/${repo.repo}`,
        issue: number,
        trigger: job.kind === 'incident' ? job.why.split(' ')[0] : 'sweep',
        requests: counter.requests,
        writes: counter.writes,
        durationMs: clock.now().getTime() - started,
        dryRun: inputs.dryRun,
      })}`,
    );
    if (inputs.dryRun)
      for (const intent of result.intents) log.info(`#${number}: would ${intent.kind.replace('-', ' ')}`);
  };

  if (job.kind === 'incident') {
    await pass(job.target.number, job.trigger);
    return summary;
  }
  for (const number of await sweep({ octokit, repo, loaded, clock, log })) {
    try {
      await pass(number, {});
    } catch (error) {
      summary.failures.push({ number, error });
    }
  }
  return summary;
}

/**
 * A new issue's own run (issues.opened, or labeled) is left alone this long by the sweep: runners
 * usually start within a minute, and the first deadline that can fall due (`immediately` plus the
 * default 5-minute grace) is later.
 */
const NEW_ISSUE_MINUTES = 3;

/** The repository's incident issues, found as the App's sweep finds them. */
async function sweep(params: {
  octokit: Octokit;
  repo: RepoRef;
  loaded: LoadedConfig;
  clock: Clock;
  log: ActionLog;
}): Promise<number[]> {
  const numbers: number[] = [];
  let failed: unknown = null;
  const sweeper = new Sweeper({
    clock: params.clock,
    source: repositorySweepSource(
      params.octokit,
      params.repo,
      new Date(params.clock.now().getTime() - NEW_ISSUE_MINUTES * 60_000),
    ),
    labelsFor: () => Promise.resolve(params.loaded.config.incident.labels),
    found: (item) => numbers.push(item.number),
    // The Sweeper skips a repository it cannot list; here there is only one, so that fails the run.
    log: {
      warn: (obj) => (failed ??= (obj as { err?: unknown }).err ?? new Error('the sweep failed')),
      info: (_obj, msg) => params.log.info(msg),
    },
  });
  await sweeper.sweepOnce();
  if (failed) throw failed;
  return numbers;
}
