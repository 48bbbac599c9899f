import { sha256Hex } from '../shared/hash.js';
import type { AlertSource } from './alert.js';

/**
 * The hidden marker that ties an issue the app opened to its alert group: the group key is hashed (it
 * is the sender's text, of any length) with the source, so two sources never share a group.
 */
export const ALERT_MARKER_KIND = 'alert-group';

export function alertGroupId(params: { source: AlertSource; group: string }): string {
  return sha256Hex(`${params.source}\n${params.group}`).slice(0, 24);
}

const MARKER_RE = /<!-- incident-responder:alert-group ([0-9a-f]{24}) -->/;

export function alertGroupMarker(id: string): string {
  return `<!-- incident-responder:${ALERT_MARKER_KIND} ${id} -->`;
}

/** The group an issue body was opened for (only meaningful in a body the app wrote). */
export function alertGroupOf(body: string | null | undefined): string | null {
  return body ? (MARKER_RE.exec(body)?.[1] ?? null) : null;
}
