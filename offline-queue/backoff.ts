/**
 * Retry timing of the sync worker (docs/protocol.md §4: exponential back-off with full jitter, base 1 s,
 * cap 5 min; `Retry-After` honoured on 429/503).
 */
export interface BackoffPolicy {
  /** First window in ms; default 1000. */
  baseMs: number;
  /** Largest window in ms; default 300000 (5 min). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60 * 1000 };

/** A server cannot park the kiosk for more than a day, whatever its Retry-After says. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * "Full jitter" (AWS Architecture Blog, aws-arch-backoff-simulator):
 * `sleep = random(0, min(cap, base · 2^attempt))`, attempt counted from 0. Spreads the retries of
 * many kiosks coming back online at once instead of letting them hit the back end in waves.
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 52));
  return Math.floor(random() * exp);
}

/**
 * While the back end accepts most requests, a submission's own 5xx or reset is bad luck rather than
 * an outage, so its window stops growing at this. The contract's 5 min cap is for a back end that is
 * down: under 35 % random faults one submission in 1,000 fails 7–8 times in a row, and with that cap
 * alone it would hold the drain for minutes (windows of 64 s, 128 s, …)…
 */
export const HEALTHY_BACKOFF_CAP_MS = 16_000;
/** …for this many attempts: one failing this often while the others pass fails on its own, and gets the full cap. */
export const HEALTHY_BACKOFF_ATTEMPTS = 12;

/**
 * The wait before a submission's next attempt after a failure that named no `Retry-After`: full
 * jitter over `base · 2^attempts`, capped at `policy.capMs`, or at {@link HEALTHY_BACKOFF_CAP_MS}
 * while `backEndHealthy` (the adaptive throttle's view) and the submission has failed fewer than
 * {@link HEALTHY_BACKOFF_ATTEMPTS} times.
 */
export function submissionRetryDelay(attempts: number, backEndHealthy: boolean, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const capped = backEndHealthy && attempts < HEALTHY_BACKOFF_ATTEMPTS ? { ...policy, capMs: Math.min(policy.capMs, HEALTHY_BACKOFF_CAP_MS) } : policy;
  return fullJitterDelay(attempts, capped, random);
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): either delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). Returns the wait in ms, clamped to [0, 24 h], or undefined
 * when the header is absent or unparseable (the caller then backs off exponentially).
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Math.min(MAX_RETRY_AFTER_MS, Number(v) * 1000);
  // HTTP-date: IMF-fixdate, or the obsolete RFC 850 / asctime forms, which Date.parse also reads.
  if (!/[A-Za-z]/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - nowMs));
}
