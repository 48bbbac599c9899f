import { matchSeverity, isSeverityField } from './severity.js';
import { impactStartOf, isImpactStartField } from './timestamps.js';
import type { Choice } from './types.js';
import type { WalkState } from './walk-state.js';

/** The fields the app reads (severity, impact start) from what the reader found, with warnings for unreadable answers. */
/** A pick-one field's answer: the ticked options' texts. */
export function choiceValue(choice: Choice): string {
  return choice.options
    .filter((o) => o.checked)
    .map((o) => o.text)
    .join(', ');
}

export function readSeverity(params: {
  fields: Record<string, string>;
  fieldLines: Record<string, number>;
  choices: readonly Choice[];
  state: WalkState;
}): string | null {
  const { levels, vocabulary } = params.state.options;
  const known = levels.map((l) => l.name).join(', ');
  for (const choice of params.choices) {
    if (!isSeverityField(choice.label, vocabulary)) continue;
    for (const option of choice.options) {
      if (matchSeverity({ text: option.text, levels, vocabulary }).kind !== 'level') {
        params.state.warnings.push({
          line: option.line,
          message: `severity option "${option.text}" is not a configured level (${known})`,
        });
      }
    }
    const ticked = choice.options.filter((o) => o.checked).length;
    if (ticked > 1)
      params.state.warnings.push({
        line: choice.line,
        message: `${ticked} severities are ticked in "${choice.label}"; tick one`,
      });
  }
  // An empty one is a pick list's label (`**Severity (pick one):**`), whose answer is a field of its own.
  const keys = Object.keys(params.fields).filter((k) => isSeverityField(k, vocabulary));
  const severityKey = keys.find((k) => params.fields[k] !== '') ?? keys[0];
  if (severityKey === undefined) return null;
  const match = matchSeverity({ text: params.fields[severityKey] ?? '', levels, vocabulary });
  if (match.kind === 'unknown') {
    params.state.warnings.push({
      line: params.fieldLines[severityKey] ?? 1,
      message: `severity "${match.text}" is not a configured level (${known})`,
    });
  }
  return match.kind === 'level' ? match.level : null;
}

export function readImpactStart(params: {
  fields: Record<string, string>;
  fieldLines: Record<string, number>;
  state: WalkState;
}): string | null {
  const { vocabulary } = params.state.options;
  const start = impactStartOf(params.fields, vocabulary);
  if (start) return start.toISOString();
  for (const [label, value] of Object.entries(params.fields)) {
    // A value without digits is the template's prompt ("YYYY-MM-DD HH:MM UTC"), not a time.
    if (!isImpactStartField(label, vocabulary) || !/\d/.test(value)) continue;
    params.state.warnings.push({
      line: params.fieldLines[label] ?? 1,
      message: `impact start "${value}" is not a time the app can read; write e.g. "2026-11-28 23:10 UTC", "2026-11-28 23:10 +01:00" or "2026-11-28 23:10 Europe/Berlin"`,
    });
  }
  return null;
}
