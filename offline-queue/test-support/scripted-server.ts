import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A back end for tests that answers `POST /v1/submissions` as a script says, while keeping a
 * faithful idempotent store underneath (so "stored, then the answer was lost" can be staged).
 * It records every request's exact body bytes, and counts how often each id was newly stored.
 */
export type ScriptAction =
  /** Behave like a correct back end (201 / 200 / 422). */
  | { kind: 'normal' }
  /** Answer this status without storing; optional headers and JSON body. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Store the submission, then reset the connection before any answer. */
  | { kind: 'store-then-reset' }
  /** Reset the connection without storing. */
  | { kind: 'reset' }
  /** Never answer (the client's timeout must fire). */
  | { kind: 'hang' }
  /** Answer normally after a delay. */
  | { kind: 'delay'; ms: number };

export interface RecordedRequest {
  id: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
  at: number;
}

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** id → canonical body as first stored. */
  stored: Map<string, string>;
  /** id → how many times a new record was created for it (must never exceed 1). */
  created: Map<string, number>;
  /** Requests that reused a key with a different body. */
  conflicts: number;
  healthRequests: number;
  /** Next health answers; when empty, 200. */
  healthScript: number[];
  close(): Promise<void>;
}

export async function startScriptedServer(
  script: (req: RecordedRequest, n: number) => ScriptAction,
  options: { token?: string } = {},
): Promise<ScriptedServer> {
  const token = options.token ?? 'test-token';
  const sockets = new Set<Socket>();
  const state: Omit<ScriptedServer, 'url' | 'close'> = { requests: [], stored: new Map(), created: new Map(), conflicts: 0, healthRequests: 0, healthScript: [] };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const storeNormally = (r: RecordedRequest): { status: number; body: unknown } => {
    if (r.authorization !== `Bearer ${token}`) return { status: 401, body: { error: { code: 'unauthorized' } } };
    let parsed: { id?: unknown };
    try {
      parsed = JSON.parse(r.body.toString('utf8')) as { id?: unknown };
    } catch {
      return { status: 400, body: { error: { code: 'malformed' } } };
    }
    if (typeof parsed.id !== 'string' || parsed.id !== r.id) return { status: 400, body: { error: { code: 'malformed' } } };
    const text = r.body.toString('utf8');
    const old = state.stored.get(parsed.id);
    if (old === undefined) {
      state.stored.set(parsed.id, text);
      state.created.set(parsed.id, (state.created.get(parsed.id) ?? 0) + 1);
      return { status: 201, body: { id: parsed.id, receivedAt: new Date().toISOString(), receiptNo: `T-${state.stored.size}` } };
    }
    if (old !== text) {
      state.conflicts++;
      return { status: 422, body: { error: { code: 'idempotency-key-reused' } } };
    }
    return { status: 200, body: { id: parsed.id, receivedAt: new Date().toISOString(), receiptNo: 'T-replay' } };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (req.method === 'GET' && req.url === '/v1/health') {
      state.healthRequests++;
      const status = state.healthScript.shift() ?? 200;
      return json(res, status, { status: status === 200 ? 'ok' : 'down' });
    }
    if (req.method !== 'POST' || req.url !== '/v1/submissions') return json(res, 404, { error: { code: 'not-found' } });
    const key = req.headers['idempotency-key'];
    const r: RecordedRequest = {
      id: typeof key === 'string' ? key : undefined,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
      at: Date.now(),
    };
    state.requests.push(r);
    const action = script(r, state.requests.length);
    switch (action.kind) {
      case 'normal': {
        const a = storeNormally(r);
        return json(res, a.status, a.body);
      }
      case 'delay':
        setTimeout(() => {
          const a = storeNormally(r);
          json(res, a.status, a.body);
        }, action.ms);
        return;
      case 'status':
        return json(res, action.status, action.body ?? {}, action.headers);
      case 'store-then-reset':
        storeNormally(r);
        req.socket.destroy();
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
