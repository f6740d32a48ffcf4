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
