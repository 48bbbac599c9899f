/**
 * The shortest interval at which the app repeats anything on its own: recurring step deadlines
 * (`every 30 min`), `reminders.repeat` and `status_updates.every`. Every repetition can post a comment
 * and notify everyone watching the issue, so `every 1 sec` or `repeat: immediately` would flood the
 * issue (hundreds of comments in minutes) and spend the installation's write budget. Five minutes is
 * well below any real cadence in incident runbooks (status updates every 15-60 minutes are usual).
 */
export const MIN_RECURRING_MINUTES = 5;
