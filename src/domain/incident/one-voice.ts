/**
 * One voice instead of a stream (issue #16): the overdue steps of one wake go into one comment (the
 * plan posts at most one per pass); a person is @mentioned at most once per `mentionMinutes` (later
 * warnings name them without a ping); and past `maxPerHour` warning comments in the last hour, warnings
 * fold into the status comment instead (issue #12, finding 6: no flood, whatever the deadlines say).
 */
export interface VoiceDecision {
  /** Post a warning comment now; false = fold it into the status comment. */
  post: boolean;
  /** Logins to @mention in it. */
  ping: string[];
  /** Logins to name without a ping (mentioned recently). */
  quiet: string[];
  mentionedAt: Record<string, string>;
  /** Until when warnings fold into the status comment (the oldest warning of the hour leaving it), or null. */
  foldedUntil: string | null;
}

const HOUR_MS = 60 * 60_000;

export function decideVoice(params: {
  /** When the app's earlier warning comments were posted. */
  posted: readonly string[];
  /** Who the warning is for (reminders.mention). */
  mention: readonly string[];
  mentionedAt: Readonly<Record<string, string>>;
  mentionMinutes: number;
  maxPerHour: number;
  now: Date;
}): VoiceDecision {
  const now = params.now.getTime();
  const lastHour = params.posted
    .map((at) => Date.parse(at))
    .filter((t) => Number.isFinite(t) && t > now - HOUR_MS && t <= now)
    .sort((a, b) => a - b);
  const mentionedAt = pruneMentions({
    mentionedAt: params.mentionedAt,
    mentionMinutes: params.mentionMinutes,
    now: params.now,
  });
  if (lastHour.length >= params.maxPerHour) {
    const freed = (lastHour[lastHour.length - params.maxPerHour] ?? now) + HOUR_MS;
    return { post: false, ping: [], quiet: [], mentionedAt, foldedUntil: new Date(freed).toISOString() };
  }
  const ping: string[] = [];
  const quiet: string[] = [];
  for (const login of params.mention) {
    const key = login.toLowerCase();
    if (mentionedAt[key] === undefined) {
      ping.push(login);
      mentionedAt[key] = params.now.toISOString();
    } else {
      quiet.push(login);
    }
  }
  return { post: true, ping, quiet, mentionedAt, foldedUntil: null };
}

/** Mentions older than the interval are forgotten: the record stays as small as the people pinged lately. */
export function pruneMentions(params: {
  mentionedAt: Readonly<Record<string, string>>;
  mentionMinutes: number;
  now: Date;
}): Record<string, string> {
  const since = params.now.getTime() - params.mentionMinutes * 60_000;
  return Object.fromEntries(Object.entries(params.mentionedAt).filter(([, at]) => Date.parse(at) > since));
}
