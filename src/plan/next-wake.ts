/**
 * Decision 10, when the incident next needs the app without an event: the earliest of a deadline, a
 * follow-up item settling, and the end of folded warnings.
 */
export function nextWake(params: {
  deadline: Date | null;
  followUps: Date | null;
  foldedUntil: string | null;
}): Date | null {
  const next =
    [params.deadline, params.followUps]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  if (params.foldedUntil !== null && (next === null || Date.parse(params.foldedUntil) < next.getTime()))
    return new Date(params.foldedUntil);
  return next;
}
