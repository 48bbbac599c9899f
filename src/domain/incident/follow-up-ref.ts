import { parseIncidentKey, type IncidentRef } from './incident-ref.js';
import { readMarkerJson } from './markers.js';

/**
 * The incident and action item a follow-up issue belongs to, from the marker the app wrote into its
 * body. Callers check that the issue was opened by the app: anyone can type a marker.
 */
export function followUpRefOf(body: string | null | undefined): (IncidentRef & { item: string }) | null {
  const data = readMarkerJson(body, 'follow-up') as { incident?: unknown; item?: unknown } | undefined;
  if (typeof data?.incident !== 'string' || typeof data.item !== 'string') return null;
  const incident = parseIncidentKey(data.incident);
  return incident && { ...incident, item: data.item };
}
