import { parseDuration } from '../shared/duration.js';
import { defineVerb } from './verb.js';
import { resolveStep, splitStepRef } from './step-ref.js';

/** A snooze is for a while, not a way to switch a step off (that is `skip`). */
export const MAX_SNOOZE_MINUTES = 7 * 24 * 60;

/** `snooze STEP DURATION`: no warning for the step until then; then it warns again if still open. */
export const snooze = defineVerb<{ verb: 'snooze'; step: string; minutes: number; stepId?: string; stepText?: string }>(
  {
    verb: 'snooze',
    args: 'STEP DURATION',
    help: 'no warning for a step for a while, e.g. `snooze 4 30m` (STEP: its number in the status comment, or a piece of its text)',
    parse: ({ rest }) => {
      const text = rest.trim();
      let space = text.lastIndexOf(' ');
      // "30 min": a unit alone at the end belongs with the number before it.
      if (space > 0 && /^[a-z]+$/i.test(text.slice(space + 1)) && /\d$/.test(text.slice(0, space)))
        space = text.lastIndexOf(' ', space - 1);
      if (space < 0)
        return {
          error: text === '' ? 'the step and the duration are missing' : 'the duration is missing, e.g. 30m or 2h',
        };
      const minutes = parseDuration(text.slice(space + 1));
      if (minutes === null || minutes <= 0)
        return { error: 'the duration at the end is not a duration, e.g. 30m or 2h' };
      if (minutes > MAX_SNOOZE_MINUTES)
        return { error: 'a snooze lasts at most 7 days (`skip` says a step does not apply)' };
      const split = splitStepRef(text.slice(0, space));
      if ('error' in split) return split;
      // Without quotes, the whole text before the duration names the step.
      const step =
        split.rest === ''
          ? split.step
          : text
              .slice(0, space)
              .trim()
              .replace(/^["'“](.*)["'”]$/, '$1');
      return { verb: 'snooze', step, minutes };
    },
    bind: ({ command, steps }) => {
      const step = resolveStep({ ref: command.step, steps });
      return 'error' in step ? step : { ...command, stepId: step.id, stepText: step.text };
    },
    record: ({ metadata, command, at, actor }) => {
      const id = command.stepId;
      if (id === undefined) return metadata;
      const until = new Date(Date.parse(at) + command.minutes * 60_000).toISOString();
      // Forget the step's warnings: when the snooze ends and the step is still open, it warns again.
      const warned = Object.fromEntries(
        Object.entries(metadata.warned).filter(([key]) => key !== id && !key.startsWith(`${id}#`)),
      );
      return { ...metadata, warned, snoozed: { ...metadata.snoozed, [id]: { until, by: actor ?? '', at } } };
    },
    timeline: ({ command, at, actor }) => ({
      at,
      kind: 'step',
      text: `Snoozed for ${command.minutes} min: ${command.stepText ?? command.step}`,
      actor,
    }),
  },
);
