import { matchSeverity } from '../template/severity.js';
import { addLabel, defineVerb } from './verb.js';

/** `severity LEVEL`: records the level and moves the severity label (the label is what boards and filters see). */
export const severity = defineVerb<{ verb: 'severity'; level: string }>({
  verb: 'severity',
  aliases: ['sev'],
  args: 'LEVEL',
  help: 'set the severity (sets the severity label)',
  field: 'severity',
  parse: ({ rest, levels }) => {
    if (rest === '') return { error: 'the level is missing' };
    const match = matchSeverity({ text: rest, levels });
    if (match.kind !== 'level') return { error: `not a severity level (${levels.map((l) => l.name).join(', ')})` };
    return { verb: 'severity', level: match.level };
  },
  record: ({ metadata, command }) => ({ ...metadata, commandSeverity: command.level }),
  effects: ({ command, issue, settings, origin }) => {
    const wanted = settings.levels.find((l) => l.name === command.level)?.label;
    const others = settings.levels.filter((l) => l.name !== command.level).map((l) => l.label.toLowerCase());
    const stale = issue.labels.filter((l) => others.includes(l.toLowerCase()));
    const removed = { ...issue, labels: issue.labels.filter((l) => !stale.includes(l)) };
    const added = addLabel(removed, wanted, origin);
    return {
      intents: [...stale.map((label) => ({ kind: 'remove-label' as const, label, origin })), ...added.intents],
      issue: added.issue,
    };
  },
  timeline: ({ command, at, actor }) => ({ at, kind: 'severity', text: `Severity set to ${command.level}`, actor }),
});
