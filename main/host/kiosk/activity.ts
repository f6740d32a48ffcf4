import type { MethodName } from '../../../contracts/protocol.js';

/**
 * Liveness and the renderer's own status reads are not citizen activity: they run on every reconnect,
 * and counting them would keep a kiosk nobody uses from its nightly restart.
 */
const NOT_ACTIVITY: ReadonlySet<MethodName> = new Set<MethodName>(['host.ping', 'host.info', 'devices.list', 'queue.status', 'services.list', 'kiosk.screen', 'diag.fleet', 'submission.outcome']);

/** Citizen activity, for the nightly restart's idle check: requests being served, and the last one. */
export class RequestActivity {
  private inFlight = 0;
  private lastAt = Date.now();

  /** Runs one request's handler, counted unless the method is a status read. */
  async track<T>(method: MethodName, run: () => Promise<T>): Promise<T> {
    if (NOT_ACTIVITY.has(method)) return run();
    this.inFlight++;
    this.lastAt = Date.now();
    try {
      return await run();
    } finally {
      this.inFlight--;
      this.lastAt = Date.now();
    }
  }

  snapshot(): { inFlight: number; lastActivityAt: number } {
    return { inFlight: this.inFlight, lastActivityAt: this.lastAt };
  }
}
