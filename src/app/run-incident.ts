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
import type { CrossRepoRule } from '../domain/cross-repo-consent.js';
import type { ReportInputs, TargetInfo, Visibility } from '../domain/loaded-incident.js';
import { loadTargetConsent } from '../github/target-consent.js';
import { visibilityIfVisible } from '../github/reports-repo.js';

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
  /** The server's INCIDENT_RESPONDER_ALLOW_CROSS_REPO pairs (writes into other repositories it allows). */
  serverRules?: readonly CrossRepoRule[];
}): Promise<PassResult> {
  const { octokit, ref, trigger, settings, now } = params;
  let loaded = await loadIncident({ octokit, ref, trigger, settings, botLogin: params.botLogin });
  if (!loaded) return { tracked: false, nextWakeAt: null, writes: 0, intents: [], outcomes: new Map() };
  const serverRules = params.serverRules ?? [];
  let reportInputs: ReportInputs | null = null;
  let plan = planIncident({ loaded, trigger, settings, now, serverRules });
  // What only some passes need, read when the plan asks for it (each kind at most once): the author's
  // permission for the body's requests, other repositories' consent and visibility, a due report's inputs.
  for (let round = 0; plan.needs && round < 3; round++) {
    const { needs } = plan;
    if (needs.reportInputs && !reportInputs) reportInputs = await loadReportInputs({ octokit, ref, settings: settings.reports });
    if (needs.authorPermission && loaded.authorPermission === undefined) loaded = { ...loaded, authorPermission: await permissionOf(octokit, ref, loaded.issue.author) };
    const missing = needs.targets.filter((t) => !loaded?.targets?.[t]);
    if (missing.length > 0) {
      const targets: Record<string, TargetInfo> = { ...loaded.targets };
      for (const target of missing) {
        const [owner = '', repo = ''] = target.split('/');
        targets[target] = { consent: await loadTargetConsent(octokit, { owner, repo }), visibility: await visibilityIfVisible(octokit, { owner, repo }) };
      }
      const sourceVisibility: Visibility | null = loaded.sourceVisibility !== undefined ? loaded.sourceVisibility : await visibilityIfVisible(octokit, ref);
      loaded = { ...loaded, targets, sourceVisibility };
    }
    plan = planIncident({ loaded, trigger, settings, now, reportInputs, serverRules });
  }
  if (plan.needs) throw new Error(`the plan for ${ref.owner}/${ref.repo}#${ref.issue_number} still needs input after three reads`);
  const done = loaded;
  const execute = (intents: readonly Intent[]) =>
    executeIntents({ octokit, ref, intents, incident: { id: done.issue.id, url: done.issue.htmlUrl }, botLogin: done.botLogin, dryRun: params.dryRun, warnOnce: params.warnOnce });
  const first = await execute(plan.intents);
  const settled = settle({ plan, outcomes: first.outcomes });
  const second = await execute(settled.intents);
  return { tracked: plan.tracked, nextWakeAt: settled.nextWakeAt, writes: first.writes + second.writes, intents: [...plan.intents, ...settled.intents], outcomes: new Map([...first.outcomes, ...second.outcomes]) };
}
