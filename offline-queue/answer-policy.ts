import type { HttpAnswer } from './sync-client.js';
import { parseRetryAfter } from './backoff.js';

/**
 * What the kiosk does with each answer of `POST /v1/submissions` (docs/protocol.md §4), as a pure
 * function so every row of the table is unit-tested.
 */
export type Decision =
  /** 201 stored, 200 already stored with the same body (any other 2xx is read the same way). */
  | { kind: 'done'; receiptNo?: string; receivedAt?: string }
  /** 422 key reused with another body, 400 malformed: kept for a technician, never retried by itself. */
  | { kind: 'dead'; error: string }
  /** 401/403: pause all sync and alert; the submission stays pending. */
  | { kind: 'auth'; status: number; error: string }
  /**
   * Try again later. `retryAfterMs` is set when the server said how long (429/503 + Retry-After);
   * otherwise exponential back-off. `global` means the back end as a whole failed, which feeds the
   * worker's adaptive throttle (409 is about this one key only, and shows the back end working).
   */
  | { kind: 'retry'; error: string; retryAfterMs?: number; retryAfterScope?: RetryAfterScope; global: boolean };

/**
 * What a `Retry-After` holds besides the submission it answered (which always waits that long):
 * - `client` (429 Too Many Requests): *this kiosk* is over its rate limit, so every request waits the
 *   full time; sending others would only earn more 429s.
 * - `service` (503 Service Unavailable): a claim about the back end (RFC 9110 §15.6.4: "expected to
 *   be unavailable"), which the kiosk checks against what it sees. A load balancer with one sick
 *   instance, or a back end failing a share of its requests at random, answer 503 + Retry-After to some requests
 *   while storing most others; one such answer must not freeze the queue. So while the adaptive
 *   throttle sees the back end healthy (accepting most requests), only that submission waits.
 *   Otherwise every request waits, until the time is up or an answer arriving later shows the back
 *   end serving after all. A back end that answers 503 to everything is held the full time each time
 *   (and the throttle keeps it to ≤ 1 request/s besides).
 */
export type RetryAfterScope = 'client' | 'service';

export function decide(answer: HttpAnswer, nowMs: number): Decision {
  const s = answer.status;
  const error = `HTTP ${s}${errorCodeOf(answer.body)}`;
  if (s >= 200 && s < 300) return { kind: 'done', ...receiptOf(answer.body) };
  if (s === 400 || s === 422) return { kind: 'dead', error };
  if (s === 409) return { kind: 'retry', error, global: false };
  if (s === 401 || s === 403) return { kind: 'auth', status: s, error };
  if (s === 429 || s === 503) {
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], nowMs);
    if (retryAfterMs === undefined) return { kind: 'retry', error, global: true };
    return { kind: 'retry', error, retryAfterMs, retryAfterScope: s === 429 ? 'client' : 'service', global: true };
  }
  // Other 5xx, and answers §4 does not name (3xx, 404, 408, …): keep the submission and back off;
  // a misrouted URL must not turn citizens' submissions into dead letters.
  return { kind: 'retry', error, global: true };
}

/**
 * Only a short machine code from the back end's error body is kept (`{"error":{"code":"…"}}`):
 * a free-text message could echo personal data into the outbox or the logs.
 */
function errorCodeOf(body: Buffer): string {
  const parsed = parseJson(body) as { error?: { code?: unknown } } | undefined;
  const code = parsed?.error?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? ` ${code}` : '';
}

function receiptOf(body: Buffer): { receiptNo?: string; receivedAt?: string } {
  const parsed = parseJson(body) as { receiptNo?: unknown; receivedAt?: unknown } | undefined;
  const out: { receiptNo?: string; receivedAt?: string } = {};
  if (typeof parsed?.receiptNo === 'string' && parsed.receiptNo.length <= 128) out.receiptNo = parsed.receiptNo;
  if (typeof parsed?.receivedAt === 'string' && parsed.receivedAt.length <= 64) out.receivedAt = parsed.receivedAt;
  return out;
}

function parseJson(body: Buffer): unknown {
  if (!body.length) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    // Not JSON: the status code alone decides; the body is only decoration.
    return undefined;
  }
}
