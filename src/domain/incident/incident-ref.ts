/** One incident: the repository of its issue, and the number. */
export interface IncidentRef {
  owner: string;
  repo: string;
  number: number;
}

/** The incident's one key, `owner/repo#number`: runtime keys, markers and messages all write it so. */
export const incidentKey = (ref: IncidentRef): string => `${ref.owner}/${ref.repo}#${ref.number}`;

/** Owner and repository names are letters, digits, `-`, `_` and `.` on GitHub. */
const KEY = /^([\w.-]+)\/([\w.-]+)#(\d+)$/;

/** The incident a key names (as `incidentKey` writes it), or null: keys read back from markers are untrusted. */
export function parseIncidentKey(text: string): IncidentRef | null {
  const m = KEY.exec(text);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { owner: m[1], repo: m[2], number: Number(m[3]) };
}
