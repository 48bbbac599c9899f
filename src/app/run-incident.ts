import type { Intent, IntentOutcome } from '../domain/intents.js';
import type { Trigger } from '../domain/loaded-incident.js';
import type { IncidentSettings } from '../domain/settings.js';
import { executeIntents, type WarnOnce } from '../github/execute.js';
import { loadIncident } from '../github/load-incident.js';
import type { IssueRef, Octokit } from '../github/octokit.js';
import { permissionOf } from '../github/permissions.js';
import { loadReportInputs } from '../github/report-inputs.js';
import { planIncident } from '../plan/plan-incident.js';
import { settle } from '../plan/settle.js';

export interface PassResult {
  tracked: boolean;
  nextWakeAt: Date | null;
  /** Requests that wrote to GitHub (for logs and tests). */
  writes: number;
  /** Every write the pass made, or would make in a dry run, in order. */
  intents: Intent[];
  /** What became of each intent (the Action reports the report pull request's URL from it). */
  outcomes: ReadonlyMap<Intent, IntentOutcome>;
}

/**
 * One pass over one incident: load -> plan (pure) -> execute -> settle (pure) -> execute. Safe to run
 * any number of times: every write is found before it is made (markers) or compared before it is
 * repeated (the status comment's view key and metadata).
 */
export async function runIncident(params: {
  octokit: Octokit;
  ref: IssueRef;
  trigger: Trigger;
  settings: IncidentSettings;
  botLogin: string;
  now: Date;
  warnOnce?: WarnOnce;
  dryRun?: boolean;
}): Promise<PassResult> {
  const { octokit, ref, trigger, settings, now } = params;
  let loaded = await loadIncident({ octokit, ref, trigger, settings, botLogin: params.botLogin });
  if (!loaded) return { tracked: false, nextWakeAt: null, writes: 0, intents: [], outcomes: new Map() };
  let plan = planIncident({ loaded, trigger, settings, now });
  if (plan.needs) {
    // What only some passes need (a due report, the author's permission for the body's requests).
    const reportInputs = plan.needs.reportInputs ? await loadReportInputs({ octokit, ref, settings: settings.reports }) : null;
    if (plan.needs.authorPermission) loaded = { ...loaded, authorPermission: await permissionOf(octokit, ref, loaded.issue.author) };
    plan = planIncident({ loaded, trigger, settings, now, reportInputs });
  }
  const execute = (intents: readonly Intent[]) =>
    executeIntents({ octokit, ref, intents, incident: { id: loaded.issue.id, url: loaded.issue.htmlUrl }, botLogin: loaded.botLogin, dryRun: params.dryRun, warnOnce: params.warnOnce });
  const first = await execute(plan.intents);
  const settled = settle({ plan, outcomes: first.outcomes });
  const second = await execute(settled.intents);
  return { tracked: plan.tracked, nextWakeAt: settled.nextWakeAt, writes: first.writes + second.writes, intents: [...plan.intents, ...settled.intents], outcomes: new Map([...first.outcomes, ...second.outcomes]) };
}
