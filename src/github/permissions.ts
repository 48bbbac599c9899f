import { PERMISSION_RANK, type PermissionLevel } from '../domain/incident/settings.js';
import { httpStatus, type Octokit, type RepoRef } from './octokit.js';

/**
 * A user's permission on a repository from the collaborator-permission API. `author_association` in a
 * payload is not trusted: it describes the relation to the repository's owner, not a permission.
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
export async function permissionOf(octokit: Octokit, ref: RepoRef, login: string): Promise<PermissionLevel> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: ref.owner,
      repo: ref.repo,
      username: login,
    });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return role in PERMISSION_RANK
      ? (role as PermissionLevel)
      : data.permission in PERMISSION_RANK
        ? (data.permission as PermissionLevel)
        : 'none';
  } catch (error) {
    if (httpStatus(error) === 404) return 'none';
    throw error;
  }
}
