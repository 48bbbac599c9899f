import { MAX_COMMAND_TEXT } from '../shared/text-limits.js';
import { defineVerb } from './verb.js';
import { resolveStep, splitStepRef } from './step-ref.js';

/** `skip STEP [REASON]`: the step does not apply to this incident; it never warns and shows as skipped. */
export const skip = defineVerb<{
  verb: 'skip';
  step: string;
  reason: string | null;
  stepId?: string;
  stepText?: string;
}>({
  verb: 'skip',
  args: 'STEP [reason]',
  help: 'a step does not apply to this incident (STEP: its number in the status comment, or a piece of its text)',
  parse: ({ rest }) => {
    const split = splitStepRef(rest);
    if ('error' in split) return split;
    if (split.rest.length > MAX_COMMAND_TEXT)
      return { error: `the reason is longer than ${MAX_COMMAND_TEXT} characters` };
    return { verb: 'skip', step: split.step, reason: split.rest === '' ? null : split.rest };
  },
  bind: ({ command, steps }) => {
    const step = resolveStep({ ref: command.step, steps });
    return 'error' in step ? step : { ...command, stepId: step.id, stepText: step.text };
  },
  record: ({ metadata, command, at, actor }) => {
    if (command.stepId === undefined) return metadata;
    // The reason is shown in the status comment: stored bounded, like every text in the metadata.
    const reason = command.reason === null ? null : command.reason.slice(0, 200);
    return { ...metadata, skipped: { ...metadata.skipped, [command.stepId]: { at, by: actor ?? '', reason } } };
  },
  timeline: ({ command, at, actor }) => ({
    at,
    kind: 'step',
    text: `Skipped (not applicable): ${command.stepText ?? command.step}${command.reason ? `: ${command.reason}` : ''}`,
    actor,
  }),
});
