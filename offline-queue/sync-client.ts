import { createBackendHttp, type HttpAnswer } from '../backend-gateway/http-core.js';

export type { HttpAnswer } from '../backend-gateway/http-core.js';

/** The two requests of docs/protocol.md §4, over one keep-alive connection pool. */
export interface SyncHttpClient {
  /**
   * `POST {url}/v1/submissions` with the stored body bytes, verbatim.
   * @throws KioskError `backend-error` (retryable) on refused/reset connections, `timeout` when no
   *   complete answer came in time, `cancelled` when `signal` aborted.
   */
  postSubmission(id: string, body: Buffer, signal?: AbortSignal): Promise<HttpAnswer>;
  /** `GET {url}/v1/health`; same errors. */
  health(signal?: AbortSignal): Promise<HttpAnswer>;
  /** Close idle keep-alive sockets. */
  close(): void;
}

export interface SyncHttpClientOptions {
  /** Back-end base URL, e.g. `http://127.0.0.1:8787` (a path prefix is kept). */
  url: string;
  /** Bearer token sent with every request. */
  token: string;
  /** Sockets kept open to the back end; default 4. */
  maxSockets?: number;
  /** Whole-request timeout (connect, send, full answer) in ms; default 30000. */
  timeoutMs?: number;
}

/** The answer's body is only read for its receipt or error: more than this is never needed. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The sync worker's client, on the one back-end HTTP core. Status codes are not errors here: the
 * sync worker's answer policy decides what each means for the stored submission. A status line
 * followed by a cut-off body is treated like a reset: the retry is safe because the idempotency key
 * makes the back end answer 200 with the stored result.
 */
export function createSyncHttpClient(options: SyncHttpClientOptions): SyncHttpClient {
  const core = createBackendHttp({ url: options.url, token: options.token, maxSockets: options.maxSockets ?? 4, timeoutMs: options.timeoutMs ?? 30_000, maxAnswerBytes: MAX_ANSWER_BYTES });
  return {
    postSubmission(id, body, signal) {
      return core.send('POST', '/v1/submissions', { headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Idempotency-Key': id }, body, signal });
    },
    health(signal) {
      return core.send('GET', '/v1/health', { signal });
    },
    close() {
      core.close();
    },
  };
}
