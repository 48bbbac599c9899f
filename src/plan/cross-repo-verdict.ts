import type { IncidentSettings } from '../domain/incident/settings.js';
import type { LoadedIncident } from '../domain/incident/loaded-incident.js';
import {
  decideCrossRepoWrite,
  type CrossRepoRule,
  type IncomingSettings,
  type WriteKind,
} from '../domain/trust/cross-repo-consent.js';
import { mayMoveText } from '../domain/trust/visibility.js';

/** A write into another repository, decided: allowed with that repository's settings, refused with why, or unknown yet (null). */
export type CrossRepoVerdict = { ok: true; settings: IncomingSettings } | { ok: false; reason: string } | null;

/** How a decision asks for a write into `target`: the plan records the repositories still unknown. */
export type AskCrossRepo = (target: string, kind: WriteKind, what: string) => CrossRepoVerdict;

/**
 * A write into `target` on the incident's behalf: the same repository always; another only with its
 * consent (or the server's) and when the text may go there (visibility), with that repository's own
 * settings. Unknown (null) until its consent and visibility are read (then the plan runs again).
 */
export function crossRepoVerdict(params: {
  target: string;
  kind: WriteKind;
  what: string;
  /** What of the pass it reads: the incident's (or a maintenance window's) repository, and the targets read. */
  loaded: Pick<LoadedIncident, 'ref' | 'targets' | 'sourceVisibility'>;
  settings: IncidentSettings;
  /** The server's INCIDENT_RESPONDER_ALLOW_CROSS_REPO pairs. */
  serverRules: readonly CrossRepoRule[];
}): CrossRepoVerdict {
  const { target, kind, what, loaded, settings } = params;
  const source = `${loaded.ref.owner}/${loaded.ref.repo}`;
  if (target.toLowerCase() === source.toLowerCase()) return { ok: true, settings: settings.ownWrite };
  const info = loaded.targets?.[target];
  if (!info) return null;
  const noun = kind === 'report' ? 'report' : kind === 'status-page' ? 'public update' : 'follow-up issues';
  if (info.visibility === null) {
    return {
      ok: false,
      reason: `No ${noun} written: ${target} was not found, or the app is not installed on it. Install the app there (${kind === 'report' ? 'contents and pull requests' : kind === 'status-page' ? 'contents' : 'issues'}: write); it is retried on the next ${kind === 'report' ? 'resolution or `/incident report`' : 'event'}.`,
    };
  }
  const decision = decideCrossRepoWrite({
    source,
    target,
    kind,
    sourceSettings: settings.ownWrite,
    consent: info.consent,
    serverRules: params.serverRules,
  });
  if (!decision.allowed || !decision.settings) return { ok: false, reason: decision.reason };
  const move = mayMoveText({
    from: loaded.sourceVisibility ?? null,
    to: info.visibility,
    optIn: settings.visibility,
    what,
  });
  return move.allowed
    ? { ok: true, settings: decision.settings }
    : { ok: false, reason: move.reason ?? `${what} was not written: it may not go to ${target}.` };
}

/**
 * The plan's one way to ask for cross-repository writes: every decision asks through `ask`, and the
 * repositories still unknown are collected in `unknown`, in the order they were asked for.
 */
export function crossRepoAsker(params: {
  loaded: Pick<LoadedIncident, 'ref' | 'targets' | 'sourceVisibility'>;
  settings: IncidentSettings;
  serverRules: readonly CrossRepoRule[];
}): { ask: AskCrossRepo; unknown: string[] } {
  const unknown: string[] = [];
  const ask: AskCrossRepo = (target, kind, what) => {
    const verdict = crossRepoVerdict({ ...params, target, kind, what });
    if (verdict === null && !unknown.includes(target)) unknown.push(target);
    return verdict;
  };
  return { ask, unknown };
}
