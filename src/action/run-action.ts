import { runIncident, type PassResult, type RefreshIndex } from '../app/run-incident.js';
import { indexCooldownReplies } from '../github/index-cooldown-replies.js';
import { incidentSettingsOf } from '../config/incident-settings.js';
import type { LoadedConfig } from '../config/load.js';
import { sweptLabels } from '../config/swept-labels.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import { loadRepoConfig } from '../github/config.js';
import type { Octokit, RepoRef } from '../github/octokit.js';
import { repositorySweepSource } from '../github/repo-sweep-source.js';
import { viewerLogin } from '../github/viewer-login.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { Sweeper } from '../runtime/sweep.js';
import { ALERT_DISPATCH_TYPE, jobOf } from './event.js';
import { runAlert } from '../app/run-alert.js';
import { readAlertPayload } from '../domain/alerts/read-payload.js';
import { checkChange } from '../app/check-change.js';
import { countPassRequests, countRequests, PassCounter } from '../github/request-metrics.js';
import { noMetrics } from '../metrics/metrics.js';
import type { ActionInputs } from './inputs.js';
import { parseCrossRepoAllowList } from '../domain/trust/cross-repo-consent.js';
import { reportIndexTarget } from '../domain/reports/report-index-target.js';
import { ParsedReportCache } from '../runtime/parsed-report-cache.js';
import { runReportIndex } from '../app/run-report-index.js';

export interface ActionLog {
  info(message: string): void;
  warning(message: string): void;
}

/** What the run did, for the step's outputs and the log. */
export interface ActionSummary {
  /** Incidents a pass ran over. */
  incidents: number;
  /** Maintenance windows a pass ran over (issues with the maintenance label; not incidents). */
  maintenance: number;
  /** Comments posted: status comments, replies and warnings. */
  comments: number;
  /** Overdue warnings posted. */
  warnings: number;
  /** Follow-up issues opened or linked. */
  followUps: number;
  /** The report pull request opened or updated, if any. */
  reportPr: string | null;
  /** The index pull request, when a merged report refreshed the index. */
  indexPr?: string | null;
  /** Incidents whose pass failed (the sweep goes on with the others). */
  failures: Array<{ number: number; error: unknown }>;
  /** Each pass, in order, with what it wrote: the job summary's table. */
  passes: Array<{
    number: number;
    /** Absent: an incident. */
    maintenance?: boolean;
    comments: number;
    warnings: number;
    followUps: number;
    reportPr: string | null;
  }>;
  /** Requests that wrote to GitHub (`max-writes` counts these). */
  writes: number;
  /** Set when the run stopped at `max-writes`: the incidents it left for the next run. */
  stopped: { maxWrites: number; left: number[] } | null;
}

function emptySummary(): ActionSummary {
  return {
    incidents: 0,
    maintenance: 0,
    comments: 0,
    warnings: 0,
    followUps: 0,
    reportPr: null,
    failures: [],
    passes: [],
    writes: 0,
    stopped: null,
  };
}

/**
 * Adds what one pass wrote, counting only writes GitHub accepted. A status comment GitHub refused fails
 * the run: without it the incident has no visible state and nowhere to show the problem, so the
 * workflow log is the only place left to say it (other refusals are shown in the status comment).
 */
