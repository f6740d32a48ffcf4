import http from 'node:http';
import https from 'node:https';
import createDebug from 'debug';
import { KioskError, type ErrorCode } from '../contracts/errors.js';

const debug = createDebug('kiosk:backend-http');

/** One HTTP answer from the back end. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** At most `maxAnswerBytes` of the response body. */
  body: Buffer;
}

export interface BackendHttpOptions {
  /** Back-end base URL, e.g. `http://127.0.0.1:8787` (a path prefix is kept). */
  url: string;
  /** Bearer token sent with every request. */
  token: string;
  /** Whole-request timeout (connect, send, full answer) in ms; default 10 000. */
  timeoutMs?: number;
  /** Sockets kept open to the back end (keep-alive); default 4. */
  maxSockets?: number;
  /** Answer bytes kept; the rest is read and dropped (bounded memory). Default 1 MiB. */
  maxAnswerBytes?: number;
  /** How errors name the far end ("back end", "registry"). */
  name?: string;
}

export interface SendOptions {
  headers?: http.OutgoingHttpHeaders;
  body?: Buffer | string;
  signal?: AbortSignal;
  /** This request's timeout instead of the client's. */
  timeoutMs?: number;
  /** {@link BackendHttp.json}: a route's own meaning of a status (the registry's 400 is a refused code). */
  codeFor?: Partial<Record<number, ErrorCode>>;
}

/**
 * The one HTTP core under every client of the back end (sync, heartbeat, lookups, the license
 * registry): bearer auth, a keep-alive pool, a whole-request timeout, cancellation, a bounded answer,
 * and one mapping of failures to {@link KioskError}s (docs/architecture.md §2):
 * - transport: `cancelled` (the caller gave up), `timeout` and `backend-error` (both retryable);
 * - status ({@link BackendHttp.json}): 404 `not-found`, 401/403 `forbidden`, others `backend-error`,
 *   retryable for 5xx and 429; an answer that is not JSON is a `backend-error`.
 * What to retry and when is the caller's policy (the sync worker's back-off, the heartbeat's next
 * period). Bodies are never logged (they hold ID numbers).
 */
export interface BackendHttp {
  send(method: 'GET' | 'POST', path: string, options?: SendOptions): Promise<HttpAnswer>;
  /** Send `body` as JSON (when given) and parse the answer; a non-2xx answer rejects (see above). */
  json<T>(method: 'GET' | 'POST', path: string, body?: unknown, options?: SendOptions): Promise<{ status: number; body: T }>;
  /** Close idle keep-alive sockets. */
  close(): void;
}

export function createBackendHttp(options: BackendHttpOptions): BackendHttp {
  const base = new URL(options.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new KioskError('bad-request', `back-end URL must be http(s), got ${base.protocol}`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const lib = base.protocol === 'https:' ? https : http;
  // Keep-alive: a drain of thousands of submissions reuses a few TCP (and TLS) connections.
  const agent = new lib.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 4, keepAliveMsecs: 1000 });
  const auth = `Bearer ${options.token}`;
  const maxAnswer = options.maxAnswerBytes ?? 1024 * 1024;
  const name = options.name ?? 'back end';

  const pool: Pool = { base, prefix, lib, agent, auth, maxAnswer, name, timeoutMs: options.timeoutMs ?? 10_000 };
  const send = (method: 'GET' | 'POST', path: string, o: SendOptions = {}) => sendRequest(pool, method, path, o);

  async function json<T>(method: 'GET' | 'POST', path: string, body?: unknown, o: SendOptions = {}): Promise<{ status: number; body: T }> {
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json', ...o.headers };
    let payload: Buffer | undefined;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const answer = await send(method, path, { ...o, headers, body: payload });
    let parsed: unknown = null;
    if (answer.body.length > 0) {
      try {
        parsed = JSON.parse(answer.body.toString('utf8'));
      } catch (e) {
        throw new KioskError('backend-error', `${name} answered ${answer.status} with a body that is not JSON`, answer.status >= 500, { cause: e });
      }
    }
    if (answer.status >= 200 && answer.status < 300) return { status: answer.status, body: parsed as T };
    throw statusError(answer.status, parsed, name, o.codeFor);
  }

  return { send, json, close: () => agent.destroy() };
}

/** One back end's connection pool and settings, shared by its requests. */
interface Pool {
  base: URL;
  prefix: string;
  lib: typeof http | typeof https;
  agent: http.Agent;
  auth: string;
  maxAnswer: number;
  name: string;
  timeoutMs: number;
}

function sendRequest(p: Pool, method: 'GET' | 'POST', path: string, o: SendOptions): Promise<HttpAnswer> {
  const url = new URL(`${p.prefix}${path}`, p.base);
  const timeoutMs = o.timeoutMs ?? p.timeoutMs;
  const signal = o.signal;
  const what = `${method} ${url.pathname}`;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (signal?.aborted) return reject(new KioskError('cancelled', `${what}: cancelled`));
    let settled = false;
    const finish = (err: Error | undefined, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(answer!);
    };
    const req = p.lib.request(url, { method, agent: p.agent, headers: { ...o.headers, Authorization: p.auth } });
    const timer = setTimeout(() => {
      const err = new KioskError('timeout', `${what}: ${p.name} gave no complete answer within ${timeoutMs} ms`, true);
      finish(err);
      req.destroy(err);
    }, timeoutMs);
    const onAbort = () => {
      const err = new KioskError('cancelled', `${what}: cancelled`);
      finish(err);
      req.destroy(err);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: NodeJS.ErrnoException) => {
      debug('%s failed: %s', what, e.code ?? e.message);
      finish(new KioskError('backend-error', `${what}: ${p.name} unreachable (${e.code ?? e.message})`, true, { cause: e }));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < p.maxAnswer) chunks.push(c.subarray(0, p.maxAnswer - size));
        size += c.length;
      });
      // A status line followed by a cut-off body is treated like a reset: retryable.
      res.on('error', (e: NodeJS.ErrnoException) => finish(new KioskError('backend-error', `${what}: answer cut off (${e.code ?? e.message})`, true, { cause: e })));
      res.on('aborted', () => finish(new KioskError('backend-error', `${what}: answer cut off`, true)));
      res.on('end', () => {
        debug('%s → %d', what, res.statusCode);
        finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(o.body);
  });
}

/** The error for a non-2xx answer; `body` is the parsed answer (`{error:{code,message}}` when the back end follows docs/protocol.md §4). */
export function statusError(status: number, body: unknown, name = 'back end', codeFor: Partial<Record<number, ErrorCode>> = {}): KioskError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof err?.code === 'string' ? ` ${err.code}` : '';
  const detail = typeof err?.message === 'string' ? `: ${err.message}` : '';
  const message = `${name} answered ${status}${code}${detail}`;
  const own = codeFor[status];
  if (own) return new KioskError(own, message, false);
  if (status === 404) return new KioskError('not-found', message, false);
  if (status === 401 || status === 403) return new KioskError('forbidden', message, false);
  return new KioskError('backend-error', message, status >= 500 || status === 429);
}
