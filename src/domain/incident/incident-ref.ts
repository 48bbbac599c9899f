/** One incident: the repository of its issue, and the number. */
export interface IncidentRef {
  owner: string;
  repo: string;
  number: number;
}

/** The incident's one key, `owner/repo#number`: runtime keys, markers and messages all write it so. */
export const incidentKey = (ref: IncidentRef): string => `${ref.owner}/${ref.repo}#${ref.number}`;
