/**
 * What a log line carries of an error: GitHub's HTTP refusals (a number `status`) are operating
 * conditions — a revoked key, a lost installation, a rate limit — so the line says the status and
 * GitHub's message, one line an operator can read; anything else may be a bug and keeps its stack.
 */
export function loggableError(error: unknown): { err: unknown } | { status: number; reason: string } {
  if (typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number') {
    const { status, message } = error as { status: number; message?: unknown };
    return { status, reason: typeof message === 'string' ? message : `HTTP ${status}` };
  }
  return { err: error };
}
