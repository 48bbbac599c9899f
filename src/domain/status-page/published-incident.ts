import { publicUpdateId, type PublicState, type PublicUpdate, type PublishedIncident } from './model.js';
import { MAX_PUBLIC_UPDATES } from './model.js';

/** A public update as accepted: `/incident public TEXT`, at the comment's time. */
export interface AcceptedPublicUpdate {
  at: string;
  text: string;
  identified: boolean;
}

/** An instant as ISO 8601 with an explicit offset (`+00:00`), to the second: what the page and feeds show. */
export function isoWithOffset(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

/** Our own words for the resolution entry: the page and the feeds end every incident with it. */
export const RESOLVED_TEXT = 'This incident has been resolved.';

function stateAt(params: {
  at: string;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  identifiedAt: string | null;
}): PublicState {
  const t = Date.parse(params.at);
  if (params.resolvedAt !== null && Date.parse(params.resolvedAt) <= t) return 'resolved';
  if (params.mitigatedAt !== null && Date.parse(params.mitigatedAt) <= t) return 'monitoring';
  if (params.identifiedAt !== null && Date.parse(params.identifiedAt) <= t) return 'identified';
  return 'investigating';
}

/**
 * The incident as the status page publishes it: only its title, the public updates, the affected
 * components that the config lists, and its lifecycle. Nothing else of the issue reaches it.
 */
export function publishedIncident(params: {
  repo: string;
  number: number;
  title: string;
  severity: string | null;
  majorSeverities: readonly string[];
  startedAt: string;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  identifiedAt: string | null;
  /** As `/incident affects` named them. */
  components: readonly string[];
  /** `status_page.components`. */
  configured: readonly string[];
  updates: readonly AcceptedPublicUpdate[];
}): { incident: PublishedIncident; unknownComponents: string[] } {
  const id = `${params.repo}#${params.number}`;
  const known = new Map(params.configured.map((c) => [c.toLowerCase(), c]));
  const components = [...new Set(params.components.flatMap((c) => known.get(c.toLowerCase()) ?? []))];
  const unknownComponents = params.components.filter((c) => !known.has(c.toLowerCase()));
  const identified = params.updates.filter((u) => u.identified).map((u) => u.at);
  const identifiedAt = [params.identifiedAt, ...identified]
    .filter((t): t is string => t !== null)
    .sort((x, y) => Date.parse(x) - Date.parse(y))[0];
  const times = { mitigatedAt: params.mitigatedAt, resolvedAt: params.resolvedAt, identifiedAt: identifiedAt ?? null };
  const updates: PublicUpdate[] = [...params.updates]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((u) => ({
      id: publicUpdateId({ incidentId: id, at: u.at, text: u.text }),
      at: isoWithOffset(u.at),
      state: stateAt({ ...times, at: u.at }),
      text: u.text,
    }));
  if (params.resolvedAt !== null)
    updates.push({
      id: publicUpdateId({ incidentId: id, at: params.resolvedAt, text: RESOLVED_TEXT }),
      at: isoWithOffset(params.resolvedAt),
      state: 'resolved',
      text: RESOLVED_TEXT,
    });
  const state = stateAt({ ...times, at: new Date(8.64e15).toISOString() });
  return {
    incident: {
      id,
      number: params.number,
      title: params.title,
      state,
      impact:
        params.severity !== null &&
        params.majorSeverities.some((s) => s.toLowerCase() === params.severity?.toLowerCase())
          ? 'major'
          : 'minor',
      components,
      started_at: isoWithOffset(params.startedAt),
      resolved_at: params.resolvedAt === null ? null : isoWithOffset(params.resolvedAt),
      // The newest updates when there are more than the page keeps (the resolution is always kept).
      updates: updates.slice(-MAX_PUBLIC_UPDATES),
    },
    unknownComponents,
  };
}
