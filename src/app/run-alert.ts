import { alertSettingsOf } from '../config/alert-settings.js';
import type { LoadedConfig } from '../config/load.js';
import { severityLevelsOf } from '../config/parse-options.js';
import { bodyOfFile } from '../config/template-body.js';
import type { AlertNotification } from '../domain/alerts/alert.js';
import { alertGroupId } from '../domain/alerts/group-marker.js';
import type { Trigger } from '../domain/incident/loaded-incident.js';
import { createAlertIssue, findAlertIssue } from '../github/alert-issues.js';
import { readConfigFile } from '../github/config-files.js';
import type { Octokit, RepoRef } from '../github/octokit.js';
import { planAlert, type AlertPlan } from '../plan/plan-alert.js';

/** What an alert pass did, and the incident pass it asks for (the caller runs it, serialised per incident). */
export type AlertPassResult =
  | { kind: 'refused'; status: 403; message: string }
  | { kind: 'ignored'; why: string }
  | { kind: 'opened' | 'folded'; number: number; trigger: Extract<Trigger, { kind: 'alert' }> }
  | { kind: 'dry-run'; plan: AlertPlan };

/** Whether the repository's config lets `source` open incidents there (the route's 403, the pass's guard). */
export function alertConsent(params: {
  loaded: LoadedConfig;
  source: string;
}): { ok: true } | { ok: false; message: string } {
  const { config, errors } = params.loaded;
  if ((config.alerts.sources as readonly string[]).includes(params.source)) return { ok: true };
  const broken = errors.length > 0 ? ' (its .github/incident.yml has errors, so the defaults apply: no source)' : '';
  return {
    ok: false,
    message: `this repository does not accept alerts from ${params.source}${broken}: list it under alerts.sources in .github/incident.yml`,
  };
}

/**
 * The intake of one notification for one alert group: load (consent, the group's open incident by its
 * marker, the template) -> plan (pure) -> execute (open the issue: the pass's only write). Runs one at a
 * time per group, so a group never opens two issues; a retry finds the issue it opened by its marker.
 */
export async function runAlert(params: {
  octokit: Octokit;
  repo: RepoRef;
  notification: AlertNotification;
  loaded: LoadedConfig;
  botLogin: string;
  dryRun?: boolean;
}): Promise<AlertPassResult> {
  const { octokit, repo, notification, loaded } = params;
  const consent = alertConsent({ loaded, source: notification.source });
  if (!consent.ok) return { kind: 'refused', status: 403, message: consent.message };
  const settings = alertSettingsOf(loaded.config);
  const incidentLabel = loaded.config.incident.labels[0] ?? 'incident';
  const groupId = alertGroupId(notification);
  const existing = await findAlertIssue({ octokit, repo, groupId, botLogin: params.botLogin, label: incidentLabel });
  // The template is read only when an issue is to be opened.
  const needsTemplate = !existing && notification.status === 'firing';
  const file = needsTemplate ? await readConfigFile(octokit, { ...repo, path: settings.template }) : null;
  const template =
    file?.kind === 'found'
      ? { path: settings.template, body: bodyOfFile(settings.template, file.text), problem: null }
      : {
          path: settings.template,
          body: null,
          problem:
            file?.kind === 'missing' ? 'not found' : file?.kind === 'too-large' ? 'too large' : (file?.message ?? null),
        };
  const plan = planAlert({
    notification,
    groupId,
    settings,
    levels: severityLevelsOf(loaded.config),
    incidentLabel,
    existing,
    template,
  });
  if (params.dryRun) return { kind: 'dry-run', plan };
  if (plan.kind === 'ignore') return { kind: 'ignored', why: plan.why };
  const alert = { notification, lead: plan.lead };
  if (plan.kind === 'fold')
    return { kind: 'folded', number: plan.number, trigger: { kind: 'alert', alert, opened: false } };
  const issue = await createAlertIssue({ octokit, repo, issue: plan.issue });
  return { kind: 'opened', number: issue.number, trigger: { kind: 'alert', alert, issue, opened: true } };
}
