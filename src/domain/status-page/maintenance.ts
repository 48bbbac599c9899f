import { parseTimestamp } from '../template/timestamps.js';
import { WINDOW_END_FIELD, WINDOW_START_FIELD } from '../template/window-fields.js';

/**
 * A maintenance window: an issue labelled for maintenance (`status_page.maintenance_label`) whose body
 * gives a start and an end (`**Start:** 2026-12-05 10:00 UTC`, or the issue form's fields). Its phase is
 * a function of `now` alone, so the page moves by itself when the plan wakes at `nextChangeAt`.
 */
export type MaintenancePhase = 'scheduled' | 'in-progress' | 'completed';

export interface MaintenanceWindow {
  start: string;
  end: string;
  phase: MaintenancePhase;
  /** When the phase changes next (the start, then the end); null once completed. */
  nextChangeAt: string | null;
}

/** Longest window we accept: a typo in the year should not hold a component "under maintenance" for one. */
export const MAX_MAINTENANCE_MS = 7 * 24 * 60 * 60_000;

function fieldTime(fields: Readonly<Record<string, string>>, label: RegExp): Date | null | 'invalid' {
  const key = Object.keys(fields).find((k) => label.test(k.trim().replace(/\s+/g, ' ')));
  if (key === undefined) return null;
  return parseTimestamp(fields[key] ?? '') ?? 'invalid';
}

/** The window an issue's fields describe, or why they do not describe one (said in its status comment). */
export function maintenanceWindow(params: {
  fields: Readonly<Record<string, string>>;
  now: Date;
}): { ok: true; window: MaintenanceWindow } | { ok: false; error: string } {
  const start = fieldTime(params.fields, WINDOW_START_FIELD);
  const end = fieldTime(params.fields, WINDOW_END_FIELD);
  if (start === null || end === null)
    return { ok: false, error: 'a maintenance window needs a **Start:** and an **End:** (e.g. 2026-12-05 10:00 UTC)' };
  if (start === 'invalid') return { ok: false, error: 'the **Start:** is not a time (e.g. 2026-12-05 10:00 UTC)' };
  if (end === 'invalid') return { ok: false, error: 'the **End:** is not a time (e.g. 2026-12-05 12:00 UTC)' };
  if (end.getTime() <= start.getTime()) return { ok: false, error: 'the **End:** is not after the **Start:**' };
  if (end.getTime() - start.getTime() > MAX_MAINTENANCE_MS)
    return { ok: false, error: 'a maintenance window is at most 7 days long' };
  const now = params.now.getTime();
  const phase: MaintenancePhase =
    now < start.getTime() ? 'scheduled' : now < end.getTime() ? 'in-progress' : 'completed';
  return {
    ok: true,
    window: {
      start: start.toISOString(),
      end: end.toISOString(),
      phase,
      nextChangeAt: phase === 'scheduled' ? start.toISOString() : phase === 'in-progress' ? end.toISOString() : null,
    },
  };
}
