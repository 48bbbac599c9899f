/**
 * Clean stops (issue 23): on SIGTERM or SIGINT, stop taking work, finish or hand back the jobs in hand,
 * exit 0, all within `boundMs` (an orchestrator's grace period is 10 s by default; Kubernetes' 30 s).
 * Installed as a handler, so it works as PID 1 too: the kernel delivers no default action to a
 * namespace's init, only the signals it handles. A second signal, or the bound, ends the process at once.
 */
export const STOP_BOUND_MS = 8_000;

export interface StopSteps {
  /** Stop the process's own background work first (the calm memory release): none of it may pause the drain. */
  quiet?: () => void;
  /** Stop taking webhooks (close the listener). */
  stopIntake?: () => Promise<void>;
  /** Finish the jobs in hand (in memory) or hand them back (Redis); resolves with the jobs left undone. */
  drain: (untilMs: number) => Promise<number>;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export function stopCleanly(params: StopSteps & { boundMs?: number; exit?: (code: number) => void }): void {
  const boundMs = params.boundMs ?? STOP_BOUND_MS;
  const exit = params.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return exit(0);
    stopping = true;
    const started = Date.now();
    params.log.info({ signal }, 'stopping: no new webhooks; finishing the jobs in hand');
    const hard = setTimeout(() => {
      params.log.warn({ signal }, `stopping: still busy after ${boundMs} ms; exiting (unfinished jobs run again)`);
      exit(0);
    }, boundMs);
    hard.unref();
    void (async () => {
      params.quiet?.();
      try {
        await params.stopIntake?.();
      } catch (error) {
        params.log.warn({ err: error }, 'stopping: the listener did not close cleanly');
      }
      // Leave a little of the bound for closing connections.
      const left = await params.drain(Math.max(0, boundMs - (Date.now() - started) - 500));
      if (left > 0) params.log.warn({ left }, 'stopping: jobs left undone (the sweep at the next start finds them)');
      params.log.info({ ms: Date.now() - started }, 'stopped');
      clearTimeout(hard);
      exit(0);
    })().catch((error: unknown) => {
      params.log.warn({ err: error }, 'stopping: failed; exiting anyway');
      exit(0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
