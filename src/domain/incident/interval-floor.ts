/**
 * The shortest interval at which the app repeats anything on its own: recurring step deadlines
 * (`every 30 min`), `reminders.repeat` and `status_updates.every`. Every repetition can post a comment
 * and notify everyone watching the issue, so `every 1 sec` or `repeat: immediately` would flood the
 * issue (hundreds of comments in minutes) and spend the installation's write budget. Five minutes is
 * well below any real cadence in incident runbooks (status updates every 15-60 minutes are usual).
 */
export const MIN_RECURRING_MINUTES = 5;

/**
 * A recurring interval as the app applies it: never below the floor. For intervals the config
 * schema cannot refuse (a step's `every 1 sec` in an issue body), so the parser can clamp them and
 * warn instead of flooding. Zero, negative and non-finite intervals are clamped to the floor too.
 */
export function clampRecurringMinutes(minutes: number): number {
  return Number.isFinite(minutes) && minutes >= MIN_RECURRING_MINUTES ? minutes : MIN_RECURRING_MINUTES;
}
