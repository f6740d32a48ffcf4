import createDebug from 'debug';
import { createBackendHttp, type BackendHttp } from '../../backend-gateway/http-core.js';

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
 * The host's client for the back end's lookup routes, on the one back-end HTTP core
 * (backend-gateway/http-core.ts, which maps failures to the codes the renderer turns into plain
 * words: `not-found`, `forbidden`, `timeout`, `backend-error`, `cancelled`).
 */
export class BackendClient {
  private readonly http: BackendHttp;

  constructor(options: BackendClientOptions) {
    this.http = createBackendHttp({ url: options.url, token: options.token, timeoutMs: options.timeoutMs ?? 10_000 });
  }

  /** True when `GET /v1/health` answers 200 within `timeoutMs` (for the citizen's "saved offline" wording). */
  async reachable(timeoutMs = 1500): Promise<boolean> {
    try {
      const { status } = await this.http.send('GET', '/v1/health', { timeoutMs });
      return status >= 200 && status < 300;
    } catch (e) {
      log('health check failed: %s', (e as Error).message);
      return false;
    }
  }

  async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; body: T }> {
    const started = Date.now();
    const r = await this.http.json<T>('POST', path, body, { signal });
    log('POST %s → %d in %d ms', path, r.status, Date.now() - started);
    return r;
  }

  /** Close idle keep-alive sockets. */
  close(): void {
    this.http.close();
  }
}
