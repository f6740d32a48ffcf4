/**
 * How hard the sync worker may push the back end, from how the back end has been answering
 * (docs/protocol.md §4: a back end failing a third of its requests at random keeps most of the
 * throughput; a dead one gets at most one request a second).
 *
 * It is the client-side adaptive throttling of Google's SRE book (ch. 21, "Handling Overload": send
 * no more than K requests per request the back end accepts, K = 2) kept as a token bucket, the way
 * gRPC's retry throttling (proposal A6) keeps it, so it needs no window of timestamps:
 * - every request costs one token; every accepted answer gives back `ratio` (K) tokens, up to `burst`;
 * - a back end failing fewer than 1 in K requests therefore never runs the bucket dry (at 35 % faults
 *   each request returns 0.65·2 = 1.3 tokens on average), and the worker sends at full concurrency;
 * - a back end failing more than that drains it; with no token left, one probe at a time goes out,
 *   at least `probeMinMs` after the last, the gap growing with full jitter up to `probeCapMs` while
 *   probes keep failing. An accepted probe means the back end is back: the bucket is refilled to
 *   half, so the worker resumes at once without a slow climb from zero tokens, where a few unlucky
 *   answers in a row would dry it again.
 * A back end that dies mid-drain gets at most `burst` more requests before the probe pace applies,
 * and a fresh worker facing a dead back end `initial` requests: over any 10 s, fewer than 10.
 *
 * "Accepted" is any answer showing the back end does its work: 2xx, and 4xx other than 429 (a 409 or
 * 422 is the back end doing its job). Failures are 5xx, 429, other statuses §4 does not name, and
 * resets, refusals and timeouts.
 */
export interface ThrottlePolicy {
  /** K: requests allowed per accepted answer; default 2 (SRE book). Must be > 1. */
  ratio: number;
  /** Most tokens kept: the requests a back end that just died still gets; default 20. */
  burst: number;
  /** Tokens at start; default 4 (the worker's default concurrency: no slow start on a healthy back end). */
  initial: number;
  /** Shortest gap between probes once the bucket is dry, in ms; default 1000 (≤ 1 request/s). */
  probeMinMs: number;
  /** Longest gap between probes, in ms; default 30000. */
  probeCapMs: number;
}

/** Whether a request went out on a token or as the one probe of a dry bucket. */
export type SendTicket = 'token' | 'probe';

export const DEFAULT_THROTTLE: ThrottlePolicy = { ratio: 2, burst: 20, initial: 4, probeMinMs: 1000, probeCapMs: 30_000 };

export class AdaptiveThrottle {
  private readonly policy: ThrottlePolicy;
  private tokens: number;
  /** Probes sent since the bucket ran dry that were not accepted. */
  private failedProbes = 0;
  private probeInFlight = false;
  private probeAt = 0;

  constructor(
    policy: Partial<ThrottlePolicy> = {},
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.policy = { ...DEFAULT_THROTTLE, ...policy };
    if (!(this.policy.ratio > 1)) throw new RangeError('throttle ratio must be > 1');
    this.policy.burst = Math.max(1, this.policy.burst);
    this.policy.probeMinMs = Math.max(0, this.policy.probeMinMs);
    this.policy.probeCapMs = Math.max(this.policy.probeMinMs, this.policy.probeCapMs);
    this.tokens = Math.min(this.policy.burst, Math.max(0, this.policy.initial));
  }

  /** True while requests go out at the probe pace only. */
  get limiting(): boolean {
    return this.tokens < 1;
  }

  /** True while the back end accepts most requests (the bucket is at least half full). */
  get healthy(): boolean {
    return this.tokens >= this.policy.burst / 2;
  }

  /** How many requests may start now: the whole tokens, or the one probe when it is due. */
  available(): number {
    if (this.tokens >= 1) return Math.floor(this.tokens);
    return !this.probeInFlight && this.probeAt <= this.now() ? 1 : 0;
  }

  /**
   * Epoch ms when the next request may start: now (or earlier) when it may start at once,
   * `Infinity` while a probe is out (the answer decides).
   */
  nextSendAt(): number {
    if (this.tokens >= 1) return this.now();
    if (this.probeInFlight) return Infinity;
    return this.probeAt;
  }

  /**
   * Call for every request actually sent, only when `nextSendAt() <= now`; hand the returned ticket
   * back with the request's outcome.
   */
  onSend(): SendTicket {
    if (this.tokens >= 1) {
      this.tokens -= 1;
      // The last token is gone: should the requests out now all fail, the first probe waits this long.
      if (this.tokens < 1) this.probeAt = this.now() + this.probeGap();
      return 'token';
    }
    this.probeInFlight = true;
    return 'probe';
  }

  /** The back end did its work. */
  onAccepted(ticket: SendTicket): void {
    this.tokens = Math.min(this.policy.burst, this.tokens + this.policy.ratio);
    this.failedProbes = 0;
    if (ticket === 'probe') {
      this.probeInFlight = false;
      this.tokens = Math.max(this.tokens, this.policy.burst / 2);
    }
  }

  /** The back end failed (or did not answer). */
  onFailed(ticket: SendTicket): void {
    if (ticket !== 'probe') return;
    this.probeInFlight = false;
    this.failedProbes++;
    this.probeAt = this.now() + this.probeGap();
  }

  /** The request was cancelled (worker stopping) or never reached the network: neither outcome. */
  onCancelled(ticket: SendTicket): void {
    if (ticket === 'probe') this.probeInFlight = false;
    else this.tokens = Math.min(this.policy.burst, this.tokens + 1);
  }

  /** `probeMinMs` plus full jitter over the exponential window beyond it. */
  private probeGap(): number {
    const { probeMinMs, probeCapMs } = this.policy;
    const window = Math.min(probeCapMs, probeMinMs * 2 ** Math.min(this.failedProbes, 30));
    return probeMinMs + Math.floor(this.random() * (window - probeMinMs));
  }
}
