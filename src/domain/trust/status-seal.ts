import { createHmac, timingSafeEqual } from 'node:crypto';
import { MARKER_PREFIX, readMarker } from '../incident/markers.js';

/**
 * The status comment's seal: an HMAC of its metadata, keyed by a secret only the app's deployment holds.
 *
 * Under the GitHub Action with `GITHUB_TOKEN`, the app writes as `github-actions[bot]`, the login every
 * workflow of the repository shares (issue #25, finding 5): author and marker alone cannot tell the app's
 * status comment from one a sibling workflow posted with an outsider's text in it. With a signing key, a
 * status comment counts only when its seal verifies, and the seal names the incident, so a sealed comment
 * copied to another issue does not count there either. An App's login is its own; it needs no seal.
 */
export interface StatusSeal {
  /** The secret (the Action's `signing-key` input, from a repository secret). */
  key: string;
}

const SEAL_OPEN = `<!-- ${MARKER_PREFIX}:seal `;
const SEAL_HEX_CHARS = 64;

function digest(params: { seal: StatusSeal; incidentKey: string; data: string }): string {
  return createHmac('sha256', params.seal.key).update(`${params.incidentKey}\n${params.data}`).digest('hex');
}

/** Where the opening status marker ends, and its data; undefined when the body does not open with one. */
function openingStatus(body: string): { end: number; data: string } | undefined {
  const found = readMarker(body, 'status');
  if (found?.data == null) return undefined;
  const head = `<!-- ${MARKER_PREFIX}:status ${found.data} -->`;
  return body.startsWith(head) ? { end: head.length, data: found.data } : undefined;
}

/** The status comment's body with its seal right after the opening marker (unchanged without one). */
export function sealStatusBody(params: { body: string; seal: StatusSeal; incidentKey: string }): string {
  const status = openingStatus(params.body);
  if (!status) return params.body;
  const mac = digest({ seal: params.seal, incidentKey: params.incidentKey, data: status.data });
  return `${params.body.slice(0, status.end)}${SEAL_OPEN}${mac} -->${params.body.slice(status.end)}`;
}

/** Whether a status comment's seal verifies for this incident (in constant time). */
export function statusSealValid(params: { body: string; seal: StatusSeal; incidentKey: string }): boolean {
  const status = openingStatus(params.body);
  if (!status) return false;
  const rest = params.body.slice(status.end);
  if (
    !rest.startsWith(SEAL_OPEN) ||
    rest.slice(SEAL_OPEN.length + SEAL_HEX_CHARS, SEAL_OPEN.length + SEAL_HEX_CHARS + 4) !== ' -->'
  )
    return false;
  const given = Buffer.from(rest.slice(SEAL_OPEN.length, SEAL_OPEN.length + SEAL_HEX_CHARS), 'utf8');
  const expected = Buffer.from(
    digest({ seal: params.seal, incidentKey: params.incidentKey, data: status.data }),
    'utf8',
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}
