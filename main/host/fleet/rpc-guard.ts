import { TokenBucket } from '../rate-limit.js';

/**
 * Admission of server-side RPCs: a rate per second and a bound on commands running at once, with
 * every refusal counted and audited once per burst (one row, not one fsync'd row per refused command).
 */
export const RPC_LIMITS = {
  /** Commands accepted per second, sustained… */
  perSec: 20,
  /** …and at once after a quiet spell. */
  burst: 40,
  /** Commands running at once; more are answered `busy`. */
  inFlight: 8,
  /** A request whose `ts` (or ThingsBoard's `expirationTime`) says it is older than this is not run, ms. */
  maxAgeMs: 60_000,
  /** A burst of refusals ends after this long without one; its audit row is then written, ms. */
  burstGapMs: 1000,
  /** A flood longer than this writes a row per this long, ms. */
  maxBurstMs: 60_000,
} as const;

export type Refusal = 'rate-limited' | 'busy' | 'retained' | 'expired';

export interface RpcGuardOptions {
  audit(action: string, ok: boolean, detail: string): void;
  now?: () => number;
  limits?: typeof RPC_LIMITS;
}

export class RpcGuard {
  private readonly bucket: TokenBucket;
  private readonly limits: typeof RPC_LIMITS;
  private readonly now: () => number;
  private running = 0;
  private burst: { startedAt: number; counts: Partial<Record<Refusal, number>> } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: RpcGuardOptions) {
    this.limits = o.limits ?? RPC_LIMITS;
    this.now = o.now ?? Date.now;
    this.bucket = new TokenBucket(this.limits.perSec, this.limits.burst, this.now);
  }

  /**
   * Why a request must not run (the refusal is then counted), or null and a running slot is taken
   * (give it back with {@link done}). `age` is read only once the rate allows the request, so a flood
   * is refused before its payloads are parsed.
   */
  admit(retained: boolean, age: () => { sentAtMs: number | null; expiresAtMs: number | null }): Refusal | null {
    let why: Refusal | null = null;
    const now = this.now();
    if (retained) why = 'retained';
    else if (!this.bucket.take()) why = 'rate-limited';
    else {
      const a = age();
      if ((a.expiresAtMs !== null && a.expiresAtMs < now) || (a.sentAtMs !== null && now - a.sentAtMs > this.limits.maxAgeMs)) why = 'expired';
      else if (this.running >= this.limits.inFlight) why = 'busy';
    }
    if (why) {
      this.refused(why);
      return why;
    }
    this.running++;
    return null;
  }

  done(): void {
    this.running = Math.max(0, this.running - 1);
  }

  private refused(why: Refusal): void {
    if (!this.burst) this.burst = { startedAt: this.now(), counts: {} };
    this.burst.counts[why] = (this.burst.counts[why] ?? 0) + 1;
    if (this.now() - this.burst.startedAt >= this.limits.maxBurstMs) return this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.limits.burstGapMs);
    this.timer.unref();
  }

  /** Write the current burst's audit row (at its end, and at stop). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const b = this.burst;
    this.burst = null;
    if (!b) return;
    const counts = Object.entries(b.counts).map(([k, n]) => `${k} ${n}`).join(', ');
    this.o.audit('fleet.rpc.refused', false, `${counts} within ${this.now() - b.startedAt} ms`);
  }
}

const REFUSAL_MESSAGES: Record<Exclude<Refusal, 'retained'>, string> = {
  'rate-limited': 'too many commands per second; try again',
  busy: 'too many commands at once; try again',
  expired: 'the command is older than the kiosk accepts',
};

/** The answer to a refused command (a retained one gets none). */
export function refusalAnswer(why: Exclude<Refusal, 'retained'>): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: why, message: REFUSAL_MESSAGES[why] } };
}

/** When the platform sent a request (`ts`) and until when it wants it run (ThingsBoard's `expirationTime`), ms since the epoch. */
export function requestAge(req: unknown): { sentAtMs: number | null; expiresAtMs: number | null } {
  const r = req && typeof req === 'object' ? (req as Record<string, unknown>) : {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { sentAtMs: num(r.ts), expiresAtMs: num(r.expirationTime) };
}
