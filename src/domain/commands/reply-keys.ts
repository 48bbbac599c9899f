import { readMarkerJson } from '../incident/markers.js';

/**
 * The keys a reply of the app's may carry for one comment: the command reply (the comment's id), and the
 * separate answers to `/incident report` and `/incident stats` that earlier versions posted. Any of them
 * means the comment was answered.
 */
export const answeredKeys = (commentId: number): ReadonlyArray<string | number> => [
  commentId,
  `report-${commentId}`,
  `index-${commentId}`,
];

/** The comment key a reply's marker carries, or null (not a reply, or a key of another shape). */
export function replyKeyOf(body: string): string | number | null {
  const key = (readMarkerJson(body, 'reply') as { comment?: unknown } | undefined)?.comment;
  return typeof key === 'number' || typeof key === 'string' ? key : null;
}
