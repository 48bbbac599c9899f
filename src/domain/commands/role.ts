import { isGitHubLogin } from '../trust/github-login.js';
import { ROLES, type EffectParams, type Effects, type Role, type VerbModule } from './verb.js';

/**
 * The role verbs (`lead`, `scribe`, `comms`) differ only in their name: the new holder is assigned,
 * the previous one hands over and is unassigned unless they still hold another role.
 */
export type RoleCommand<R extends Role = Role> = { verb: R; login: string };

export function roleVerb<R extends Role>(verb: R, help: string, title: string): VerbModule<RoleCommand<R>> {
  const module: VerbModule<RoleCommand> = {
    verb,
    args: '@user',
    help,
    field: verb,
    parse: ({ rest }) => {
      const login = rest.startsWith('@') ? rest.slice(1) : rest;
      if (!isGitHubLogin(login)) return { error: rest === '' ? 'the person is missing' : 'not a GitHub login' };
      return { verb, login };
    },
    record: ({ metadata, command }) => ({ ...metadata, roles: { ...metadata.roles, [verb]: command.login } }),
    effects: (p: EffectParams<RoleCommand>): Effects => {
      const { login } = p.command;
      let issue = p.issue;
      const intents: Effects['intents'] = [];
      if (!issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) {
        intents.push({ kind: 'assign', login, role: verb, origin: p.origin });
        issue = { ...issue, assignees: [...issue.assignees, login] };
      }
      const previous = p.before.roles[verb];
      const stillHolds =
        previous !== null && ROLES.some((r) => p.after.roles[r]?.toLowerCase() === previous.toLowerCase());
      if (previous && !stillHolds && issue.assignees.includes(previous)) {
        intents.push({ kind: 'unassign', login: previous, origin: p.origin });
        issue = { ...issue, assignees: issue.assignees.filter((a) => a !== previous) };
      }
      return { intents, issue };
    },
    timeline: ({ command, at, actor }) => ({ at, kind: 'role', text: `${command.login} is the ${title}`, actor }),
  };
  return module as unknown as VerbModule<RoleCommand<R>>;
}
