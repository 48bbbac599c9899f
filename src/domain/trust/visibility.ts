/**
 * One rule for every write outside the incident's repository (follow-up issues, report content,
 * pull-request titles, branch names, commit messages, cross-references quoted in a report): text may
 * move to a place at most as public as where it came from, unless the incident repository's config
 * opts in explicitly (`visibility.allow_more_public`).
 *
 * Ranked private < internal < public. Internal is not "safe": every member of the enterprise can read
 * an internal repository, which is more people than can read a private one.
 */

export type Visibility = 'private' | 'internal' | 'public';

export const VISIBILITIES: readonly Visibility[] = ['private', 'internal', 'public'];

/**
 * The opt-in: how public a destination may be, whatever the source. `false` (the default): no text
 * moves to a more public place. `'internal'`: private text may reach internal repositories, never
 * public ones. `'public'`: any text may go anywhere (the old `reports.allow_private_to_public: true`).
 */
export type MorePublicOptIn = false | 'internal' | 'public';

/** 0 for private, 1 for internal, 2 for public. An unknown visibility ranks as private: least exposure. */
export function visibilityRank(visibility: Visibility | null | undefined): number {
  if (visibility === 'public') return 2;
  if (visibility === 'internal') return 1;
  return 0;
}

/** GitHub's repository object: `visibility` when present, else `private: true|false`. */
export function visibilityOfRepo(repo: { visibility?: string | null; private?: boolean | null }): Visibility {
  if (repo.visibility === 'public' || repo.visibility === 'internal' || repo.visibility === 'private')
    return repo.visibility;
  return repo.private === false ? 'public' : 'private';
}

export interface TextMove {
  allowed: boolean;
  /** Why not, in words for the status comment; null when allowed. */
  reason: string | null;
}

/**
 * May text from a `from` repository be written into a `to` repository? Same or less public: always.
 * More public: only as far as the opt-in reaches. An unknown destination is treated as public and an
 * unknown source as private, so a missing answer never leaks.
 */
export function mayMoveText(params: {
  from: Visibility | null;
  to: Visibility | null;
  optIn: MorePublicOptIn;
  what?: string;
}): TextMove {
  const from = visibilityRank(params.from);
  const to = params.to === null ? 2 : visibilityRank(params.to);
  if (to <= from) return { allowed: true, reason: null };
  const reach = params.optIn === 'public' ? 2 : params.optIn === 'internal' ? 1 : 0;
  if (to <= reach) return { allowed: true, reason: null };
  const fromName = params.from ?? 'private (unknown)';
  const toName = params.to ?? 'public (unknown)';
  const what = params.what ?? 'This text';
  const hint =
    to === 2
      ? 'Set `visibility.allow_more_public: public` in .github/incident.yml to allow it.'
      : 'Set `visibility.allow_more_public: internal` (or `public`) in .github/incident.yml to allow it.';
  return {
    allowed: false,
    reason: `${what} was not written: it comes from a ${fromName} repository and the destination is ${toName}. ${hint}`,
  };
}

/**
 * The effective opt-in from the config: `visibility.allow_more_public`, or the old
 * `reports.allow_private_to_public: true` (an alias of `public`, kept so existing configs mean what they meant).
 */
export function morePublicOptInOf(params: {
  allowMorePublic: MorePublicOptIn;
  legacyAllowPrivateToPublic: boolean;
}): MorePublicOptIn {
  if (params.allowMorePublic !== false) return params.allowMorePublic;
  return params.legacyAllowPrivateToPublic ? 'public' : false;
}

/**
 * Cross-references (issues and pull requests that mention the incident) kept in a report: one from a
 * less public repository than the report's would reveal its title and repository name there, so it is
 * left out unless the opt-in reaches. References whose visibility is unknown count as private.
 */
export function crossReferencesFor<T extends { visibility: Visibility | null }>(params: {
  references: readonly T[];
  reportVisibility: Visibility | null;
  optIn: MorePublicOptIn;
}): { kept: T[]; omitted: number } {
  const kept: T[] = [];
  let omitted = 0;
  for (const ref of params.references) {
    if (mayMoveText({ from: ref.visibility, to: params.reportVisibility, optIn: params.optIn }).allowed) kept.push(ref);
    else omitted++;
  }
  return { kept, omitted };
}
