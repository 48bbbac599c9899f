import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CommentRecord } from '../incident/loaded-incident.js';
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

const MAINTENANCE_OPEN = `<!-- ${MARKER_PREFIX}:maintenance -->`;

/**
 * The maintenance comment's digest. Its marker carries no data, so the seal covers the text after it: a
 * sibling workflow that copies the marker and a seal cannot change a word of what the app wrote. The kind
 * is part of what is signed, so a status comment's seal never verifies as a maintenance comment's.
 */
const maintenanceDigest = (params: { seal: StatusSeal; incidentKey: string; text: string }): string =>
  digest({
    seal: params.seal,
    incidentKey: params.incidentKey,
    // Line endings and the blank ends normalised: a store that rewrites those must not unseal the app's own comment.
    data: `maintenance\n${params.text.replace(/\r\n?/g, '\n').trim()}`,
  });

/** The maintenance comment's body with its seal right after the opening marker (unchanged without one). */
export function sealMaintenanceBody(params: { body: string; seal: StatusSeal; incidentKey: string }): string {
  if (!params.body.startsWith(MAINTENANCE_OPEN)) return params.body;
  const text = params.body.slice(MAINTENANCE_OPEN.length);
  return `${MAINTENANCE_OPEN}${SEAL_OPEN}${maintenanceDigest({ ...params, text })} -->${text}`;
}

/**
 * A maintenance comment as the app wrote it, when its seal verifies for this issue (in constant time):
 * its body without the seal, which is what the plan renders and compares; null for any other body.
 */
export function unsealMaintenanceBody(params: { body: string; seal: StatusSeal; incidentKey: string }): string | null {
  const { body } = params;
  const sealEnd = MAINTENANCE_OPEN.length + SEAL_OPEN.length + SEAL_HEX_CHARS;
  if (!body.startsWith(`${MAINTENANCE_OPEN}${SEAL_OPEN}`) || body.slice(sealEnd, sealEnd + 4) !== ' -->') return null;
  const text = body.slice(sealEnd + 4);
  const given = Buffer.from(body.slice(MAINTENANCE_OPEN.length + SEAL_OPEN.length, sealEnd), 'utf8');
  const expected = Buffer.from(maintenanceDigest({ ...params, text }), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? `${MAINTENANCE_OPEN}${text}` : null;
}

/** The app's own comment body sealed, whichever kind it is (the executor writes both through `upsert-status`). */
export const sealAppComment = (params: { body: string; seal: StatusSeal; incidentKey: string }): string =>
  params.body.startsWith(MAINTENANCE_OPEN) ? sealMaintenanceBody(params) : sealStatusBody(params);

/**
 * A maintenance issue's comments as its plan may see them: with a signing key, a comment that opens with
 * the maintenance marker counts only when its seal verifies for this issue (shown to the plan unsealed);
 * any other such comment, a sibling workflow's under the same `github-actions[bot]` login, is left out,
 * so the app neither takes it for its own nor edits it. Without a key, the comments as listed.
 */
export function sealedMaintenanceComments(params: {
  comments: readonly CommentRecord[];
  seal: StatusSeal | undefined;
  incidentKey: string;
}): CommentRecord[] {
  const { seal, incidentKey } = params;
  if (!seal) return [...params.comments];
  return params.comments.flatMap((c) => {
    if (!readMarker(c.body, 'maintenance')) return [c];
    const body = unsealMaintenanceBody({ body: c.body, seal, incidentKey });
    return body === null ? [] : [{ ...c, body }];
  });
}