function tally(summary: ActionSummary, number: number, result: PassResult): void {
  const maintenance = result.maintenance === true;
  if (maintenance) summary.maintenance += 1;
  else if (result.tracked) summary.incidents += 1;
  const before = { comments: summary.comments, warnings: summary.warnings, followUps: summary.followUps };
  let reportPr: string | null = null;
  for (const intent of result.intents) {
    const outcome = result.outcomes.get(intent);
    if (outcome && !outcome.ok && intent.kind === 'upsert-status') {
      summary.failures.push({
        number,
        error: Object.assign(
          new Error(`cannot write the ${maintenance ? 'maintenance' : 'status'} comment: ${outcome.message}`),
          {
            status: outcome.status ?? undefined,
          },
        ),
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
    if (intent.kind === 'publish-report' && outcome.report) summary.reportPr = reportPr = outcome.report.url;
  }
  if (result.tracked || maintenance)
    summary.passes.push({
      number,
      ...(maintenance ? { maintenance } : {}),
      comments: summary.comments - before.comments,
      warnings: summary.warnings - before.warnings,
      followUps: summary.followUps - before.followUps,
      reportPr,
    });
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
  /** Writes made so far through `octokit` (see actionOctokit's onWrite); none counted when absent. */
  writes?: () => number;
}): Promise<ActionSummary> {
  const clock = params.clock ?? systemClock();
  const writes = params.writes ?? (() => 0);
  const summary = emptySummary();
  try {
    await runJobs({ ...params, clock, writes, summary });
  } finally {
    summary.writes = writes();
  }
  return summary;
}

async function runJobs(params: {
  inputs: ActionInputs;
  payload: unknown;
  octokit: Octokit;
  log: ActionLog;
  clock: Clock;
  writes: () => number;
  summary: ActionSummary;
}): Promise<ActionSummary> {
  const { inputs, octokit, log, clock, writes, summary } = params;
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
  if (job.kind === 'index') {
    await refreshIndex({ job, octokit, inputs, botLogin, log, summary });
    return summary;
  }
  const repo: RepoRef =
    job.kind === 'incident' ? { owner: job.target.owner, repo: job.target.repo } : inputs.repository;
  const loaded = await loadRepoConfig(octokit, repo, inputs.configPath);
  for (const error of loaded.errors) log.warning(`${inputs.configPath}: ${error.path}: ${error.message}`);
  const settings = incidentSettingsOf(loaded);
  countRequests({ octokit, installation: 'action', metrics: noMetrics });
  const serverRules = parseCrossRepoAllowList(process.env.INCIDENT_RESPONDER_ALLOW_CROSS_REPO).rules;
  // `/incident stats` behind the reports repository's cooldown, as the App's; the Action keeps nothing
  // between runs, so the cooldown is read from its own last reply that answered a rebuild.
  // Made per pass, with the pass's Octokit: its requests are the pass's.
  const statsRefresh =
    (octokit: Octokit): RefreshIndex =>
    ({ request, trigger }) =>
      runReportIndex({
        octokit,
        request,
        trigger,
        botLogin,
        serverRules,
        cache: new ParsedReportCache(),
        cooldowns: indexCooldownReplies({ octokit, repo, botLogin, now: clock.now() }),
        dryRun: inputs.dryRun,
      });
  const pass = async (number: number, trigger: Trigger): Promise<void> => {
    const started = clock.now().getTime();
    const counter = new PassCounter();
    const result = await countPassRequests({ counter, octokit }, (passOctokit) =>
      runIncident({
        octokit: passOctokit,
        ref: { ...repo, issue_number: number },
        trigger,
        settings,
        botLogin,
        now: clock.now(),
        dryRun: inputs.dryRun,
        seal: inputs.signingKey ? { key: inputs.signingKey } : undefined,
        warnOnce: (_key, _obj, message) => log.warning(`#${number}: ${message}`),
        // The workflow's own allow-list for writes into other repositories, as the server's.
        serverRules,
        refreshIndex: statsRefresh(passOctokit),
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
  if (job.kind === 'alert') {
    // The App's alert intake, without the route: the dispatch's sender already holds a token for the repository.
    if (job.source === null) throw new Error(`the ${ALERT_DISPATCH_TYPE} dispatch is refused: ${job.why}`);
    const reading = readAlertPayload({ source: job.source, payload: job.payload });
    if (!reading.ok) throw new Error(`the ${ALERT_DISPATCH_TYPE} dispatch is refused: ${reading.error}`);
    const result = await runAlert({
      octokit,
      repo,
      notification: reading.notification,
      loaded,
      botLogin,
      dryRun: inputs.dryRun,
    });
    if (result.kind === 'refused') throw new Error(`the alert is refused (nothing written): ${result.message}`);
    if (result.kind === 'ignored') log.info(`Nothing to do: ${result.why}.`);
    if (result.kind === 'dry-run')
      log.info(
        `The alert would ${result.plan.kind === 'open' ? 'open an incident' : result.plan.kind === 'fold' ? `fold into #${result.plan.number}` : 'change nothing'}.`,
      );
    if (result.kind !== 'opened' && result.kind !== 'folded') return summary;
    log.info(`${result.kind === 'opened' ? 'Opened' : 'Folded the alert into'} #${result.number}.`);
    await pass(result.number, result.trigger);
    return summary;
  }
  const numbers = await sweep({ octokit, repo, loaded, clock, log });
  for (const [i, number] of numbers.entries()) {
    // Checked between passes, never inside one: a pass's writes belong together (a warning and the
    // status comment that records it), so a run can pass the cap by at most one incident's writes.
    // The next run continues where this one stopped: what was done is in GitHub and needs no write again.
    if (writes() >= inputs.maxWrites) {
      summary.stopped = { maxWrites: inputs.maxWrites, left: numbers.slice(i) };
      log.warning(
        `Stopped after ${writes()} writes (max-writes ${inputs.maxWrites}): ${numbers.length - i} incident(s) left for the next run (#${numbers.slice(i).join(', #')}).`,
      );
      break;
    }
    try {
      await pass(number, { kind: 'wake' });
    } catch (error) {
      summary.failures.push({ number, error });
    }
  }
  return summary;
}

/**
 * After a report pull request the app opened was merged into this repository: the same index pass the
 * App runs (app/run-report-index.ts). The incident repository's config must name this repository as
 * `reports.repo`; everything about what is written here comes from this repository's own config.
 */
async function refreshIndex(params: {
  job: Extract<ReturnType<typeof jobOf>, { kind: 'index' }>;
  octokit: Octokit;
  inputs: ActionInputs;
  botLogin: string;
  log: ActionLog;
  summary: ActionSummary;
}): Promise<void> {
  const { job, octokit, log } = params;
  const incident = `${job.incident.owner}/${job.incident.repo}#${job.incident.number}`;
  const settings = incidentSettingsOf(await loadRepoConfig(octokit, job.incident, params.inputs.configPath));
  const decision = reportIndexTarget({
    reports: settings.reports,
    optIn: settings.visibility,
    mergedInto: job.reportsRepo,
  });
  if (!decision.ok) {
    log.warning(`The index is not refreshed after the merge of ${incident}'s report: ${decision.reason}`);
    return;
  }
  const outcome = await runReportIndex({
    octokit,
    request: decision.refresh,
    trigger: { kind: 'merge', incident },
    botLogin: params.botLogin,
    serverRules: parseCrossRepoAllowList(process.env.INCIDENT_RESPONDER_ALLOW_CROSS_REPO).rules,
    cache: new ParsedReportCache(),
    dryRun: params.inputs.dryRun,
  });
  if (!outcome.ok) {
    log.warning(`Cannot refresh the reports index: ${outcome.message}`);
    return;
  }
  params.summary.indexPr = outcome.index.pull?.url ?? null;
  log.info(`Reports index: ${outcome.index.change} (${outcome.index.reports} reports).`);
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
    labelsFor: () => Promise.resolve(sweptLabels(params.loaded.config)),
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
