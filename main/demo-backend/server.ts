import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { timingSafeEqual, createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import createDebug from 'debug';
import { Router, sendError } from './router.js';
import { SubmissionStore } from './submission-store.js';
import { registerSubmissionRoutes, type SubmissionBody } from './submissions-route.js';
import { registerRegistryRoutes } from './registry-routes.js';
import { registerHeartbeatRoutes } from './heartbeat-routes.js';
import { registerServiceRoutes } from './service-routes.js';
import { registerECertificateRoutes } from './e-certificate-routes.js';
import { departmentRefusal } from './department-checks.js';
import { registerMaterialsRoutes } from './materials-routes.js';

const debug = createDebug('kiosk:demo-backend');

/** What a later issue's routes get to work with. */
export interface DemoBackendContext {
  dataDir: string;
  /** The demo back end's own database; create your own tables (`CREATE TABLE IF NOT EXISTS …`). */
  db: Database.Database;
  /** True when the `Authorization` header carries the configured bearer token. */
  authorized(authHeader: string | undefined): boolean;
  /** Called for every newly stored submission (e.g. the registry files the license print audits the kiosks queued). */
  onSubmission(listener: (body: SubmissionBody) => void): void;
}

/** Adds routes to the demo back end, e.g. `(r, ctx) => r.get('/v1/licenses/:uscc', …)`. */
export type RouteRegistrar = (router: Router, ctx: DemoBackendContext) => void;

const registrars: RouteRegistrar[] = [];

/** Register routes for every demo back end started afterwards (the extension point for later issues). */
export function registerRoutes(registrar: RouteRegistrar): void {
  registrars.push(registrar);
}

export interface DemoBackendOptions {
  /** Its SQLite file is `<dataDir>/demo-backend.sqlite`. */
  dataDir: string;
  /** The bearer token clients must send. */
  token: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Extra routes for this instance only, after the registered ones. */
  routes?: RouteRegistrar[];
}

export interface DemoBackend {
  /** `http://127.0.0.1:PORT` (no trailing slash): use as `backend.url`. */
  url: string;
  port: number;
  /** Stop listening, drop keep-alive connections and close the database. */
  close(): Promise<void>;
}

/** Start the embedded demo back end implementing the sync API (docs/protocol.md §4) on 127.0.0.1 only. */
export async function startDemoBackend(options: DemoBackendOptions): Promise<DemoBackend> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(join(options.dataDir, 'demo-backend.sqlite'), { timeout: 5000 });
  const expected = createHash('sha256').update(`Bearer ${options.token}`).digest();
  const authorized = (h: string | undefined) => h !== undefined && timingSafeEqual(createHash('sha256').update(h).digest(), expected);
  const router = new Router();
  let server: Server | undefined;
  try {
    const store = new SubmissionStore(db);
    const submissionListeners: ((body: SubmissionBody) => void)[] = [];
    registerSubmissionRoutes(router, { store, authorized, onCreated: (b) => submissionListeners.forEach((l) => l(b)), refuse: departmentRefusal });
    const ctx: DemoBackendContext = { dataDir: options.dataDir, db, authorized, onSubmission: (l) => submissionListeners.push(l) };
    for (const r of [registerRegistryRoutes, registerHeartbeatRoutes, registerServiceRoutes, registerECertificateRoutes, registerMaterialsRoutes, ...registrars, ...(options.routes ?? [])]) r(router, ctx);

    const sockets = new Set<Socket>();
    const srv = createServer((req, res) => {
      router.handle(req, res).catch((e: unknown) => {
        debug('%s %s failed: %s', req.method, req.url, e instanceof Error ? e.message : String(e));
        if (!res.headersSent) sendError(res, 500, 'internal', 'internal error');
        else res.destroy();
      });
    });
    server = srv;
    srv.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(options.port ?? 0, '127.0.0.1', () => {
        srv.off('error', reject);
        resolve();
      });
    });
    const port = (srv.address() as AddressInfo).port;
    debug('listening on 127.0.0.1:%d', port);
    let closing: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      close() {
        closing ??= new Promise<void>((resolve, reject) => {
          srv.close((err) => {
            db.close();
            if (err) reject(err);
            else resolve();
          });
          for (const s of sockets) s.destroy();
        });
        return closing;
      },
    };
  } catch (e) {
    server?.close();
    db.close();
    throw e;
  }
}
