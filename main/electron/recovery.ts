/**
 * Recovery policy as pure functions: the renderer is reloaded when it dies, and the whole app is
 * relaunched after `limit` crashes within `windowMs`; the host is restarted with back-off.
 */
export class RendererCrashBudget {
  private times: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Record a crash at `now`; true when the budget is spent and the app should relaunch. */
  record(now: number): boolean {
    this.times = [...this.times.filter((t) => now - t < this.windowMs), now];
    return this.times.length >= this.limit;
  }
}

/** Host restart delay after the n-th consecutive failure: 0.5 s doubling, capped at 30 s. */
export function nextRestartDelay(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, failures - 1));
}

/** Electron's `render-process-gone` reasons (RenderProcessGoneDetails.reason). */
export type RenderProcessGoneReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'memory-eviction';

/**
 * What to do when the renderer is gone: nothing on a clean exit; relaunch the whole app when the
 * crash budget is spent or the renderer cannot start at all (reloading would fail the same way);
 * otherwise reload the page (a white screen after hours is the classic kiosk failure).
 */
export function rendererGoneAction(reason: string, budget: RendererCrashBudget, now: number): 'none' | 'reload' | 'relaunch' {
  if (reason === 'clean-exit') return 'none';
  if (reason === 'launch-failed' || reason === 'integrity-failure') return 'relaunch';
  return budget.record(now) ? 'relaunch' : 'reload';
}

/**
 * How to restart the whole app. Under systemd (INVOCATION_ID) the app just exits and the unit's
 * `Restart=always` starts it again inside the same cage compositor — `app.relaunch()` there would
 * start a second copy that dies with cage. Elsewhere Electron relaunches itself.
 */
export function restartMode(env: Record<string, string | undefined>): 'exit-for-supervisor' | 'relaunch' {
  return env.INVOCATION_ID || env.KIOSK_SUPERVISED === '1' ? 'exit-for-supervisor' : 'relaunch';
}
