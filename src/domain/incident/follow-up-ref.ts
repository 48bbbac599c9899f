import { readMarkerJson } from './markers.js';

/**
 * The incident and action item a follow-up issue belongs to, from the marker the app wrote into its
 * body. Callers check that the issue was opened by the app: anyone can type a marker.
 */
export function followUpRefOf(
  body: string | null | undefined,
): { owner: string; repo: string; number: number; item: string } | null {
  const data = readMarkerJson(body, 'follow-up') as { incident?: unknown; item?: unknown } | undefined;
  if (typeof data?.incident !== 'string' || typeof data.item !== 'string') return null;
  const m = /^([^/\s]+)\/([^#\s]+)#(\d+)$/.exec(data.incident);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { owner: m[1], repo: m[2], number: Number(m[3]), item: data.item };
}
