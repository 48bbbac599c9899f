/**
 * The labels a maintenance window's fields go by (`**Start:**`, `Maintenance end`, `Affected components`),
 * here because the template reader needs them too: it takes an unbolded `Start: ...` line only for labels
 * the app reads, and prose is full of "Note:" lines that are no field.
 */
export const WINDOW_START_FIELD =
  /^(?:start(?:s|ed)?|begins?|from|window start|maintenance start)(?:\s(?:at|time))?:?$/i;
export const WINDOW_END_FIELD = /^(?:end(?:s|ed)?|until|to|window end|maintenance end)(?:\s(?:at|time))?:?$/i;
export const COMPONENTS_FIELD = /^(?:affected\s+)?components?(?:\s+affected)?:?$/i;

/**
 * Unbolded, only the unambiguous ones: `From:`, `To:` and `Until:` open ordinary sentences ("To: the
 * on-call team"), and a maintenance issue that has one would read it as its end.
 */
const PLAIN_WINDOW_FIELD =
  /^(?:(?:window |maintenance )?(?:start(?:s|ed)?|begins?|end(?:s|ed)?)(?:\s(?:at|time))?|(?:affected\s+)?components?(?:\s+affected)?)$/i;

/** Whether an unbolded `Label: value` line is a maintenance window's field. */
export function isPlainWindowField(label: string): boolean {
  return PLAIN_WINDOW_FIELD.test(label.trim().replace(/\s+/g, ' '));
}
