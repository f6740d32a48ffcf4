import http from 'node:http';
import https from 'node:https';
import createDebug from 'debug';
import { KioskError } from '../contracts/errors.js';

const debug = createDebug('kiosk:sync-http');

/** One HTTP answer from the back end. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most 64 KiB of the response body. */
  body: Buffer;
}

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

const MAX_ANSWER_BYTES = 64 * 1024;

export function createSyncHttpClient(options: SyncHttpClientOptions): SyncHttpClient {
  const base = new URL(options.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new KioskError('bad-request', `back-end URL must be http(s), got ${base.protocol}`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const endpoint = (p: string) => new URL(`${prefix}${p}`, base);
  const lib = base.protocol === 'https:' ? https : http;
  // Keep-alive: a drain of thousands of submissions reuses a few TCP (and TLS) connections.
  const agent = new lib.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 4, keepAliveMsecs: 1000 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const auth = `Bearer ${options.token}`;

  function send(method: 'GET' | 'POST', url: URL, headers: http.OutgoingHttpHeaders, body: Buffer | undefined, signal?: AbortSignal): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve, reject) => {
      if (signal?.aborted) return reject(new KioskError('cancelled', `${method} ${url.pathname}: cancelled`));
      let settled = false;
      const finish = (err: Error | undefined, answer?: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(answer!);
      };
      const req = lib.request(url, { method, agent, headers: { ...headers, Authorization: auth } });
      const timer = setTimeout(() => {
        const err = new KioskError('timeout', `${method} ${url.pathname}: no complete answer within ${timeoutMs} ms`, true);
        finish(err);
        req.destroy(err);
      }, timeoutMs);
      const onAbort = () => {
        const err = new KioskError('cancelled', `${method} ${url.pathname}: cancelled`);
        finish(err);
        req.destroy(err);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e: NodeJS.ErrnoException) => {
        debug('%s %s failed: %s', method, url.pathname, e.code ?? e.message);
        finish(new KioskError('backend-error', `${method} ${url.pathname}: ${e.code ?? e.message}`, true, { cause: e }));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(c.subarray(0, MAX_ANSWER_BYTES - size));
          size += c.length;
        });
        // A status line followed by a cut-off body is treated like a reset: the retry is safe
        // because the idempotency key makes the back end answer 200 with the stored result.
        res.on('error', (e: NodeJS.ErrnoException) =>
          finish(new KioskError('backend-error', `${method} ${url.pathname}: answer cut off (${e.code ?? e.message})`, true, { cause: e })),
        );
        res.on('aborted', () => finish(new KioskError('backend-error', `${method} ${url.pathname}: answer cut off`, true)));
        res.on('end', () => {
          debug('%s %s → %d', method, url.pathname, res.statusCode);
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.end(body);
    });
  }

  return {
    postSubmission(id, body, signal) {
      return send(
        'POST',
        endpoint('/v1/submissions'),
        { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Idempotency-Key': id },
        body,
        signal,
      );
    },
    health(signal) {
      return send('GET', endpoint('/v1/health'), {}, undefined, signal);
    },
    close() {
      agent.destroy();
    },
  };
}
