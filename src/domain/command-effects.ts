import { ROLES, type Command, type Role } from './commands.js';
import type { IncidentMetadata } from './metadata.js';

/**
 * What an accepted command records in the incident's metadata, apart from its effects on GitHub
 * (labels, assignees, closing). Pure, so the same rules serve a new command and the replay of earlier
 * accepted ones when the status comment that held them is gone.
 */
export function recordCommand(params: { metadata: IncidentMetadata; command: Command; at: string; resolveCloses: boolean }): IncidentMetadata {
  const { metadata, command, at } = params;
  switch (command.verb) {
    case 'severity':
      return { ...metadata, commandSeverity: command.level };
    case 'summary':
    case 'impact':
      return { ...metadata, [command.verb]: command.text };
    case 'status':
      // A late-delivered older update never replaces a newer one.
      return metadata.lastStatusUpdateAt === null || metadata.lastStatusUpdateAt <= at ? { ...metadata, lastStatusUpdateAt: at, lastStatusText: command.text } : metadata;
    case 'ack':
      return metadata.acknowledgedAt === null ? { ...metadata, acknowledgedAt: at } : metadata;
    case 'mitigated':
      return metadata.mitigatedAt === null ? { ...metadata, mitigatedAt: at } : metadata;
    case 'resolved':
      // When resolving closes the issue, the close is the record.
      return !params.resolveCloses && metadata.resolvedAt === null ? { ...metadata, resolvedAt: at } : metadata;
    case 'start':
      return { ...metadata, impactStartAt: command.at };
    case 'lead':
    case 'scribe':
    case 'comms':
      return { ...metadata, roles: { ...metadata.roles, [command.verb]: command.login } };
    default:
      return metadata;
  }
}

export const isRole = (verb: string): verb is Role => (ROLES as readonly string[]).includes(verb);
