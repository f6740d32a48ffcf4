import createDebug from 'debug';
import { KioskError } from '../../contracts/errors.js';

const log = createDebug('kiosk:backend');

/** Options of {@link BackendClient}. */
export interface BackendClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash needed). */
  url: string;
  /** Bearer token sent with every request. */
  token: string;
  /** Per-request timeout in ms; default 10 000. */
  timeoutMs?: number;
}

/**
 * The host's client for the back end's lookup routes (the sync API has its own client in
 * offline-queue/). Failures become KioskErrors with codes the renderer turns into plain words:
 * `not-found` (no record), `timeout`, `backend-error` (unreachable or refused; retryable when it
 * may work later), `cancelled` when the caller gave up. Never logs bodies (they hold ID numbers).
 */
export class BackendClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: BackendClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** True when `GET /v1/health` answers 200 within `timeoutMs` (for the citizen's "saved offline" wording). */
  async reachable(timeoutMs = 1500): Promise<boolean> {
    try {
      const res = await fetch(`${this.base}/v1/health`, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      return res.ok;
    } catch (e) {
      log('health check failed: %s', (e as Error).message);
      return false;
    }
  }

  async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; body: T }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(body),
        signal: combined,
      });
    } catch (e) {
      if (signal?.aborted) throw new KioskError('cancelled', 'cancelled', false, { cause: e });
      if (timeout.aborted) throw new KioskError('timeout', `back end did not answer within ${this.timeoutMs} ms`, true, { cause: e });
      throw new KioskError('backend-error', `back end unreachable: ${(e as Error).message}`, true, { cause: e });
    }
    const text = await res.text();
    log('POST %s → %d in %d ms', path, res.status, Date.now() - started);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch (e) {
      throw new KioskError('backend-error', `back end answered ${res.status} with a body that is not JSON`, res.status >= 500, { cause: e });
    }
    if (res.ok) return { status: res.status, body: parsed as T };
    const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    const message = `back end answered ${res.status}${err?.code ? ` ${err.code}` : ''}${err?.message ? `: ${err.message}` : ''}`;
    if (res.status === 404) throw new KioskError('not-found', message, false);
    if (res.status === 401 || res.status === 403) throw new KioskError('forbidden', message, false);
    throw new KioskError('backend-error', message, res.status >= 500 || res.status === 429);
  }
}
