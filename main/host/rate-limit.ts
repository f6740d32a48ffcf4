/**
 * A token bucket: `burst` requests at once, then `perSec` a second. Used per connection for the
 * methods that need no diagnostics token, which anyone who can open the socket may send.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Take one token; false when the bucket is empty (the request is refused, not queued). */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSec);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Per-connection rates of the methods that need no token: `[perSec, burst]`. */
export const UNAUTHENTICATED_RATES: Readonly<Record<string, readonly [number, number]>> = {
  // The diagnostics screen polls its status every few seconds; a flood of it must not starve pings.
  'diag.status': [5, 10],
  // Each guess costs an scrypt; the lock-out counts them, this keeps the CPU for the citizens. A
  // technician's five quick mistypes (the lock-out's count) must still each get their answer.
  'diag.enter': [1, 5],
};
