/** A repository by name, as GitHub spells it (names compare case-insensitively). */
export interface RepoName {
  owner: string;
  repo: string;
}
